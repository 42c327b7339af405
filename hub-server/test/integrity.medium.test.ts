/**
 * Damaged or empty databases are detected at start (issue 15, item 5). A ward runs, issues
 * tickets and stops; then its `hub.sqlite` is made zero-length, removed, truncated, given a
 * damaged page, replaced by garbage or by another ward's database. The hub refuses each with a
 * `DatabaseStartError` of one Vietnamese and one English paragraph that says what to do; started
 * as the real process (`main.ts`), it prints that paragraph, no stack, and exits 2.
 *
 * Deliberate breaks seen failing:
 * - integrity.ts `checkDatabaseFile` returning early when the ward id exists: SQLite writes a new
 *   schema into the zero-length file ("expected 196608 to be 0");
 * - integrity.ts `checkOpenedDatabase` without `quick_check`: the truncated file gets past the open
 *   and fails later with a raw SqliteError ("expected SqliteError to be an instance of
 *   DatabaseStartError") — the raw stack the issue reports.
 */
import { spawn } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, mkdtempSync, openSync, rmSync, statSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { DatabaseStartError, WARD_ID_FILE, type DatabaseProblem } from '../src/db/integrity';
import { expectOk, send } from './client';
import { startFixture, type Fixture } from './fixture';

const HUB = join(import.meta.dirname, '..');
const dirs: string[] = [];
let f: Fixture | undefined;
afterEach(async () => {
  await f?.close().catch(() => undefined);
  f = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A ward that ran: 30 tickets issued, then stopped cleanly (the WAL checkpointed into hub.sqlite). */
async function wardThatRan(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'motcua-integrity-'));
  dirs.push(dir);
  const fx = await startFixture({}, undefined, dir);
  const { socket: kiosk } = await fx.kiosk();
  for (let i = 0; i < 30; i++) expectOk(await send(kiosk, 'ticket:issue', { serviceId: 's-chung-thuc', channel: 'kiosk', requestId: `integrity-${String(i).padStart(4, '0')}`, print: false }));
  fx.hub.db.pragma('wal_checkpoint(TRUNCATE)');
  for (const s of fx.sockets) s.close();
  await fx.hub.close();
  expect(existsSync(join(dir, 'secrets', WARD_ID_FILE))).toBe(true);
  return dir;
}

async function expectRefused(dir: string, problem: DatabaseProblem): Promise<DatabaseStartError> {
  let err: unknown = null;
  try {
    f = await startFixture({}, undefined, dir);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(DatabaseStartError);
  const e = err as DatabaseStartError;
  expect(e.problem).toBe(problem);
  const [vi, en] = e.message.split('\n');
  expect(vi).toMatch(/^Máy chủ không khởi động: /);
  expect(en).toMatch(/^The hub did not start: /);
  return e;
}

describe('start-up checks of hub.sqlite', () => {
  it('a zero-length hub.sqlite where the ward had data is refused, and so is a missing one', { timeout: 30_000 }, async () => {
    const dir = await wardThatRan();
    const file = join(dir, 'hub.sqlite');
    truncateSync(file, 0);
    rmSync(`${file}-wal`, { force: true });
    const e = await expectRefused(dir, 'empty');
    expect(e.message).toContain('motcua-hub restore');
    expect(e.message).toContain(join(dir, 'secrets', WARD_ID_FILE));
    expect(statSync(file).size).toBe(0); // nothing was written over it
    rmSync(file);
    await expectRefused(dir, 'missing');
    expect(existsSync(file)).toBe(false);
  });

  it('a truncated file, a damaged page and a file that is not a database are each refused with what to do', { timeout: 30_000 }, async () => {
    const dir = await wardThatRan();
    const file = join(dir, 'hub.sqlite');
    const good = join(dir, 'good.sqlite');
    copyFileSync(file, good);
    const size = statSync(file).size;

    truncateSync(file, Math.floor(size / 2));
    const truncated = await expectRefused(dir, 'damaged');
    expect(truncated.message).toMatch(/bị hỏng hoặc bị cắt cụt/);

    // One page of the tickets table's index overwritten with garbage.
    copyFileSync(good, file);
    const db = new Database(good, { readonly: true });
    const page = (db.prepare("SELECT rootpage FROM sqlite_master WHERE type = 'index' AND tbl_name = 'tickets' ORDER BY rootpage DESC LIMIT 1").get() as { rootpage: number }).rootpage;
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    db.close();
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(pageSize, 0xab), 0, pageSize, (page - 1) * pageSize);
    closeSync(fd);
    const damaged = await expectRefused(dir, 'damaged');
    expect(damaged.message).toMatch(/quick_check|SQLITE_CORRUPT/);

    writeFileSync(file, Buffer.alloc(8192, 0x41));
    await expectRefused(dir, 'not_a_database');

    // The good copy starts again: same ward, same numbers.
    copyFileSync(good, file);
    f = await startFixture({}, undefined, dir);
    const { socket: kiosk } = await f.kiosk();
    const next = expectOk(await send(kiosk, 'ticket:issue', { serviceId: 's-chung-thuc', channel: 'kiosk', requestId: 'integrity-after', print: false }));
    expect(next.ticket.number).toBe('1031');
  });

  it("another ward's database is refused; a restored database on a new machine adopts its identity", { timeout: 30_000 }, async () => {
    const a = await wardThatRan();
    const b = await wardThatRan();
    copyFileSync(join(b, 'hub.sqlite'), join(a, 'hub.sqlite'));
    await expectRefused(a, 'other_ward');
    // A new machine: the database restored, no identity file yet → it is written from the database.
    rmSync(join(b, 'secrets', WARD_ID_FILE));
    f = await startFixture({}, undefined, b);
    expect(existsSync(join(b, 'secrets', WARD_ID_FILE))).toBe(true);
  });

  it('the real process prints the paragraph, no stack, and exits 2', { timeout: 60_000 }, async () => {
    const dir = await wardThatRan();
    truncateSync(join(dir, 'hub.sqlite'), 0);
    rmSync(join(dir, 'hub.sqlite-wal'), { force: true });
    const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('MOTCUA_') && k !== 'NODE_ENV'));
    const child = spawn(process.execPath, ['--import', 'tsx', join(HUB, 'src/main.ts')], {
      cwd: HUB,
      env: { ...clean, LOG_LEVEL: 'silent', MOTCUA_HOST: '127.0.0.1', MOTCUA_PORT: '0', MOTCUA_DATA_DIR: dir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((r) => child.once('close', r));
    expect(code).toBe(2);
    expect(stderr).toMatch(/^motcua-hub: Máy chủ không khởi động: tệp dữ liệu .* rỗng \(0 byte\)/);
    expect(stderr).toContain('The hub did not start: the data file');
    expect(stderr).not.toMatch(/\n\s+at /); // no stack
  });
});
