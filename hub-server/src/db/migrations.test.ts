import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from './database';
import { MIGRATIONS } from './migrations';

describe('migrations', () => {
  it('are numbered 1..n without gaps, in order, each with a name', () => {
    MIGRATIONS.forEach((m, i) => {
      expect(m.version).toBe(i + 1);
      expect(m.name.length).toBeGreaterThan(0);
    });
  });

  it('apply to an empty database once, and again is a no-op', () => {
    const db = new Database(':memory:');
    expect(migrate(db, MIGRATIONS)).toBe(MIGRATIONS.length);
    expect(migrate(db, MIGRATIONS)).toBe(0);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name);
    expect(tables).toEqual(expect.arrayContaining(['tickets', 'events', 'day_counters', 'counters', 'devices']));
  });

  it('the day counter hands out each number once per day and prefix', () => {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS);
    const next = db.prepare('INSERT INTO day_counters (day, prefix, last) VALUES (?, ?, 1) ON CONFLICT (day, prefix) DO UPDATE SET last = last + 1 RETURNING last');
    const take = (day: string, prefix: string) => (next.get(day, prefix) as { last: number }).last;
    expect([take('d1', '1'), take('d1', '1'), take('d1', '2'), take('d2', '1'), take('d1', '1')]).toEqual([1, 2, 1, 1, 3]);
  });
});
