/**
 * Production never runs the demo (issue 14, item 3), tested as real processes: `motcua-hub start`
 * (bin/motcua-hub.mjs, the built hub a ward's service runs, issue 13 item 7) running `main.ts` with
 * NODE_ENV=production refuses to start without a configuration or with the demo seed, and says what
 * to do; `motcua-hub init` then start works, the manager signs in with the chosen password, and no
 * demo account exists. Without production mode the demo still starts, with a loud warning.
 */
import { spawn } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '@motcua/shared';
import { connect, send } from './client';
import { hubEnv, ProcessKit } from './processes';

const HUB = join(import.meta.dirname, '..');
const BIN = join(HUB, 'bin/motcua-hub.mjs');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

const kit = new ProcessKit('motcua-prod-');
afterEach(() => kit.cleanUp());

/** Runs a command to its end (the hub must exit by itself: a refusal). */
function run(args: string[], extraEnv: Record<string, string>, cwd: string): Promise<Run> {
  const child = spawn(process.execPath, args, { cwd, env: hubEnv(extraEnv), stdio: ['ignore', 'pipe', 'pipe'] });
  kit.children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}

/** Starts a hub process and waits for its `listening` line; the output so far comes with it. */
function startHub(args: string[], extraEnv: Record<string, string>): ReturnType<ProcessKit['startHub']> {
  return kit.startHub([BIN, 'start', ...args], { cwd: HUB, env: hubEnv(extraEnv) });
}

/** Signs in over the hub's socket; `ca` pins the ward CA of an https:// hub. */
async function signIn(url: string, username: string, password: string, ca?: string): Promise<string> {
  const s = await connect(url, undefined, PROTOCOL_VERSION, ca === undefined ? {} : { ca });
  kit.sockets.push(s);
  const r = await send(s, 'auth:login', { username, password });
  return r.ok ? 'ok' : r.error.code;
}

const mode = (path: string): number => statSync(path).mode & 0o777;

describe('production mode (NODE_ENV=production or --production)', () => {
  it('refuses to start without a configuration file, says to run motcua-hub init, and creates nothing', async () => {
    const dir = kit.tempDir();
    const r = await run([BIN, 'start'], { NODE_ENV: 'production', MOTCUA_DATA_DIR: join(dir, 'data') }, HUB);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('refuses to start without a configuration file');
    expect(r.stderr).toContain('motcua-hub init');
    expect(r.stdout).not.toContain('"event":"listening"');
    expect(() => statSync(join(dir, 'data'))).toThrow();
    // The flag the installed service uses does the same.
    const flagged = await run([BIN, 'start', '--production'], { MOTCUA_DATA_DIR: join(dir, 'data') }, HUB);
    expect(flagged.code).toBe(2);
    expect(flagged.stderr).toContain('motcua-hub init');
  });

  it('refuses a configuration that asks for the demo seed (file or environment)', async () => {
    const dir = kit.tempDir();
    const file = join(dir, 'hub.json');
    writeFileSync(file, JSON.stringify({ hubId: 'phuong-thu', dataDir: join(dir, 'data'), seedDemo: true }));
    const r = await run([BIN, 'start', '--config', file], { NODE_ENV: 'production' }, HUB);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('refuses to seed the demo ward');
    writeFileSync(file, JSON.stringify({ hubId: 'phuong-thu', dataDir: join(dir, 'data') }));
    const byEnv = await run([BIN, 'start', '--config', file], { NODE_ENV: 'production', MOTCUA_SEED_DEMO: '1' }, HUB);
    expect(byEnv.code).toBe(2);
    expect(byEnv.stderr).toContain('refuses to seed the demo ward');
  });

  it('refuses a configuration without TLS, and says how to create the certificate', async () => {
    // Catches: a production hub serving PINs, tokens and ID scans in clear (issue 14, item 4).
    const dir = kit.tempDir();
    const ward = join(dir, 'ward');
    const init = await run([BIN, 'init', '--dir', ward, '--hub-id', 'phuong-ba', '--name', 'Phường Ba'], {}, dir);
    expect(init.code).toBe(0);
    const file = join(ward, 'hub.json');
    const config = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    writeFileSync(file, JSON.stringify({ ...config, tls: { enabled: false } }));
    const r = await run([BIN, 'start', '--config', file], { NODE_ENV: 'production' }, HUB);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('refuses to start without TLS');
    expect(r.stderr).toContain('motcua-hub cert');
    // `motcua-hub cert` turns TLS on again with the same CA, and renews the certificate on request.
    const cert = await run([BIN, 'cert', '--config', file, '--force'], {}, dir);
    expect(cert.stderr).toBe('');
    expect(cert.code).toBe(0);
    expect(cert.stdout).toContain('Issued a new server certificate (renewal asked for)');
    expect(cert.stdout).toContain('Turned TLS on');
    expect((JSON.parse(readFileSync(file, 'utf8')) as { tls: { enabled: boolean } }).tls.enabled).toBe(true);
  });

  it('refuses a configuration whose secrets were never created (no silent new pseudonym key)', async () => {
    const dir = kit.tempDir();
    const file = join(dir, 'hub.json');
    writeFileSync(file, JSON.stringify({ hubId: 'phuong-thu', dataDir: join(dir, 'data'), secretsDir: join(dir, 'secrets') }));
    const r = await run([BIN, 'start', '--config', file], { NODE_ENV: 'production' }, HUB);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('citizen-id.key is missing');
  });

  it('refuses a database that began as the demo while its accounts keep the published passwords', async () => {
    const dir = kit.tempDir();
    const data = join(dir, 'data');
    await startHub([], { MOTCUA_DATA_DIR: data });
    await kit.stopChildren();
    const file = join(dir, 'hub.json');
    writeFileSync(file, JSON.stringify({ hubId: 'phuong-thu', dataDir: data, secretsDir: join(data, 'secrets') }));
    const r = await run([BIN, 'start', '--config', file], { NODE_ENV: 'production' }, HUB);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('demo accounts still have their published passwords (quanly, canbo1, canbo2, canbo3, canbo4, canbo5)');
  });

  it('motcua-hub init, then start: the manager signs in with the chosen password, no demo account exists', async () => {
    const dir = kit.tempDir();
    const ward = join(dir, 'ward');
    const pwFile = join(dir, 'pw');
    writeFileSync(pwFile, 'Mật-khẩu riêng 2026\n', { mode: 0o600 });
    const init = await run([BIN, 'init', '--dir', ward, '--hub-id', 'phuong-thu', '--name', 'Phường Thử', '--username', 'truongbp', '--password-file', pwFile], {}, dir);
    expect(init.stderr).toBe('');
    expect(init.code).toBe(0);
    expect(init.stdout).toContain(join(ward, 'hub.json'));
    expect(init.stdout).not.toContain('Mật-khẩu');
    expect(mode(ward)).toBe(0o700);
    expect(mode(join(ward, 'hub.json'))).toBe(0o600);
    expect(mode(join(ward, 'data'))).toBe(0o700);
    expect(mode(join(ward, 'data', 'hub.sqlite'))).toBe(0o600);
    expect(mode(join(ward, 'secrets'))).toBe(0o700);
    expect(mode(join(ward, 'secrets', 'citizen-id.key'))).toBe(0o600);
    // The ward CA and the hub's TLS key are private; init prints where the CA is and its fingerprint.
    expect(mode(join(ward, 'secrets', 'ward-ca.key'))).toBe(0o600);
    expect(mode(join(ward, 'secrets', 'hub-tls.key'))).toBe(0o600);
    expect(init.stdout).toContain(join(ward, 'secrets', 'ward-ca.crt'));
    expect(init.stdout).toMatch(/SHA-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}/);
    const ca = readFileSync(join(ward, 'secrets', 'ward-ca.crt'), 'utf8');

    // A second init never overwrites the ward.
    const again = await run([BIN, 'init', '--dir', ward, '--hub-id', 'phuong-thu', '--name', 'Phường Thử', '--password-file', pwFile], {}, dir);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists');

    const hub = await startHub(['--config', join(ward, 'hub.json')], { NODE_ENV: 'production', MOTCUA_HTTP_PORT: '0' });
    expect(hub.production).toBe(true);
    expect(hub.output).not.toContain('DEMO MODE');
    // A production hub serves HTTPS with the ward CA's certificate (issue 14, item 4).
    expect(hub.url).toMatch(/^https:/);
    expect(await signIn(hub.url, 'truongbp', 'Mật-khẩu riêng 2026', ca)).toBe('ok');
    expect(await signIn(hub.url, 'truongbp', 'quanly2025', ca)).not.toBe('ok');
    expect(await signIn(hub.url, 'quanly', 'quanly2025', ca)).not.toBe('ok');
    expect(await signIn(hub.url, 'canbo1', '1111', ca)).not.toBe('ok');

    const db = new Database(join(ward, 'data', 'hub.sqlite'), { readonly: true });
    try {
      expect(db.prepare('SELECT username, role FROM clerks').all()).toEqual([{ username: 'truongbp', role: 'manager' }]);
      expect(db.prepare('SELECT COUNT(*) AS n FROM services').get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }
  });

  it('init without a password file and without a terminal generates a password, shows it once, and it signs in', async () => {
    const dir = kit.tempDir();
    const ward = join(dir, 'ward');
    const init = await run([BIN, 'init', '--dir', ward, '--hub-id', 'phuong-hai', '--name', 'Phường Hai'], {}, dir);
    expect(init.code).toBe(0);
    const password = /shown only this once[^:]*: (\S+)/.exec(init.stdout)?.[1];
    expect(password).toMatch(/^[A-Za-z0-9_-]{20}$/);
    const hub = await startHub(['--production', '--config', join(ward, 'hub.json')], { MOTCUA_HTTP_PORT: '0' });
    const ca = readFileSync(join(ward, 'secrets', 'ward-ca.crt'), 'utf8');
    expect(await signIn(hub.url, 'quanly', password ?? '', ca)).toBe('ok');
    expect(await signIn(hub.url, 'quanly', 'quanly2025', ca)).not.toBe('ok');
  });
});

describe('development (no production mode, no configuration)', () => {
  it('still runs the demo ward, with a loud warning that its accounts are active', async () => {
    const dir = kit.tempDir();
    const hub = await startHub([], { MOTCUA_DATA_DIR: join(dir, 'data') });
    expect(hub.production).toBe(false);
    expect(hub.output).toContain('DEMO MODE');
    expect(hub.output).toContain('quanly');
    expect(await signIn(hub.url, 'quanly', 'quanly2025')).toBe('ok');
    // The secrets are created on first start, outside the database, private to the hub's user.
    expect(mode(join(dir, 'data', 'secrets', 'citizen-id.key'))).toBe(0o600);
    expect(mode(join(dir, 'data'))).toBe(0o700);
  });
});
