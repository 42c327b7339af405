/**
 * HTTP beside socket.io: the built web apps at /kiosk, /counter, /display, /manager, a health
 * check, and the ticket status page a ticket's QR opens (/t/<id>, redirecting to the kiosk app's
 * status view), and a booking made from home by its code (`/api/public/bookings/<code>`, so the
 * citizen's QR works at the centre while the city is unreachable).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { AppointmentCode, type HubPublicBooking, type LocalizedText, type Result, type TicketStatus } from '@motcua/shared';
import { say } from '../i18n';
import type { Logger } from '../logger';

/** What the HTTP side needs of the hub. */
export interface HttpDeps {
  hubId: string;
  centreName: LocalizedText;
  /** The seq of the last event written (health check). */
  lastSeq(): number;
  now(): number;
  ticketStatus(ticketId: string): Result<TicketStatus>;
  /** A home booking by its code (city → hub channel), or null when none has arrived under it. */
  publicBooking(code: string): HubPublicBooking | null;
  /** The ward CA certificate (PEM) of a TLS hub, served at /ca.crt for setting up devices; null without TLS. */
  caCert: string | null;
}

export type HubHttp = FastifyInstance<Server, IncomingMessage, ServerResponse, Logger>;

/** Look-ups of a booking by code per address and minute (against enumeration). */
export const PUBLIC_BOOKING_LOOKUPS_PER_MIN = 30;

const APPS = ['kiosk', 'counter', 'display', 'manager'] as const;

export function registerHttp(app: HubHttp, hub: HttpDeps, publicDir: string): void {
  app.get('/healthz', () => ({ ok: true, hubId: hub.hubId, seq: hub.lastSeq(), now: hub.now() }));

  app.get<{ Params: { id: string } }>('/api/tickets/:id', (req, reply) => {
    const r = hub.ticketStatus(req.params.id);
    return reply.code(r.ok ? 200 : 404).send(r);
  });

  // A home booking by its code: no session; rate-limited per address so codes cannot be enumerated
  // (a code is ≥ 50 random bits; 30 tries a minute per address). Only home bookings are shown, with
  // the initials of the name and nothing else of the citizen.
  // (rate-limiter-flexible, as the sign-in throttle, services/throttle.ts)
  const lookups = new RateLimiterMemory({ keyPrefix: 'booking-lookup', points: PUBLIC_BOOKING_LOOKUPS_PER_MIN, duration: 60 });
  app.get<{ Params: { code: string } }>('/api/public/bookings/:code', async (req, reply) => {
    void reply.header('cache-control', 'no-store').header('access-control-allow-origin', '*');
    try {
      await lookups.consume(req.ip);
    } catch (e) {
      const wait = e instanceof RateLimiterRes ? e.msBeforeNext : 60_000;
      return reply
        .code(429)
        .header('retry-after', String(Math.ceil(wait / 1000)))
        .send({ ok: false, error: { code: 'rate_limited', message: `${say('vi', 'tooManyLookups')} / ${say('en', 'tooManyLookups')}`, retryAfterMs: wait } });
    }
    const code = req.params.code.toUpperCase();
    const b = AppointmentCode.safeParse(code).success ? hub.publicBooking(code) : null;
    if (!b) return reply.code(404).send({ ok: false, error: { code: 'not_found', message: `${say('vi', 'bookingNotFound')} / ${say('en', 'bookingNotFound')}` } });
    return reply.send({ ok: true, data: b });
  });

  app.get<{ Params: { id: string } }>('/t/:id', (req, reply) => reply.redirect(`/kiosk/#/t/${encodeURIComponent(req.params.id)}`));

  const ca = hub.caCert;
  if (ca !== null) app.get('/ca.crt', (_req, reply) => reply.type('application/x-pem-file').header('content-disposition', 'attachment; filename="ward-ca.crt"').send(ca));

  app.get('/', (_req, reply) => reply.type('text/html; charset=utf-8').send(indexPage(hub.centreName)));

  let first = true;
  for (const name of APPS) {
    const root = join(publicDir, name);
    if (!existsSync(join(root, 'index.html'))) {
      app.get(`/${name}`, (_req, reply) => reply.code(503).type('text/plain; charset=utf-8').send(`${say('vi', 'appNotBuilt', { name })}\n(${say('en', 'appNotBuilt', { name })})`));
      continue;
    }
    void app.register(fastifyStatic, { root, prefix: `/${name}/`, decorateReply: first, index: ['index.html'] });
    first = false;
    app.get(`/${name}`, (_req, reply) => reply.redirect(`/${name}/`));
  }
}

function indexPage(name: LocalizedText): string {
  const links = APPS.map((a) => `<li><a href="/${a}/">/${a}</a></li>`).join('');
  return `<!doctype html><html lang="vi"><meta charset="utf-8"><title>Một Cửa — ${name.vi}</title><body style="font-family:sans-serif"><h1>Một Cửa</h1><p>${name.vi}<br><small>${name.en}</small></p><ul>${links}</ul></body></html>`;
}
