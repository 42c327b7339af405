/**
 * HTTP beside socket.io: the built web apps at /kiosk, /counter, /display, /manager, a health
 * check, and the ticket status page a ticket's QR opens (/t/<id>, redirecting to the kiosk app's
 * status view).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { Hub } from '../hub';

const APPS = ['kiosk', 'counter', 'display', 'manager'] as const;

export function registerHttp(hub: Hub, publicDir: string): void {
  const app = hub.http;
  app.get('/healthz', () => ({ ok: true, hubId: hub.config.hubId, seq: hub.events.lastSeq(), now: hub.clock.now() }));

  app.get<{ Params: { id: string } }>('/api/tickets/:id', (req, reply) => {
    const r = hub.ticketStatus(req.params.id);
    return reply.code(r.ok ? 200 : 404).send(r);
  });

  app.get<{ Params: { id: string } }>('/t/:id', (req, reply) => reply.redirect(`/kiosk/#/t/${encodeURIComponent(req.params.id)}`));

  app.get('/', (_req, reply) => reply.type('text/html; charset=utf-8').send(indexPage(hub)));

  let first = true;
  for (const name of APPS) {
    const root = join(publicDir, name);
    if (!existsSync(join(root, 'index.html'))) {
      app.get(`/${name}`, (_req, reply) => reply.code(503).type('text/plain; charset=utf-8').send(`Ứng dụng ${name} chưa được build. Chạy: npm run build:web\n(${name} app not built: run npm run build:web)`));
      continue;
    }
    void app.register(fastifyStatic, { root, prefix: `/${name}/`, decorateReply: first, index: ['index.html'] });
    first = false;
    app.get(`/${name}`, (_req, reply) => reply.redirect(`/${name}/`));
  }
}

function indexPage(hub: Hub): string {
  const name = hub.config.centre.name;
  const links = APPS.map((a) => `<li><a href="/${a}/">/${a}</a></li>`).join('');
  return `<!doctype html><html lang="vi"><meta charset="utf-8"><title>Một Cửa — ${name.vi}</title><body style="font-family:sans-serif"><h1>Một Cửa</h1><p>${name.vi}<br><small>${name.en}</small></p><ul>${links}</ul></body></html>`;
}
