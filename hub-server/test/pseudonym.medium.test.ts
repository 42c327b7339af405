/**
 * The CCCD pseudonym (issue 14, item 6): HMAC-SHA256 under a key kept in the secrets folder (file
 * 0600, folder 0700), never in the database; the data folder 0700 and its files 0600. A copy of
 * hub.sqlite alone no longer lets anyone test candidate ID numbers against the stored hashes.
 */
import { createHash, createHmac } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, openDatabase } from '../src/db/database';
import { MIGRATIONS } from '../src/db/migrations';
import { expectOk, send } from './client';
import { MONDAY_9AM, startFixture, type Fixture } from './fixture';

let f: Fixture | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await f?.close();
  f = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const ID = '079203001234';
const citizen = { idNumber: ID, fullName: 'Trần Thị Bình', dateOfBirth: '1950-04-12' };
const mode = (path: string): number => statSync(path).mode & 0o777;

async function issueWithId(fx: Fixture, requestId: string): Promise<string | null> {
  const { socket: kiosk } = await fx.kiosk();
  const issued = expectOk(await send(kiosk, 'ticket:issue', { serviceId: 's-chung-thuc', channel: 'kiosk', requestId, print: false, citizen }));
  const row = fx.hub.db.prepare('SELECT citizen_id_hash AS h FROM tickets WHERE id = ?').get(issued.ticket.id) as { h: string | null };
  return row.h;
}

describe('CCCD pseudonym keyed outside the database', () => {
  it('is HMAC-SHA256 under the key in secrets/citizen-id.key (0600, folder 0700); the key is nowhere in the database', async () => {
    const fx = await startFixture();
    f = fx;
    const keyFile = join(fx.dir, 'secrets', 'citizen-id.key');
    const key = Buffer.from(readFileSync(keyFile, 'utf8').trim(), 'hex');
    expect(key).toHaveLength(32);
    expect(mode(keyFile)).toBe(0o600);
    expect(mode(join(fx.dir, 'secrets'))).toBe(0o700);

    const hash = await issueWithId(fx, 'pseud-0001');
    expect(hash).toBe(createHmac('sha256', key).update(ID).digest('hex'));
    expect(hash).not.toBe(createHash('sha256').update(ID).digest('hex'));
    // No salt or key in the database for an attacker with a copy of it.
    expect(fx.hub.db.prepare("SELECT COUNT(*) AS n FROM meta WHERE key = 'citizen_id_salt'").get()).toEqual({ n: 0 });
    fx.hub.db.pragma('wal_checkpoint(TRUNCATE)');
    const bytes = readFileSync(join(fx.dir, 'hub.sqlite')).toString('latin1');
    expect(bytes).not.toContain(key.toString('hex'));
    expect(bytes).not.toContain(ID);
  });

  it('the same key after a restart: the same ID gets the same pseudonym (duplicates still match)', async () => {
    const first = await startFixture();
    f = first;
    const before = await issueWithId(first, 'pseud-0002');
    const dir = first.dir;
    await first.hub.close();
    f = await startFixture({}, MONDAY_9AM + 60_000, dir);
    expect(await issueWithId(f, 'pseud-0003')).toBe(before);
  });

  it('the data folder is 0700 and hub.sqlite, -wal and -shm are 0600, also when they were not before', () => {
    const dir = mkdtempSync(join(tmpdir(), 'motcua-perm-'));
    dirs.push(dir);
    const data = join(dir, 'data');
    mkdirSync(data, { mode: 0o755 });
    chmodSync(data, 0o755);
    const first = openDatabase(join(data, 'hub.sqlite'));
    first.close();
    chmodSync(join(data, 'hub.sqlite'), 0o644);
    const db = openDatabase(join(data, 'hub.sqlite'));
    try {
      db.prepare("INSERT INTO meta (key, value) VALUES ('probe', 'x')").run();
      expect(mode(data)).toBe(0o700);
      for (const file of ['hub.sqlite', 'hub.sqlite-wal', 'hub.sqlite-shm']) expect([file, mode(join(data, file))]).toEqual([file, 0o600]);
      expect(db.pragma('secure_delete', { simple: true })).toBe(1);
    } finally {
      db.close();
    }
  });

  it('migration: the old salt is deleted; hashes made with it stay until retention erases them (they cannot be converted)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'motcua-migr-'));
    dirs.push(dir);
    const file = join(dir, 'hub.sqlite');
    // A database from before: migrations 1–3, a salt in meta and a ticket hashed with it.
    const old = new Database(file);
    old.pragma('journal_mode = WAL');
    migrate(old, MIGRATIONS.filter((m) => m.version <= 3));
    const salt = 'ab'.repeat(32);
    const oldHash = createHash('sha256').update(salt).update(ID).digest('hex');
    old.prepare("INSERT INTO meta (key, value) VALUES ('citizen_id_salt', ?)").run(salt);
    old.exec("INSERT INTO fields (id, code, name_vi, name_en) VALUES ('f1', 'F1', 'a', 'a'); INSERT INTO services (id, code, name_vi, name_en, field_id, prefix, expected_service_min) VALUES ('s1', 'S1', 'a', 'a', 'f1', '1', 5);");
    old.prepare("INSERT INTO tickets (id, day, number, seq_no, service_id, channel, state, issued_at, queued_at, citizen_id_hash) VALUES ('t1', '2026-11-20', '1001', 1, 's1', 'kiosk', 'done', 0, 0, ?)").run(oldHash);
    old.close();

    const db = openDatabase(file);
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
      expect(db.prepare("SELECT COUNT(*) AS n FROM meta WHERE key = 'citizen_id_salt'").get()).toEqual({ n: 0 });
      expect(db.prepare("SELECT citizen_id_hash AS h FROM tickets WHERE id = 't1'").get()).toEqual({ h: oldHash });
      db.pragma('wal_checkpoint(TRUNCATE)');
      // secure_delete: the deleted salt is overwritten, not left in the file's free space.
      expect(readFileSync(file).toString('latin1')).not.toContain(salt);
    } finally {
      db.close();
    }
  });
});
