/**
 * Security headers on every answer, the Origin check on sockets, and log redaction (issue 14,
 * items 7 and 10), against a real hub with built-app stand-ins in a temporary public folder.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '@motcua/shared';
import { startHub, type Hub } from '../src/hub';
import { createLogger } from '../src/logger';
import { connect, expectOk, send, type HubClient } from './client';
import { MONDAY_9AM, TestClock } from './fixture';

const dirs: string[] = [];
const hubs: Hub[] = [];
const sockets: HubClient[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  for (const h of hubs.splice(0)) await h.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A hub with the four apps "built" (an index.html and one asset each) and a captured log. */
async function hub(opts: { allowedOrigins?: string[] } = {}): Promise<{ hub: Hub; log: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'motcua-headers-'));
  dirs.push(dir);
  const pub = join(dir, 'public');
  for (const app of ['kiosk', 'counter', 'display', 'manager']) {
    mkdirSync(join(pub, app, 'assets'), { recursive: true });
    writeFileSync(join(pub, app, 'index.html'), `<!doctype html><script type="module" src="/${app}/assets/index.js"></script>`);
    writeFileSync(join(pub, app, 'assets', 'index.js'), 'export {};\n');
  }
  const log: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      log.push(chunk.toString());
      done();
    },
  });
  const h = await startHub({ config: { host: '127.0.0.1', port: 0, dataDir: join(dir, 'data'), allowedOrigins: opts.allowedOrigins ?? [] }, clock: new TestClock(MONDAY_9AM), publicDir: pub, logger: createLogger('info', sink) });
  hubs.push(h);
  return { hub: h, log };
}

function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

const ROUTES = ['/', '/healthz', '/api/tickets/nope', '/t/abc', '/kiosk', '/kiosk/', '/kiosk/assets/index.js', '/counter/', '/counter/assets/index.js', '/display/', '/display/assets/index.js', '/manager/', '/manager/assets/index.js', '/no-such-page', '/socket.io-not/x'];

describe('security headers on every answer', () => {
  it('CSP without inline or eval script, frame-ancestors none, nosniff, no-referrer — on pages, assets, redirects and 404s', async () => {
    // Catches: registerSecurityHeaders removed or registered after the routes; an 'unsafe-inline' script source.
    const { hub: h } = await hub();
    const statuses = new Set<number>();
    for (const path of ROUTES) {
      const r = await get(`${h.url}${path}`);
      statuses.add(r.status);
      const csp = String(r.headers['content-security-policy']);
      const scriptSrc = /script-src ([^;]*)/.exec(csp)?.[1] ?? '';
      expect(scriptSrc, path).toBe("'self'");
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp, path).toContain("object-src 'none'");
      expect(csp, path).not.toContain('upgrade-insecure-requests');
      expect(r.headers['x-content-type-options'], path).toBe('nosniff');
      expect(r.headers['referrer-policy'], path).toBe('no-referrer');
      expect(r.headers['x-frame-options'], path).toBe('DENY');
      // Phones open the status page over plain HTTP: no HSTS that would force them onto the ward CA.
      expect(r.headers['strict-transport-security'], path).toBeUndefined();
    }
    // Pages, assets, redirects and not-found answers were all covered.
    expect([...statuses].sort()).toEqual([200, 302, 404]);
  });
});

describe('socket Origin', () => {
  it('refuses a socket from a page of another origin; admits the hub own pages and configured origins', async () => {
    // Catches: allowRequest removed from the socket.io Server, or originAllowed accepting any Origin.
    const { hub: h } = await hub({ allowedOrigins: ['http://signage.phuong-thu.lan:9000'] });
    await expect(connect(h.url, undefined, PROTOCOL_VERSION, { origin: 'http://evil.example' })).rejects.toThrow();
    await expect(connect(h.url, undefined, PROTOCOL_VERSION, { origin: 'null' })).rejects.toThrow();
    // Same host, other scheme or port: another origin.
    await expect(connect(h.url, undefined, PROTOCOL_VERSION, { origin: h.url.replace('http:', 'https:') })).rejects.toThrow();
    await expect(connect(h.url, undefined, PROTOCOL_VERSION, { origin: 'http://127.0.0.1:1' })).rejects.toThrow();
    const own = await connect(h.url);
    sockets.push(own);
    const signage = await connect(h.url, undefined, PROTOCOL_VERSION, { origin: 'http://signage.phuong-thu.lan:9000' });
    sockets.push(signage);
    expect(own.connected && signage.connected).toBe(true);
  });

  it('a socket without Origin (not a browser) must bring a device token', async () => {
    // Catches: the gateway admitting Origin-less sockets that are anonymous or carry a staff session.
    const { hub: h } = await hub();
    await expect(connect(h.url, undefined, PROTOCOL_VERSION, { origin: null })).rejects.toThrow('origin_required');
    const m = await connect(h.url);
    sockets.push(m);
    const { token: session } = expectOk(await send(m, 'auth:login', { username: 'quanly', password: 'quanly2025' }));
    await expect(connect(h.url, session, PROTOCOL_VERSION, { origin: null })).rejects.toThrow('origin_required');
    const { code } = expectOk(await send(m, 'manager:createPairingCode', { kind: 'agent', counterId: 'c1' }));
    const pairing = await connect(h.url);
    sockets.push(pairing);
    const { token: device } = expectOk(await send(pairing, 'device:pair', { code, name: 'Agent' }));
    const agentLike = await connect(h.url, device, PROTOCOL_VERSION, { origin: null });
    sockets.push(agentLike);
    expect(agentLike.connected).toBe(true);
  });
});

describe('log redaction', () => {
  it('no token, PIN or password reaches the log, from a request URL or a logged object', async () => {
    // Catches: createLogger writing without redactingStream (the display token in the request log).
    const { hub: h, log } = await hub();
    await get(`${h.url}/display/?zone=A&token=SECRET-DISPLAY-TOKEN-123`);
    const s = await connect(h.url);
    sockets.push(s);
    const { token } = expectOk(await send(s, 'auth:login', { username: 'canbo1', password: '1111', counterId: 'c1' }));
    h.log.warn({ token, pin: '1111', newPassword: 'Mật khẩu mới 2026', auth: { token } }, `a line quoting /display/?token=${token}`);
    const text = log.join('');
    expect(text).toContain('/display/?zone=A&token=[redacted]');
    expect(text).not.toContain('SECRET-DISPLAY-TOKEN-123');
    expect(text).not.toContain(token);
    expect(text).not.toContain('Mật khẩu mới 2026');
    expect(text).not.toMatch(/"pin":"1111"/);
  });
});
