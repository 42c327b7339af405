/**
 * HTTP beside socket.io: the built web apps at /kiosk, /counter, /display, /manager, a health
 * check, and the ticket status page a ticket's QR opens (/t/<id>, redirecting to the kiosk app's
 * status view).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { LocalizedText, Result, TicketStatus } from '@motcua/shared';
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
  /** The ward CA certificate (PEM) of a TLS hub, served at /ca.crt for setting up devices; null without TLS. */
  caCert: string | null;
}

export type HubHttp = FastifyInstance<Server, IncomingMessage, ServerResponse, Logger>;

const APPS = ['kiosk', 'counter', 'display', 'manager'] as const;

export function registerHttp(app: HubHttp, hub: HttpDeps, publicDir: string): void {
  app.get('/healthz', () => ({ ok: true, hubId: hub.hubId, seq: hub.lastSeq(), now: hub.now() }));

  app.get<{ Params: { id: string } }>('/api/tickets/:id', (req, reply) => {
    const r = hub.ticketStatus(req.params.id);
    return reply.code(r.ok ? 200 : 404).send(r);
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
