/**
 * City staff sign-in on a real PostgreSQL: sessions in an HttpOnly SameSite=Strict cookie, every
 * staff page and API behind them, roles (a viewer changes nothing), the lockout after 5 wrong
 * passwords, logout and disabling a user ending open dashboard sockets (on another instance too)
 * within 1 s, idle expiry reaching an open socket, production refusing to start without users
 * or with demo accounts, and `motcua-city init` creating the first admin.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connectIo, type Socket } from 'socket.io-client';
import { CityStartError, DEMO_CITY_USERS, startCityServer, type CityHandle } from '../src/server';
import { createLogger } from '../src/logger';
import { LOGIN_ACCOUNT_TRIES } from '../src/auth/throttle';
import { startTestPostgres, type TestPostgres } from './pg';
import { loginCookie, staffSession } from './auth';

const log = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
const ADMIN_TOKEN = 'admin-token-for-auth-tests-0123456789';
let pgs: TestPostgres;
let dbUrl: string;
let a: CityHandle;
let b: CityHandle;

beforeAll(async () => {
  pgs = await startTestPostgres();
  dbUrl = await pgs.database('auth');
  const common = { port: 0, databaseUrl: dbUrl, logger: log, scheduleReports: false, adminToken: ADMIN_TOKEN };
  [a, b] = [await startCityServer(common), await startCityServer(common)];
});
afterAll(async () => {
  await a?.close();
  await b?.close();
  await pgs?.stop();
});

const login = (url: string, username: string, password: string): Promise<Response> =>
  fetch(`${url}/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });

async function openSocket(url: string, cookie: string | null): Promise<Socket> {
  const socket = connectIo(url, { transports: ['websocket'], forceNew: true, reconnection: false, ...(cookie ? { extraHeaders: { cookie } } : {}) });
  await new Promise<void>((res, rej) => {
    socket.once('connect', () => res());
    socket.once('connect_error', rej);
  });
  return socket;
}

/** Resolves with the reason and the time from `t0` when the server ends the socket's session and closes it. */
function ended(socket: Socket, t0: () => number): Promise<{ reason: string; ms: number; disconnected: boolean }> {
  return new Promise((res) => {
    let reason = '';
    socket.on('session:ended', (info: { reason: string }) => (reason = info.reason));
    socket.on('disconnect', (why) => res({ reason, ms: Date.now() - t0(), disconnected: why === 'io server disconnect' }));
  });
}

describe('city staff sign-in', () => {
  it('keeps every staff page and API behind a session, and leaves sync, nearby and health public', async () => {
    const page = await fetch(`${a.url}/`, { redirect: 'manual' });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/login?next=%2F');
    for (const path of ['/api/wards', '/api/wards/x', '/fragment/wards', '/api/reports', '/api/reports/weekly?format=json', '/api/reports/1.csv', '/api/admin/hubs', '/api/admin/users']) {
      expect((await fetch(`${a.url}${path}`)).status, path).toBe(401);
    }
    expect((await fetch(`${a.url}/ward/x`, { redirect: 'manual' })).status).toBe(303);
    expect((await fetch(`${a.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${a.url}/api/nearby`)).status).toBe(400); // its own validation, not a sign-in
    expect((await fetch(`${a.url}/api/sync/state`)).status).toBe(401); // the hub signature, as before
    const form = await (await fetch(`${a.url}/login`)).text();
    expect(form).toContain('Đăng nhập');
    expect(form).toContain('type="password"');
  });

  it('signs in with a cookie that scripts cannot read and other sites cannot send, and refuses a wrong password', async () => {
    await a.server.auth.createUser({ username: 'lan.nguyen', displayName: 'Nguyễn Thị Lan', role: 'viewer', password: 'mat-khau-dung-1' }, 'test');
    const wrong = await login(a.url, 'lan.nguyen', 'mat-khau-sai');
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as { error: { message: string } }).error.message).toBe('Sai tên đăng nhập hoặc mật khẩu / Wrong username or password');
    expect((await login(a.url, 'nobody', 'mat-khau-dung-1')).status).toBe(401);
    const ok = await login(a.url, 'Lan.Nguyen', 'mat-khau-dung-1');
    expect(ok.status).toBe(200);
    const set = ok.headers.getSetCookie().find((c) => c.startsWith('motcua_city_session='))!;
    expect(set).toMatch(/; HttpOnly/);
    expect(set).toMatch(/; SameSite=Strict/);
    expect(set).not.toMatch(/; Secure/); // plain HTTP here; over TLS the cookie is Secure
    const cookie = set.split(';')[0]!;
    const wards = await fetch(`${b.url}/api/wards`, { headers: { cookie } }); // any instance
    expect(wards.status).toBe(200);
    const html = await (await fetch(`${a.url}/`, { headers: { cookie } })).text();
    expect(html).toContain('Nguyễn Thị Lan');
    expect(html).toContain('Đăng xuất');
    // The form without JavaScript: a redirect to where the person was going, never off-site.
    const form = await fetch(`${a.url}/login`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'username=lan.nguyen&password=mat-khau-dung-1&next=%2F%2Fevil.example%2F' });
    expect(form.status).toBe(303);
    expect(form.headers.get('location')).toBe('/');
    const audit = await a.server.auth.auditLog();
    expect(audit.filter((x) => x.username === 'lan.nguyen').map((x) => x.kind)).toEqual(expect.arrayContaining(['user.created', 'login.failed', 'login']));
  });

  // Catches a sign-in that does not consult the limiter first (break: drop the lockedFor check in
  // CityAuth.login: the 6th try with the right password is let in).
  it('locks an account for 15 minutes after 5 wrong passwords, even for the right one, audits it, and an admin can unlock', async () => {
    await a.server.auth.createUser({ username: 'brute', displayName: 'Brute', role: 'viewer', password: 'dung-mat-khau-99' }, 'test');
    const codes: number[] = [];
    for (let i = 0; i < LOGIN_ACCOUNT_TRIES; i++) codes.push((await login(i % 2 ? a.url : b.url, 'brute', `sai-${i}`)).status);
    expect(codes).toEqual([401, 401, 401, 401, 429]); // counted across both instances (one store)
    const locked = await login(a.url, 'brute', 'dung-mat-khau-99');
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(14 * 60);
    expect(((await locked.json()) as { error: { message: string } }).error.message).toMatch(/^Tài khoản tạm khoá do nhập sai mật khẩu nhiều lần; thử lại sau 15 phút \/ Locked/);
    const audit = await a.server.auth.auditLog();
    expect(audit.filter((x) => x.kind === 'login.lockout' && x.username === 'brute')).toHaveLength(1);
    // Another account from the same address is not locked by this one.
    expect((await login(a.url, 'lan.nguyen', 'mat-khau-dung-1')).status).toBe(200);
    const unlock = await fetch(`${a.url}/api/admin/users/brute/unlock`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(unlock.status).toBe(200);
    expect((await login(a.url, 'brute', 'dung-mat-khau-99')).status).toBe(200);
  });

  // Catches an admin scope that checks only for a session (break: drop the role check in the
  // admin onRequest hook: the viewer's POST creates a user).
  it('lets a viewer see everything and change nothing; an admin manages users', async () => {
    const viewer = await staffSession(a, 'viewer');
    const admin = await staffSession(a, 'admin');
    expect((await fetch(`${a.url}/api/reports`, { headers: viewer.headers })).status).toBe(200);
    for (const [method, path] of [
      ['GET', '/api/admin/hubs'],
      ['GET', '/api/admin/users'],
      ['POST', '/api/admin/users'],
      ['POST', '/api/admin/reports/weekly'],
      ['POST', '/api/admin/users/lan.nguyen/disable'],
      ['DELETE', '/api/admin/hubs/x'],
    ] as const) {
      const r = await fetch(`${a.url}${path}`, { method, headers: { ...viewer.headers, 'content-type': 'application/json' }, ...(method === 'POST' ? { body: JSON.stringify({ username: 'made-by-viewer', displayName: 'x', role: 'admin' }) } : {}) });
      expect(r.status, `${method} ${path}`).toBe(403);
      expect(((await r.json()) as { error: { code: string; message: string } }).error).toEqual({ code: 'forbidden', message: 'Tài khoản chỉ xem không được thay đổi / A viewer account cannot change anything' });
    }
    const created = await fetch(`${a.url}/api/admin/users`, { method: 'POST', headers: { ...admin.headers, 'content-type': 'application/json' }, body: JSON.stringify({ username: 'tuan.le', displayName: 'Lê Văn Tuấn', role: 'viewer' }) });
    expect(created.status).toBe(200);
    const body = (await created.json()) as { data: { user: { username: string }; password: string } };
    expect(body.data.password).toMatch(/^[\w-]{16}$/); // generated, shown once
    expect((await login(a.url, 'tuan.le', body.data.password)).status).toBe(200);
    const list = (await (await fetch(`${a.url}/api/admin/users`, { headers: admin.headers })).json()) as { data: { username: string }[] };
    expect(list.data.map((u) => u.username)).not.toContain('made-by-viewer');
    expect(JSON.stringify(list)).not.toContain(body.data.password);
    // A cross-site form post with an admin's cookie (were SameSite absent) is refused.
    const csrf = await fetch(`${a.url}/api/admin/users/tuan.le/disable`, { method: 'POST', headers: { ...admin.headers, origin: 'https://evil.example' } });
    expect(csrf.status).toBe(403);
  });

  it('opens a dashboard socket only with a session', async () => {
    await expect(openSocket(a.url, null)).rejects.toThrow('unauthenticated');
    await expect(openSocket(a.url, 'motcua_city_session=forged-token')).rejects.toThrow('unauthenticated');
    const viewer = await staffSession(a, 'viewer');
    const s = await openSocket(a.url, viewer.cookie);
    expect(s.connected).toBe(true);
    s.close();
  });

  // Catches a logout that deletes the session but leaves open sockets (break: drop the
  // endSockets call in CityAuth.logout: the socket stays open and this times out).
  it('ends the open dashboard sockets of a session within 1 s of its logout, on every instance', async () => {
    const viewer = await staffSession(a, 'viewer');
    const other = await staffSession(a, 'viewer');
    const onA = await openSocket(a.url, viewer.cookie);
    const onB = await openSocket(b.url, viewer.cookie);
    const bystander = await openSocket(b.url, other.cookie);
    await new Promise((r) => setTimeout(r, 300)); // the PostgreSQL adapter's LISTEN is set up asynchronously
    let t0 = 0;
    const endA = ended(onA, () => t0);
    const endB = ended(onB, () => t0);
    t0 = Date.now();
    const out = await fetch(`${a.url}/logout`, { method: 'POST', headers: { ...viewer.headers, 'content-type': 'application/json' }, body: '{}' });
    expect(out.status).toBe(200);
    expect(out.headers.getSetCookie()[0]).toMatch(/^motcua_city_session=;/);
    const [ea, eb] = await Promise.all([endA, endB]);
    expect(ea).toMatchObject({ reason: 'logout', disconnected: true });
    expect(eb).toMatchObject({ reason: 'logout', disconnected: true });
    expect(Math.max(ea.ms, eb.ms)).toBeLessThan(1000);
    expect(bystander.connected).toBe(true);
    bystander.close();
    expect((await fetch(`${a.url}/api/wards`, { headers: viewer.headers })).status).toBe(401);
    expect((await a.server.auth.auditLog()).some((x) => x.kind === 'logout' && x.username === viewer.username)).toBe(true);
  });

  // Catches disabling that only flips `active` (break: drop the endSockets call in disableUser).
  it('ends every session and socket of a user within 1 s of disabling them, and the user signs in no more', async () => {
    const admin = await staffSession(a, 'admin');
    const viewer = await staffSession(a, 'viewer');
    const second = await loginCookie(a.url, viewer.username, viewer.password);
    const s1 = await openSocket(b.url, viewer.cookie);
    const s2 = await openSocket(a.url, second);
    await new Promise((r) => setTimeout(r, 300));
    let t0 = 0;
    const e1 = ended(s1, () => t0);
    const e2 = ended(s2, () => t0);
    t0 = Date.now();
    const r = await fetch(`${a.url}/api/admin/users/${viewer.username}/disable`, { method: 'POST', headers: admin.headers });
    expect(r.status).toBe(200);
    const both = await Promise.all([e1, e2]);
    for (const e of both) expect(e).toMatchObject({ reason: 'deactivated', disconnected: true });
    expect(Math.max(...both.map((e) => e.ms))).toBeLessThan(1000);
    expect((await fetch(`${a.url}/api/wards`, { headers: { cookie: second } })).status).toBe(401);
    expect((await login(a.url, viewer.username, viewer.password)).status).toBe(401);
    expect((await a.server.auth.auditLog()).some((x) => x.kind === 'user.disabled' && x.username === viewer.username && x.actor === admin.username)).toBe(true);
  });

  it('ends a session left idle, and closes its open socket', async () => {
    let offset = 0;
    const clock = { now: () => Date.now() + offset };
    const c = await startCityServer({ port: 0, databaseUrl: dbUrl, logger: log, scheduleReports: false, clock, sessionIdleMin: 30, socketAdapter: 'memory' });
    try {
      const viewer = await staffSession(c, 'viewer');
      const socket = await openSocket(c.url, viewer.cookie);
      const end = ended(socket, () => 0);
      offset = 31 * 60_000;
      const e = await end; // the sweep runs every 5 s
      expect(e).toMatchObject({ reason: 'expired', disconnected: true });
      expect((await fetch(`${c.url}/api/wards`, { headers: viewer.headers })).status).toBe(401);
    } finally {
      await c.close();
    }
  }, 15_000);
});

describe('production and the first admin', () => {
  // Catches a production start that seeds or runs without users (break: skip the production
  // checks in staffAccounts: both starts succeed).
  it('refuses to start without a user, never seeds demo accounts, and `motcua-city init` creates the first admin once', async () => {
    const url = await pgs.database('auth_prod');
    const opts = { port: 0, databaseUrl: url, logger: log, scheduleReports: false, socketAdapter: 'memory' as const };
    await expect(startCityServer({ ...opts, production: true })).rejects.toThrow(CityStartError);
    await expect(startCityServer({ ...opts, production: true, seedDemoUsers: true })).rejects.toThrow(/never creates demo accounts/);
    const previous = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await expect(startCityServer({ ...opts, seedDemoUsers: true })).rejects.toThrow(/never creates demo accounts/);
    } finally {
      process.env.NODE_ENV = previous;
    }
    const cli = (args: string[]): { status: number | null; out: string } => {
      const r = spawnSync(process.execPath, [resolve(import.meta.dirname, '../bin/motcua-city.mjs'), ...args], { env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'silent' }, encoding: 'utf8', timeout: 60_000 });
      return { status: r.status, out: `${r.stdout}${r.stderr}` };
    };
    const first = cli(['init', '--username', 'quantri']);
    expect(first.status, first.out).toBe(0);
    const password = /shown once\): (\S+)/.exec(first.out)?.[1];
    expect(password).toMatch(/^[\w-]{16}$/);
    const again = cli(['init']);
    expect(again.status).toBe(1);
    expect(again.out).toContain('an admin exists already (quantri)');
    const prod = await startCityServer({ ...opts, production: true });
    try {
      expect((await login(prod.url, 'quantri', password!)).status).toBe(200);
      for (const u of DEMO_CITY_USERS) expect((await login(prod.url, u.username, u.password)).status).toBe(401);
    } finally {
      await prod.close();
    }
  }, 90_000);

  it('the demo seeds its admin and viewer, who sign in', async () => {
    const url = await pgs.database('auth_demo');
    const demo = await startCityServer({ port: 0, databaseUrl: url, logger: log, scheduleReports: false, socketAdapter: 'memory', seedDemoUsers: true, production: false });
    try {
      for (const u of DEMO_CITY_USERS) {
        const r = await login(demo.url, u.username, u.password);
        expect(r.status).toBe(200);
        expect(((await r.json()) as { data: { role: string } }).data.role).toBe(u.role);
      }
    } finally {
      await demo.close();
    }
  });
});
