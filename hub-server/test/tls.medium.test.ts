/**
 * TLS with a ward-local CA (issue 14, item 4), against a real hub on loopback: HTTPS/WSS with a
 * certificate from the ward CA, a client that pins that CA gets in and one that pins another CA
 * (or trusts only the system's roots) is refused; plain HTTP only redirects, except the public
 * ticket status page, whose socket admits no token, sign-in or pairing; the server certificate is
 * renewed at start when near expiry, from the same CA; production refuses to start without TLS.
 */
import { request as httpRequest } from 'node:http';
import { get as httpsGet } from 'node:https';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '@motcua/shared';
import { startHub } from '../src/hub';
import { createLogger } from '../src/logger';
import { citizenIdKey } from '../src/secrets';
import { createWardCa, issueServerCert, tlsFiles } from '../src/http/tls';
import { connect, expectOk, send, type HubClient } from './client';
import { startFixture, type Fixture } from './fixture';

const dirs: string[] = [];
const fixtures: Fixture[] = [];
const sockets: HubClient[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  for (const f of fixtures.splice(0)) await f.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'motcua-tls-'));
  dirs.push(d);
  return d;
}

/** A TLS hub (demo ward) with its own ward CA, and a plain-HTTP port. */
async function tlsHub(): Promise<{ f: Fixture; secrets: string; ca: string; statusUrl: string }> {
  const secrets = join(tempDir(), 'secrets');
  await createWardCa(secrets, 'Phường Thử');
  const f = await startFixture({ secretsDir: secrets, tls: { enabled: true, httpPort: 0, names: [] } });
  fixtures.push(f);
  return { f, secrets, ca: readFileSync(tlsFiles(secrets).caCert, 'utf8'), statusUrl: f.hub.statusUrl };
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function fetchHttps(url: string, ca: string | undefined): Promise<Answer> {
  return new Promise((resolve, reject) => {
    httpsGet(url, ca === undefined ? {} : { ca }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    }).on('error', reject);
  });
}

function fetchHttp(url: string, method = 'GET'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('TLS with a ward-local CA', () => {
  it('serves HTTPS and WSS with a certificate from the ward CA; a client pinning that CA signs in', async () => {
    const { f, ca } = await tlsHub();
    expect(f.hub.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const health = await fetchHttps(`${f.hub.url}/healthz`, ca);
    expect(health.status).toBe(200);
    const s = await connect(f.hub.url, undefined, PROTOCOL_VERSION, { ca });
    sockets.push(s);
    expect(expectOk(await send(s, 'auth:login', { username: 'quanly', password: 'quanly2025' })).role).toBe('manager');
    // The certificate the hub serves is the one the ward CA signed, for the PC's addresses.
    const cert = new X509Certificate(readFileSync(f.hub.tls?.certFile ?? '', 'utf8'));
    expect(cert.verify(new X509Certificate(ca).publicKey)).toBe(true);
    expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1');
  });

  it('a client that pins another CA, or trusts only the public roots, is refused (HTTPS and WSS)', async () => {
    // Catches: the hub serving a certificate not from its ward CA, or a client option that stops verifying.
    const { f } = await tlsHub();
    const otherDir = join(tempDir(), 'other');
    await createWardCa(otherDir, 'Phường Khác');
    const otherCa = readFileSync(tlsFiles(otherDir).caCert, 'utf8');
    await expect(fetchHttps(`${f.hub.url}/healthz`, otherCa)).rejects.toThrow(/certificate|self.signed|verify/i);
    await expect(fetchHttps(`${f.hub.url}/healthz`, undefined)).rejects.toThrow(/certificate|self.signed|verify/i);
    await expect(connect(f.hub.url, undefined, PROTOCOL_VERSION, { ca: otherCa })).rejects.toThrow();
  });

  it('plain HTTP only redirects (308 to HTTPS), except the public ticket status page and the CA certificate', async () => {
    // Catches: isPlainHttpPath letting the manager app or the health check through in clear.
    const { f, ca, statusUrl } = await tlsHub();
    expect(statusUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const httpsPort = new URL(f.hub.url).port;
    for (const path of ['/', '/manager/', '/counter/', '/display/', '/healthz', '/counter/assets/x.js', '/nope']) {
      const r = await fetchHttp(`${statusUrl}${path}`);
      expect(r.status, path).toBe(308);
      expect(r.headers.location, path).toBe(`https://127.0.0.1:${httpsPort}${path}`);
    }
    const post = await fetchHttp(`${statusUrl}/manager/`, 'POST');
    expect(post.status).toBe(308);
    // The status page a ticket's QR opens stays on plain HTTP for phones.
    const t = await fetchHttp(`${statusUrl}/t/abc`);
    expect(t.status).toBe(302);
    expect(t.headers.location).toBe('/kiosk/#/t/abc');
    // The kiosk app the status page lives in (served when the web apps are built, 503/404 when not): not redirected.
    for (const path of ['/kiosk', '/kiosk/', '/kiosk/assets/x.js']) expect((await fetchHttp(`${statusUrl}${path}`)).status, path).not.toBe(308);
    const api = await fetchHttp(`${statusUrl}/api/tickets/nope`);
    expect(api.status).toBe(404);
    const caDownload = await fetchHttp(`${statusUrl}/ca.crt`);
    expect(caDownload.status).toBe(200);
    expect(caDownload.body).toBe(ca);
    // The hub's public URL (the ticket QR) is the plain-HTTP one.
    expect(f.hub.publicUrl()).toBe(statusUrl);
  });

  it("over plain HTTP the status page's socket reads a ticket's status, but no token, sign-in or pairing crosses in clear", async () => {
    // Catches: the gateway accepting a token, auth:login or device:pair on the plain listener.
    const { f, statusUrl } = await tlsHub();
    const m = await f.manager();
    const ticket = expectOk(await send(m, 'ticket:issue', { serviceId: 's-chung-thuc', channel: 'kiosk', requestId: 'tls-plain-0001', print: false }));
    const { code } = expectOk(await send(m, 'manager:createPairingCode', { kind: 'kiosk' }));

    const phone = await connect(statusUrl);
    sockets.push(phone);
    expect(expectOk(await send(phone, 'ticket:status', { ticketId: ticket.ticket.id })).ticket.number).toBe(ticket.ticket.number);
    const login = await send(phone, 'auth:login', { username: 'quanly', password: 'quanly2025' });
    expect(login.ok ? 'ok' : login.error.code).toBe('forbidden');
    const pair = await send(phone, 'device:pair', { code, name: 'Kiosk qua HTTP' });
    expect(pair.ok ? 'ok' : pair.error.code).toBe('forbidden');

    const { token } = await f.kiosk();
    await expect(connect(statusUrl, token)).rejects.toThrow('insecure_transport');
  });

  it('renews a server certificate near expiry at start, from the same CA (devices notice nothing)', async () => {
    // Catches: loadTls ignoring expiry (renewalReason), or renewing with a new CA.
    const secrets = join(tempDir(), 'secrets');
    await createWardCa(secrets, 'Phường Thử');
    await issueServerCert(secrets, ['127.0.0.1', 'localhost'], new Date(), 10);
    const before = new X509Certificate(readFileSync(tlsFiles(secrets).cert, 'utf8'));
    expect(new Date(before.validTo).getTime() - Date.now()).toBeLessThan(11 * 86_400_000);
    const f = await startFixture({ secretsDir: secrets, tls: { enabled: true, httpPort: null, names: ['hub.phuong-thu.lan'] } });
    fixtures.push(f);
    const after = new X509Certificate(readFileSync(tlsFiles(secrets).cert, 'utf8'));
    expect(new Date(after.validTo).getTime() - Date.now()).toBeGreaterThan(300 * 86_400_000);
    expect(after.checkHost('hub.phuong-thu.lan')).toBe('hub.phuong-thu.lan');
    const ca = readFileSync(tlsFiles(secrets).caCert, 'utf8');
    const s = await connect(f.hub.url, undefined, PROTOCOL_VERSION, { ca });
    sockets.push(s);
    expect(s.connected).toBe(true);
    expect(f.hub.statusUrl).toBe('');
  });

  it('production refuses to start without TLS, and with TLS but no ward CA', async () => {
    // Catches: startHub letting a production hub serve in clear.
    const dir = tempDir();
    const config = { host: '127.0.0.1', port: 0, dataDir: join(dir, 'data'), secretsDir: join(dir, 'secrets'), seedDemo: false };
    citizenIdKey(config, true);
    const log = createLogger('silent');
    await expect(startHub({ config, production: true, logger: log })).rejects.toThrow('refuses to start without TLS');
    await expect(startHub({ config: { ...config, tls: { enabled: true } }, production: true, logger: log })).rejects.toThrow(/ward-ca\.crt is missing/);
  });
});
