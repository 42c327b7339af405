/**
 * HTTP routes of the city server: sync ingest (signed per hub), the city → hub channel's pull
 * (signed), sign-in (login.ts), the staff scope (dashboard pages and fragments, /api/wards*,
 * /api/reports*: a session), the nearby-wards endpoint for kiosks, and admin (/api/admin/*: an
 * admin's session or the CLI's bearer token).
 */
import { timingSafeEqual } from 'node:crypto';
import { fastifyCookie } from '@fastify/cookie';
import { fastifyFormbody } from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { CITY_CHANNEL_PATHS, CalendarDay, SYNC_PATHS, addDays, type NearbyWard } from '@motcua/shared';
import { pullMessages } from '../channel/pull';
import type { CityServer } from '../server';
import { HubAdminError, HubRegistration } from '../hubs';
import { lastSlot, periodOfSlot, reportFileName, type Period } from '../reports/period';
import { buildWeeklyReport, reportCsv, reportXlsx } from '../reports/weekly';
import { overviewPage, reportPage, reportTable, wardDetail, wardPage, wardTable, type Lang } from './dashboard';
import { t } from '../i18n';
import { CityAuthError, NewCityUser, SESSION_COOKIE, type SessionUser } from '../auth/auth';
import { registerLogin, isPage, sameOrigin } from './login';
import { registerTeamRoutes, wardTeamSection } from './teams';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in staff member (set by the staff and admin scopes). */
    cityUser: SessionUser | null;
    /** Who an admin request acts as, for the audit: a username or 'admin-token'. */
    cityActor: string;
  }
}

const userOf = (req: FastifyRequest): SessionUser => {
  if (!req.cityUser) throw new Error('staff route without a session');
  return req.cityUser;
};

const langOf = (req: FastifyRequest): Lang => ((req.query as { lang?: string }).lang === 'en' ? 'en' : 'vi');

export function registerRoutes(app: FastifyInstance, city: CityServer): void {
  const { options } = city;
  void app.register(fastifyCookie);
  void app.register(fastifyFormbody, { bodyLimit: 4096 });
  app.decorateRequest('cityUser', null);
  app.decorateRequest('cityActor', '');
  const lateMin = options.lateThresholdMin;

  // ---------------------------------------------------------------- sync (signed, raw body)
  void app.register((sync, _opts, done) => {
    sync.removeContentTypeParser('application/json');
    sync.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: options.maxBatchBytes + 64 * 1024 }, (_req, body, done) => done(null, body));
    sync.setErrorHandler((err: { statusCode?: number; code?: string; message: string }, _req, reply) => {
      if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return reply.code(413).send({ ok: false, error: { code: 'batch_too_large', message: `body over ${options.maxBatchBytes} bytes; send fewer events per batch` } });
      const status = err.statusCode && err.statusCode < 500 ? err.statusCode : 500;
      return reply.code(status).send({ ok: false, error: { code: status < 500 ? 'invalid_batch' : 'internal', message: err.message } });
    });
    // Authenticate before reading the body: an unsigned client gets its refusal without the city
    // reading (or buffering) a byte of what it sends.
    sync.addHook('onRequest', async (req, reply) => {
      if (req.method !== 'POST') return;
      const refused = await city.ingest.checkHead('POST', SYNC_PATHS.batches, req.headers);
      if (refused) {
        req.log.warn({ hub: req.headers['x-motcua-hub'], error: refused.body.ok ? null : refused.body.error }, 'sync batch refused before its body');
        return reply.code(refused.status).header('connection', 'close').send(refused.body);
      }
    });
    sync.post(SYNC_PATHS.batches, async (req, reply) => {
      const body = typeof req.body === 'string' ? req.body : '';
      const out = await city.ingest.batch(SYNC_PATHS.batches, req.headers, body);
      if (!out.body.ok) req.log.warn({ hub: req.headers['x-motcua-hub'], error: out.body.error }, 'sync batch refused');
      return reply.code(out.status).send(out.body);
    });
    // The city → hub channel: the hub pulls the messages after its cursor (channel/pull.ts).
    sync.get(CITY_CHANNEL_PATHS.messages, async (req, reply) => {
      const out = await pullMessages(city.pool, city.ingest, city.clock, req.url, req.headers);
      if (!out.body.ok) req.log.warn({ hub: req.headers['x-motcua-hub'], error: out.body.error }, 'channel pull refused');
      return reply.code(out.status).header('cache-control', 'no-store').send(out.body);
    });
    sync.get(SYNC_PATHS.state, async (req, reply) => {
      const out = await city.ingest.state(SYNC_PATHS.state, req.headers);
      return reply.code(out.status).send(out.body);
    });
    done();
  });

  app.get('/healthz', async (_req, reply) => {
    try {
      await city.pool.query('SELECT 1');
      return { ok: true };
    } catch {
      return reply.code(503).send({ ok: false });
    }
  });

  // ---------------------------------------------------------------- sign-in (public)
  registerLogin(app, city);

  // ---------------------------------------------------------------- staff pages and APIs (a session)
  void app.register((staff, _opts, done) => {
    staff.addHook('onRequest', async (req, reply) => {
      const user = await city.auth.session(req.cookies[SESSION_COOKIE]);
      if (user) {
        req.cityUser = user;
        return;
      }
      // A page sends the browser to the sign-in form; an API or a fragment answers 401 (the
      // page's script then goes to the sign-in form itself).
      if (isPage(req.url)) return reply.redirect(`/login?next=${encodeURIComponent(req.url)}`, 303);
      return reply.code(401).send({ ok: false, error: { code: 'unauthenticated', message: `${t('vi', 'signInFirst')} / ${t('en', 'signInFirst')}` } });
    });
    staff.get('/', async (req, reply) => {
      const wards = await city.live.wards();
      return reply.type('text/html; charset=utf-8').send(overviewPage(langOf(req), wards, lateMin, city.clock.now(), userOf(req)));
    });
    staff.get('/fragment/wards', async (req, reply) => {
      const wards = await city.live.wards();
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(wardTable(langOf(req), wards, lateMin, city.clock.now()));
    });
    staff.get<{ Params: { hubId: string } }>('/ward/:hubId', async (req, reply) => {
      const d = await city.live.ward(req.params.hubId);
      if (!d) return reply.code(404).type('text/plain; charset=utf-8').send(`${t('vi', 'wardNotFound')} / ${t('en', 'wardNotFound')}`);
      const teams = wardTeamSection(langOf(req), await city.teams.assignments({ from: city.teams.today(), to: city.teams.today(), hubId: d.ward.hubId }));
      return reply.type('text/html; charset=utf-8').send(wardPage(langOf(req), d, lateMin, city.clock.now(), userOf(req), teams));
    });
    staff.get<{ Params: { hubId: string } }>('/fragment/ward/:hubId', async (req, reply) => {
      const d = await city.live.ward(req.params.hubId);
      if (!d) return reply.code(404).send('');
      const teams = wardTeamSection(langOf(req), await city.teams.assignments({ from: city.teams.today(), to: city.teams.today(), hubId: d.ward.hubId }));
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(wardDetail(langOf(req), d, lateMin, city.clock.now(), teams));
    });
    staff.get('/api/wards', async () => ({ ok: true, data: await city.live.wards() }));
    staff.get<{ Params: { hubId: string } }>('/api/wards/:hubId', async (req, reply) => {
      const d = await city.live.ward(req.params.hubId);
      if (!d) return reply.code(404).send({ ok: false, error: { code: 'not_found', message: `ward ${req.params.hubId}` } });
      return { ok: true, data: d };
    });

    // ---------------------------------------------------------------- weekly reports
    const ReportQuery = z.object({ from: CalendarDay.optional(), to: CalendarDay.optional(), format: z.enum(['xlsx', 'csv', 'json']).default('xlsx') });
    /** The period asked for (default: the last report's ISO week), or a refusal. */
    const periodOf = (query: unknown): { period: Period; format: 'xlsx' | 'csv' | 'json' } | string => {
      const q = ReportQuery.safeParse(query);
      if (!q.success) return 'from/to are YYYY-MM-DD; format is xlsx, csv or json';
      const def = periodOfSlot(lastSlot(city.clock.now()));
      const period: Period = { from: q.data.from ?? (q.data.to ? addDays(q.data.to, -6) : def.from), to: q.data.to ?? (q.data.from ? addDays(q.data.from, 6) : def.to) };
      if (period.from > period.to || addDays(period.from, 92) < period.to) return 'from must be before to, at most 93 days';
      return { period, format: q.data.format };
    };
    for (const path of ['/reports/weekly', '/fragment/reports/weekly']) {
      staff.get(path, async (req, reply) => {
        const p = periodOf(req.query);
        if (typeof p === 'string') return reply.code(400).type('text/plain; charset=utf-8').send(p);
        const report = await buildWeeklyReport(city.pool, p.period, city.clock.now(), lateMin);
        const lang = langOf(req);
        return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(path.startsWith('/fragment') ? reportTable(lang, report) : reportPage(lang, report, userOf(req)));
      });
    }
    staff.get('/api/reports/weekly', async (req, reply) => {
      const p = periodOf(req.query);
      if (typeof p === 'string') return reply.code(400).send({ ok: false, error: { code: 'invalid_payload', message: p } });
      const { period } = p;
      const q = { data: { format: p.format } };
      const report = await buildWeeklyReport(city.pool, period, city.clock.now(), lateMin);
      const name = reportFileName(period);
      if (q.data.format === 'json') return { ok: true, data: report };
      if (q.data.format === 'csv') return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}.csv"`).send(reportCsv(report));
      const xlsx = await reportXlsx(report);
      return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').header('content-disposition', `attachment; filename="${name}.xlsx"`).send(xlsx);
    });
    staff.get('/api/reports', async () => {
      const r = await city.pool.query<{ id: string; period_from: string; period_to: string; scheduled_for: Date | null; generated_at: Date }>(
        'SELECT id, period_from, period_to, scheduled_for, generated_at FROM city_reports ORDER BY id DESC LIMIT 100',
      );
      return {
        ok: true,
        data: r.rows.map((x) => ({ id: Number(x.id), from: x.period_from, to: x.period_to, scheduledFor: x.scheduled_for?.toISOString() ?? null, generatedAt: x.generated_at.toISOString(), csv: `/api/reports/${x.id}.csv`, xlsx: `/api/reports/${x.id}.xlsx` })),
      };
    });
    staff.get<{ Params: { file: string } }>('/api/reports/:file', async (req, reply) => {
      const m = /^(\d{1,15})\.(csv|xlsx)$/.exec(req.params.file);
      if (!m) return reply.code(404).send({ ok: false, error: { code: 'not_found', message: 'report <id>.csv or <id>.xlsx' } });
      const r = await city.pool.query<{ period_from: string; period_to: string; csv: string; xlsx: Buffer }>('SELECT period_from, period_to, csv, xlsx FROM city_reports WHERE id = $1', [m[1]]);
      const row = r.rows[0];
      if (!row) return reply.code(404).send({ ok: false, error: { code: 'not_found', message: `report ${m[1]}` } });
      const name = reportFileName({ from: row.period_from, to: row.period_to });
      if (m[2] === 'csv') return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}.csv"`).send(row.csv);
      return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').header('content-disposition', `attachment; filename="${name}.xlsx"`).send(row.xlsx);
    });
    done();
  });

  // ---------------------------------------------------------------- mobile support team (/teams: staff read, admins write)
  registerTeamRoutes(app, city);

  // ---------------------------------------------------------------- nearby wards (kiosks)
  const NearbyQuery = z.object({ ward: z.string().min(1).max(64), field: z.string().min(1).max(32), maxKm: z.coerce.number().positive().max(100).optional(), limit: z.coerce.number().int().min(1).max(20).optional() });
  app.get('/api/nearby', async (req, reply) => {
    void reply.header('access-control-allow-origin', '*');
    const q = NearbyQuery.safeParse(req.query);
    if (!q.success) return reply.code(400).send({ ok: false, error: { code: 'invalid_payload', message: 'query needs ward=<hub id>&field=<field code>' } });
    const data = await city.live.nearby(q.data.ward, q.data.field, { maxKm: q.data.maxKm ?? options.nearbyMaxKm, limit: q.data.limit ?? 5, staleAfterMs: options.nearbyStaleAfterMs });
    return { ok: true, data: { ...data, wards: await withBookingUrls(city, data.wards) } };
  });

  // ---------------------------------------------------------------- admin (hubs and keys)
  void app.register((admin, _opts, done) => {
    // An admin's session, or the admin bearer token (the CLI). A viewer sees everything but
    // changes nothing: every /api/admin/* answers it 403.
    admin.addHook('onRequest', async (req, reply) => {
      if (authorized(options.adminToken, req.headers.authorization)) {
        req.cityActor = 'admin-token';
        return;
      }
      const user = await city.auth.session(req.cookies[SESSION_COOKIE]);
      if (!user) return reply.code(401).send({ ok: false, error: { code: 'unauthenticated', message: `${t('vi', 'signInFirst')} / ${t('en', 'signInFirst')}` } });
      if (user.role !== 'admin') return reply.code(403).send({ ok: false, error: { code: 'forbidden', message: `${t('vi', 'viewerCannot')} / ${t('en', 'viewerCannot')}` } });
      if (req.method !== 'GET' && !sameOrigin(req)) return reply.code(403).send({ ok: false, error: { code: 'forbidden', message: 'cross-origin request refused' } });
      req.cityUser = user;
      req.cityActor = user.username;
    });
    admin.setErrorHandler((err: Error & { statusCode?: number }, _req, reply) => adminError(reply, err));
    admin.get('/api/admin/hubs', async () => ({ ok: true, data: await city.hubs.list() }));
    admin.post('/api/admin/hubs', async (req) => {
      const r = HubRegistration.omit({ key: true, keyId: true }).parse(req.body);
      return { ok: true, data: await city.hubs.register(r) };
    });
    admin.post<{ Params: { hubId: string } }>('/api/admin/hubs/:hubId/keys', async (req) => ({ ok: true, data: await city.hubs.addKey(req.params.hubId) }));
    admin.delete<{ Params: { hubId: string; keyId: string } }>('/api/admin/hubs/:hubId/keys/:keyId', async (req) => {
      await city.hubs.revokeKey(req.params.hubId, req.params.keyId);
      return { ok: true, data: null };
    });
    admin.delete<{ Params: { hubId: string } }>('/api/admin/hubs/:hubId', async (req) => {
      await city.hubs.deactivate(req.params.hubId);
      return { ok: true, data: null };
    });
    admin.get('/api/admin/users', async () => ({ ok: true, data: await city.auth.listUsers() }));
    admin.post('/api/admin/users', async (req) => ({ ok: true, data: await city.auth.createUser(NewCityUser.parse(req.body), req.cityActor, req.ip) }));
    admin.post<{ Params: { username: string } }>('/api/admin/users/:username/disable', async (req) => {
      await city.auth.disableUser(req.params.username, req.cityActor, req.ip);
      return { ok: true, data: null };
    });
    admin.post<{ Params: { username: string } }>('/api/admin/users/:username/unlock', async (req) => {
      await city.auth.throttle.unlock(req.params.username);
      await city.auth.audit('login.unlocked', req.params.username.toLowerCase(), req.cityActor, req.ip, null);
      return { ok: true, data: null };
    });
    admin.get('/api/admin/audit', async () => ({ ok: true, data: await city.auth.auditLog() }));
    admin.post('/api/admin/reports/weekly', async () => {
      const id = await city.scheduler.generateFor(lastSlot(city.clock.now()));
      return { ok: true, data: { id } };
    });
    done();
  });
}

function authorized(token: string | null, header: string | undefined): boolean {
  if (!token || !header?.startsWith('Bearer ')) return false;
  const a = Buffer.from(header.slice(7));
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function adminError(reply: FastifyReply, err: Error & { statusCode?: number }): FastifyReply {
  if (err instanceof CityAuthError) return reply.code(err.code === 'not_found' ? 404 : err.code === 'conflict' || err.code === 'last_admin' ? 409 : 400).send({ ok: false, error: { code: err.code, message: err.message } });
  if (err instanceof HubAdminError) return reply.code(err.code === 'not_found' ? 404 : err.code === 'conflict' ? 409 : 400).send({ ok: false, error: { code: err.code, message: err.message } });
  if (err instanceof z.ZodError) {
    const issue = err.issues[0];
    return reply.code(400).send({ ok: false, error: { code: 'invalid_payload', message: `${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}` } });
  }
  if (err.statusCode && err.statusCode < 500) return reply.code(err.statusCode).send({ ok: false, error: { code: 'invalid_payload', message: err.message } });
  return reply.code(500).send({ ok: false, error: { code: 'internal', message: 'internal error' } });
}

/**
 * Each nearby ward with the address of its page on the booking site, for the kiosk's QR: only when
 * the city knows its public address and the ward takes home bookings (its hub sent a booking setup
 * and some service has a counter), so a kiosk never shows a link that leads nowhere.
 */
async function withBookingUrls(city: CityServer, wards: readonly NearbyWard[]): Promise<NearbyWard[]> {
  const base = city.options.publicUrl;
  return Promise.all(
    wards.map(async (w) => {
      if (!base) return { ...w, bookingUrl: null };
      const b = await city.bookings.ward(w.hubId);
      const bookable = b !== null && b.setup !== null && b.services.some((s) => s.counters > 0);
      return { ...w, bookingUrl: bookable ? new URL(`dat-lich/p/${encodeURIComponent(w.hubId)}`, base.endsWith('/') ? base : `${base}/`).href : null };
    }),
  );
}
