/**
 * What a process kill cannot test (tests/crash.test.ts): that an acknowledged command survives a
 * power cut. That rests on SQLite's settings on the hub's connection — WAL with
 * `synchronous=FULL` fsyncs the WAL at every commit, before the hub acknowledges — so this checks
 * the settings themselves, on the database the hub really opens.
 *
 * Deliberate break tried: `synchronous = OFF` (or NORMAL) in openDatabase fails "fsyncs every
 * commit"; the crash drill passes with it, since the kernel still writes a killed process's pages.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/database';
import { MONDAY_9AM, startFixture, type Fixture } from './fixture';

let f: Fixture | null = null;
const dirs: string[] = [];
afterEach(async () => {
  await f?.close();
  f = null;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('durability settings of the hub database', () => {
  it('openDatabase: WAL, synchronous=FULL (fsyncs every commit), foreign keys on', () => {
    const dir = mkdtempSync(join(tmpdir(), 'motcua-ops-durable-'));
    dirs.push(dir);
    const db = openDatabase(join(dir, 'hub.sqlite'));
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('synchronous', { simple: true }), 'synchronous must be FULL (2)').toBe(2);
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    } finally {
      db.close();
    }
  });

  it('the running hub’s own connection has the same settings', async () => {
    f = await startFixture({}, MONDAY_9AM);
    expect(f.hub.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(f.hub.db.pragma('synchronous', { simple: true })).toBe(2);
  });
});
