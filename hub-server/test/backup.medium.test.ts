/**
 * Backup and restore (issue 15, defect 6): `motcua-hub backup` as its own process while a hub
 * issues tickets, `motcua-hub restore` refusing while the hub runs and refusing damaged backups,
 * and the hub's daily backup with rotation.
 *
 * Deliberate breaks tried (each made this file fail):
 * - backupDatabase copying `hub.sqlite` with copyFileSync instead of the backup API: "backs up
 *   while the hub issues" fails (the copy lacks what is still in the WAL — here even the tables —
 *   and the backup's own check refuses it; the plain-copy control below shows the WAL held them);
 * - the exclusive lock in restoreDatabase removed: "restore refuses while the hub runs" fails
 *   (exit 0: the file was swapped under the running hub);
 * - verifyBackup's quick_check result ignored: "damaged page" fails (the damaged file is restored);
 * - rotateBackups keeping all files: "keeps the newest N" fails.
 */
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyBackup } from '../src/db/backup';
import { backupFileName } from '../src/services/backup-schedule';
import { expectOk, send, type HubClient } from './client';
import { MONDAY_9AM, startFixture, type Fixture } from './fixture';

const BIN = join(import.meta.dirname, '..', 'bin/motcua-hub.mjs');
const DAY = 86_400_000;

const dirs: string[] = [];
let f: Fixture | null = null;
afterEach(async () => {
  await f?.close().catch(() => undefined);
  f = null;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDir(name: string): string {
  const d = mkdtempSync(join(tmpdir(), `motcua-ops-${name}-`));
  dirs.push(d);
  return d;
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `motcua-hub <args>` as its own process on the data folder `dataDir`. */
function cli(args: string[], dataDir: string): Promise<Run> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('MOTCUA_') && k !== 'NODE_ENV'));
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...env, MOTCUA_DATA_DIR: dataDir, LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}

/**
 * The hash of a file, read by another process: opening and closing the live database from the
 * hub's own process (this test runs the hub in-process) would drop the hub's POSIX locks on it
 * (fcntl locks belong to the process and go with any closed descriptor), and a restore would then
 * no longer see the hub. A real hub's process never opens its database any other way.
 */
const sha = (file: string): string => execFileSync('sha256sum', [file], { encoding: 'utf8' }).split(' ')[0]!;

function ticketIds(file: string): Set<string> {
  const db = new Database(file, { readonly: true });
  try {
    // A plain copy taken before the schema left the WAL has no tables at all: it holds no ticket.
    if (!db.prepare(`SELECT 1 FROM sqlite_master WHERE name = 'tickets'`).get()) return new Set();
    return new Set((db.prepare('SELECT id FROM tickets').all() as { id: string }[]).map((r) => r.id));
  } finally {
    db.close();
  }
}

/**
 * Issues a ticket every `gapMs` until `stop()`; `acked` grows with each acknowledged one. Ten a
 * second keeps the WAL under SQLite's 1000-page auto-checkpoint for the whole test (a ticket
 * writes about 13 pages), so tickets acknowledged before the backup are still only in the WAL
 * when it runs: a copy that ignores the WAL loses them, and this test sees it.
 */
function issuing(kiosk: HubClient, gapMs = 100): { acked: string[]; stop(): Promise<void> } {
  const acked: string[] = [];
  let stopped = false;
  const loop = (async () => {
    for (let i = 0; !stopped; i++) {
      const r = await send(kiosk, 'ticket:issue', { serviceId: i % 2 ? 's-ho-tich' : 's-chung-thuc', channel: 'kiosk', requestId: `backup-${String(i).padStart(5, '0')}`, print: false });
      acked.push(expectOk(r).ticket.id);
      await new Promise((res) => setTimeout(res, gapMs));
    }
  })();
  return {
    acked,
    async stop() {
      stopped = true;
      await loop;
    },
  };
}

async function until(cond: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('motcua-hub backup and restore', () => {
  it('backs up while the hub issues; nothing acknowledged before the backup is lost after a restore; restore refuses while the hub runs', async () => {
    const data = tempDir('data');
    const out = tempDir('out');
    f = await startFixture({}, MONDAY_9AM, data);
    const { socket } = await f.kiosk();
    const load = issuing(socket);
    await until(() => load.acked.length >= 25, 20_000, '25 tickets');
    const before = [...load.acked];
    // The control: a plain copy of hub.sqlite, as a technician might take it, misses what is still in the WAL.
    execFileSync('cp', [join(data, 'hub.sqlite'), join(out, 'plain-copy.sqlite')]); // another process: see sha()
    const file = join(out, 'backup.sqlite');
    const b = await cli(['backup', file], data);
    const duringBackup = load.acked.length - before.length;
    expect(b.stderr).toBe('');
    expect(b.code).toBe(0);
    expect(b.stdout).toContain('Đã sao lưu');
    expect(b.stdout).toMatch(/secrets/);
    // Restore refuses while the hub has the database open, and changes nothing.
    const inode = statSync(join(data, 'hub.sqlite')).ino;
    const refused = await cli(['restore', file], data);
    expect(refused.code, refused.stdout + refused.stderr).toBe(1);
    expect(refused.stderr).toContain('hub');
    expect(refused.stderr).toMatch(/đang chạy|in use/);
    expect(statSync(join(data, 'hub.sqlite')).ino, 'the live database file was swapped').toBe(inode);
    expect(readdirSync(data).some((n) => n.includes('before-restore'))).toBe(false);
    await load.stop();
    expect(duringBackup, 'the hub kept issuing while the backup ran').toBeGreaterThan(0);
    const after = load.acked.slice(before.length);

    const info = verifyBackup(file);
    expect(info.ok).toBe(true);
    const inBackup = ticketIds(file);
    for (const id of before) expect(inBackup.has(id), `ticket ${id} acknowledged before the backup is not in it`).toBe(true);
    const inPlain = ticketIds(join(out, 'plain-copy.sqlite'));
    expect(before.filter((id) => !inPlain.has(id)).length, 'the plain copy should miss tickets (they were in the WAL)').toBeGreaterThan(0);

    // Stop the hub (keep its folder), restore, start again on the restored data.
    for (const s of f.sockets) s.close();
    await f.hub.close();
    f = null;
    const r = await cli(['restore', file], data);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const kept = readdirSync(data).find((n) => n.startsWith('hub.sqlite.before-restore-'));
    expect(kept, 'the replaced database is kept').toBeDefined();
    // The kept database is whole on its own (its WAL was folded in): it has every ticket, the later ones too.
    const inKept = ticketIds(join(data, kept!));
    for (const id of load.acked) expect(inKept.has(id)).toBe(true);
    f = await startFixture({}, MONDAY_9AM, data);
    const restored = new Set(f.hub.db.prepare('SELECT id FROM tickets').all().map((x) => (x as { id: string }).id));
    for (const id of before) expect(restored.has(id), `ticket ${id} lost by backup + restore`).toBe(true);
    // The hub serves on the restored data and continues the numbering.
    const m = await f.manager();
    expectOk(await send(m, 'manager:createPairingCode', { kind: 'kiosk' }));
    expect(after.length).toBeGreaterThan(0);
  }, 90_000);

  it('restore refuses a zero-length, a truncated and a damaged backup, and leaves the database as it was', async () => {
    const data = tempDir('data');
    const out = tempDir('out');
    f = await startFixture({}, MONDAY_9AM, data);
    const { socket } = await f.kiosk();
    for (let i = 0; i < 40; i++) expectOk(await send(socket, 'ticket:issue', { serviceId: 's-chung-thuc', channel: 'kiosk', requestId: `damaged-${String(i).padStart(4, '0')}`, print: false }));
    const good = join(out, 'good.sqlite');
    expect((await cli(['backup', good], data)).code).toBe(0);
    for (const s of f.sockets) s.close();
    await f.hub.close();
    f = null;
    const live = sha(join(data, 'hub.sqlite'));
    const size = statSync(good).size;
    const pageSize = 4096;

    const empty = join(out, 'empty.sqlite');
    writeFileSync(empty, '');
    const truncated = join(out, 'truncated.sqlite');
    copyFileSync(good, truncated);
    truncateSync(truncated, Math.floor(size / pageSize / 2) * pageSize);
    const damaged = join(out, 'damaged.sqlite');
    copyFileSync(good, damaged);
    // Overwrite the middle of every page after the first three (b-tree pages of tickets and events) with garbage.
    const bytes = readFileSync(damaged);
    for (let p = 3; p * pageSize < bytes.length; p++) bytes.fill(0xa5, p * pageSize + 8, p * pageSize + 2000);
    writeFileSync(damaged, bytes);

    for (const [name, bad] of [['empty', empty], ['truncated', truncated], ['damaged', damaged]] as const) {
      const r = await cli(['restore', bad], data);
      expect(r.code, `${name}: ${r.stdout}${r.stderr}`).toBe(1);
      expect(r.stderr, name).toContain('Không khôi phục');
      expect(r.stderr, name).toContain('Not restored');
      expect(sha(join(data, 'hub.sqlite')), `${name}: the database was touched`).toBe(live);
      expect(readdirSync(data).some((n) => n.includes('before-restore')), name).toBe(false);
    }
  }, 60_000);
});

describe('the daily backup run by the hub', () => {
  it('writes one checked backup a day after the configured time, by its own timer, and keeps the newest N', async () => {
    const data = tempDir('data');
    const usb = tempDir('usb');
    f = await startFixture({ backup: { dir: usb, keep: 3, at: '18:00', checkMs: 1000 } }, MONDAY_9AM, data);
    const backups = f.hub.backups!;
    expect(await backups.due(), '09:00 is before 18:00: nothing yet').toBeNull();
    const { socket } = await f.kiosk();
    const t = expectOk(await send(socket, 'ticket:issue', { serviceId: 's-chung-thuc', channel: 'kiosk', requestId: 'daily-0001', print: false }));
    f.clock.advance(9.5 * 3600_000); // 18:30
    // The hub's own timer (checkMs 1 s) writes it.
    const first = join(usb, backupFileName('demo-ward', '2026-11-23'));
    await until(() => existsSync(first), 5000, 'the timer wrote the day’s backup');
    expect(verifyBackup(first).ok).toBe(true);
    expect(ticketIds(first).has(t.ticket.id)).toBe(true);
    expect(await backups.due(), 'once a day').toBeNull();
    for (let d = 1; d <= 4; d++) {
      f.clock.advance(DAY);
      expect((await backups.due())?.ok).toBe(true);
    }
    expect(readdirSync(usb).sort()).toEqual(['2026-11-25', '2026-11-26', '2026-11-27'].map((d) => backupFileName('demo-ward', d)));
  }, 30_000);

  it('a backup folder that cannot be written is logged and retried; the hub keeps serving', async () => {
    const data = tempDir('data');
    const notADir = join(tempDir('x'), 'file');
    writeFileSync(notADir, 'not a folder');
    f = await startFixture({ backup: { dir: notADir, keep: 3, at: '00:00', checkMs: 1000 } }, MONDAY_9AM, data);
    expect(await f.hub.backups!.due()).toBeNull();
    const { socket } = await f.kiosk();
    expectOk(await send(socket, 'ticket:issue', { serviceId: 's-chung-thuc', channel: 'kiosk', requestId: 'still-0001', print: false }));
  });
});
