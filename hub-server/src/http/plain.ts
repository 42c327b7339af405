/**
 * The plain-HTTP listener of a hub that serves HTTPS (config `tls.httpPort`, issue 14 item 4).
 *
 * It redirects everything to HTTPS (308: the method and body are kept) except what the public
 * ticket status page needs, which carries no credential and must open on a citizen's phone —
 * phones do not trust the ward CA:
 * - `/t/<id>` (the ticket's QR), the kiosk app it redirects to (`/kiosk/…`, static files only)
 *   and `/api/tickets/<id>`;
 * - `/socket.io/`, the status page's live updates: on this listener the gateway admits only
 *   anonymous sockets and refuses signing in and pairing (realtime/gateway.ts), so no PIN,
 *   password or token ever crosses the LAN in clear;
 * - `/ca.crt`, the ward CA's certificate (public) for a technician setting up a device, who
 *   compares its fingerprint with the one `motcua-hub cert` prints.
 *
 * Requests go through the same Fastify instance (`routing`), so the same security headers apply;
 * the redirect itself is an onRequest hook of that instance (`registerHttpsRedirect`).
 */
import { createServer, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { TLSSocket } from 'node:tls';
import type { HubHttp } from './routes';
import type { HubServer } from '../realtime/types';

const SOCKET_PATH = '/socket.io/';

/** Whether a path may be answered over plain HTTP (see above). */
export function isPlainHttpPath(url: string): boolean {
  const path = url.split('?')[0] ?? '';
  return /^\/t\/[^/]+$/.test(path) || path === '/kiosk' || path.startsWith('/kiosk/') || /^\/api\/tickets\/[^/]+$/.test(path) || path.startsWith(SOCKET_PATH) || path === '/ca.crt';
}

/** True if the request reached the hub over TLS. */
export function isEncrypted(raw: { socket: unknown }): boolean {
  return raw.socket instanceof TLSSocket;
}

/**
 * On a TLS hub, answers a plain-HTTP request outside `isPlainHttpPath` with a 308 to the same
 * path on HTTPS (port `httpsPort()`).
 */
export function registerHttpsRedirect(app: HubHttp, httpsPort: () => number): void {
  app.addHook('onRequest', (req, reply, done) => {
    if (isEncrypted(req.raw) || isPlainHttpPath(req.url)) {
      done();
      return;
    }
    let host: string;
    try {
      host = new URL(`http://${req.headers.host ?? ''}`).hostname;
    } catch {
      host = '';
    }
    if (!host) {
      void reply.code(400).type('text/plain; charset=utf-8').send('Thiếu tiêu đề Host. (Missing Host header.)');
      return;
    }
    const port = httpsPort();
    void reply.redirect(`https://${host}${port === 443 ? '' : `:${port}`}${req.url}`, 308);
  });
}

/** The plain-HTTP server: HTTP requests through `app`, socket.io requests to `io`'s engine. */
export function createPlainServer(app: HubHttp, io: HubServer): Server {
  const server = createServer((req, res) => {
    if ((req.url ?? '').startsWith(SOCKET_PATH)) io.engine.handleRequest(req, res);
    else app.routing(req, res);
  });
  server.on('upgrade', (req, socket: Duplex, head: Buffer) => {
    if ((req.url ?? '').startsWith(SOCKET_PATH)) io.engine.handleUpgrade(req, socket, head);
    else socket.destroy();
  });
  return server;
}
