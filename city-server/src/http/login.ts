/**
 * Staff sign-in and sign-out of the city dashboard. The form works without JavaScript
 * (POST /login, urlencoded, then a redirect); scripts and tests use the same route with JSON
 * (`{ username, password }` → `{ ok, data: { username, role } }`). The session travels only in the
 * HttpOnly, SameSite=Strict cookie (`Secure` when served over TLS).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { SESSION_COOKIE } from '../auth/auth';
import type { CityServer } from '../server';
import { t, type Lang } from '../i18n';
import { loginPage } from './dashboard';

const LoginBody = z.object({
  username: z.string().max(100),
  password: z.string().max(200),
  next: z.string().max(2000).optional(),
  lang: z.enum(['vi', 'en']).optional(),
});

/** A page (HTML) rather than an API or a live fragment. */
export const isPage = (url: string): boolean => !url.startsWith('/api/') && !url.startsWith('/fragment/');

/** Where to go after sign-in: a path of this site only (never `//host` or a full URL). */
export const safeNext = (next: string | undefined): string => (next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/');

/** A browser's state-changing request from another site is refused (SameSite=Strict already keeps the cookie away). */
export function sameOrigin(req: FastifyRequest): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

const wantsJson = (req: FastifyRequest): boolean => (req.headers['content-type'] ?? '').includes('application/json');
const langOf = (req: FastifyRequest, body?: { lang?: Lang | undefined }): Lang => (body?.lang ?? (req.query as { lang?: string }).lang) === 'en' ? 'en' : 'vi';

export function registerLogin(app: FastifyInstance, city: CityServer): void {
  const secureCookie = (req: FastifyRequest): boolean => req.protocol === 'https';

  app.get('/login', async (req, reply) => {
    const q = req.query as { next?: string };
    const user = await city.auth.session(req.cookies[SESSION_COOKIE]);
    if (user) return reply.redirect(safeNext(q.next), 303);
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(loginPage(langOf(req), { next: safeNext(q.next), error: null }));
  });

  app.post('/login', async (req, reply) => {
    const json = wantsJson(req);
    const parsed = LoginBody.safeParse(req.body);
    const lang = langOf(req, parsed.success ? parsed.data : undefined);
    const refuse = (status: number, code: string, message: string): FastifyReply =>
      json
        ? reply.code(status).send({ ok: false, error: { code, message } })
        : reply.code(status).type('text/html; charset=utf-8').send(loginPage(lang, { next: safeNext(parsed.success ? parsed.data.next : undefined), error: message }));
    if (!sameOrigin(req)) return refuse(403, 'forbidden', 'cross-origin sign-in refused');
    if (!parsed.success) return refuse(400, 'invalid_payload', `${t('vi', 'loginMissing')} / ${t('en', 'loginMissing')}`);
    const r = await city.auth.login(parsed.data.username, parsed.data.password, req.ip);
    if (!r.ok) {
      if (r.code === 'locked_out') {
        void reply.header('retry-after', String(r.retryAfterSec));
        const n = Math.ceil(r.retryAfterSec / 60);
        return refuse(429, 'locked_out', `${t('vi', 'lockedOut', { n })} / ${t('en', 'lockedOut', { n })}`);
      }
      return refuse(401, 'bad_credentials', `${t('vi', 'badCredentials')} / ${t('en', 'badCredentials')}`);
    }
    void reply.setCookie(SESSION_COOKIE, r.token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: secureCookie(req),
      path: '/',
      maxAge: Math.floor(city.auth.limits.absoluteMs / 1000),
    });
    if (json) return { ok: true, data: { username: r.user.username, displayName: r.user.displayName, role: r.user.role } };
    return reply.redirect(safeNext(parsed.data.next), 303);
  });

  app.post('/logout', async (req, reply) => {
    if (!sameOrigin(req)) return reply.code(403).send({ ok: false, error: { code: 'forbidden', message: 'cross-origin request refused' } });
    const token = req.cookies[SESSION_COOKIE];
    if (token) await city.auth.logout(token, req.ip);
    void reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict', secure: secureCookie(req) });
    if (wantsJson(req)) return { ok: true, data: null };
    return reply.redirect('/login', 303);
  });

  app.get('/api/session', async (req, reply) => {
    const user = await city.auth.session(req.cookies[SESSION_COOKIE]);
    if (!user) return reply.code(401).send({ ok: false, error: { code: 'unauthenticated', message: `${t('vi', 'signInFirst')} / ${t('en', 'signInFirst')}` } });
    return { ok: true, data: { username: user.username, displayName: user.displayName, role: user.role, expiresAt: new Date(user.expiresAt).toISOString() } };
  });
}
