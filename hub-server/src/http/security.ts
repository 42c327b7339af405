/**
 * Security headers on every HTTP answer and the Origin check on sockets (issue 14, items 7 and 10).
 *
 * Headers (@fastify/helmet, on every route, static files, redirects and 404s):
 * - a Content-Security-Policy with no inline or eval'd script: the built apps load one module
 *   script from their own origin. Inline styles stay allowed (React's `style` props, the index
 *   page); `frame-ancestors 'none'` (and X-Frame-Options DENY) so no page can frame the hub;
 * - `X-Content-Type-Options: nosniff`, `Referrer-Policy: no-referrer` (a URL never leaves in a
 *   Referer), Cross-Origin-Opener/Resource-Policy same-origin.
 * - No Strict-Transport-Security and no `upgrade-insecure-requests`: the ticket status page is
 *   served on plain HTTP to citizens' phones, which do not trust the ward CA (http/tls.ts);
 *   everything else is redirected to HTTPS by the plain listener itself (http/plain.ts).
 *
 * Sockets: a browser always sends Origin. A socket whose Origin is neither the hub's own (the
 * scheme and Host it was reached on, or `publicUrl`) nor in `allowedOrigins` is refused before
 * socket.io sees it — a page elsewhere cannot drive the hub from a staff member's browser. A
 * socket without Origin (the device agent, a shell's main process) must authenticate with a device
 * token (realtime/gateway.ts); anonymous and staff sockets are for the hub's own pages. (A
 * non-browser client can forge Origin; this rule stops browsers, which cannot.)
 */
import type { IncomingMessage } from 'node:http';
import { TLSSocket } from 'node:tls';
import helmet from '@fastify/helmet';
import type { HubHttp } from './routes';

/** The Content-Security-Policy directives of every page. */
export const CSP_DIRECTIVES: Record<string, string[]> = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'font-src': ["'self'", 'data:'],
  'media-src': ["'self'", 'data:', 'blob:'],
  'connect-src': ["'self'"],
  'worker-src': ["'self'", 'blob:'],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

/** Registers the headers on every answer of `app` (call before the routes). */
export function registerSecurityHeaders(app: HubHttp): void {
  void app.register(helmet, {
    global: true,
    contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
    strictTransportSecurity: false,
    referrerPolicy: { policy: 'no-referrer' },
    xFrameOptions: { action: 'deny' },
    crossOriginEmbedderPolicy: false,
    crossOriginOpenerPolicy: { policy: 'same-origin' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
  });
}

/**
 * Whether a socket request's Origin may connect: absent (not a browser: the gateway then demands
 * a token), the origin the request came in on, or one of `allowed`. `null` origins (sandboxed
 * frames, files) and anything unparsable are refused.
 */
export function originAllowed(req: Pick<IncomingMessage, 'headers' | 'socket'>, allowed: readonly string[]): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  let u: URL;
  try {
    u = new URL(origin);
  } catch {
    return false;
  }
  if (u.origin !== origin) return false;
  const scheme = req.socket instanceof TLSSocket ? 'https:' : 'http:';
  if (u.protocol === scheme && req.headers.host !== undefined && u.host === req.headers.host.toLowerCase()) return true;
  return allowed.includes(u.origin);
}

/** The configured origins as origins (`https://x:1/path` → `https://x:1`). */
export function originsOf(urls: readonly (string | undefined)[]): string[] {
  const out: string[] = [];
  for (const url of urls) {
    if (url === undefined) continue;
    try {
      out.push(new URL(url).origin);
    } catch {
      // config.ts validated these as URLs
    }
  }
  return out;
}
