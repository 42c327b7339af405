/**
 * The city tier's monthly partitions (migration 20) on a real PostgreSQL:
 * - an existing city database (version 4, unpartitioned) migrates: every event and ticket is kept,
 *   in its month's partition, and the daily summaries get their wait histograms from the tickets;
 * - rows of a month without a partition wait in the default partition and move when it is made;
 * - retention drops a month wholly past the retention as a partition and deletes the rest by rows.
 *
 * Which bugs it catches: a migration that loses the old rows (tried: leaving out the INSERT …
 * SELECT from city_events_old: "expected 0 to be 3"), a histogram backfill with the bucket of a
 * wait off by one (a 20-minute wait counted in 18–20), and a retention that drops the boundary
 * month (it holds events newer than the cut).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { MIGRATIONS, migrate } from '../src/db/migrations';
import { createLogger } from '../src/logger';
import { EventRetention, monthPartitions } from '../src/retention';
import { WAIT_BUCKETS_MIN } from '../src/db/summary';
import { startTestPostgres, type TestPostgres } from './pg';

const log = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
let pgs: TestPostgres;
let db: pg.Pool;

beforeAll(async () => {
  pgs = await startTestPostgres();
  db = new pg.Pool({ connectionString: await pgs.database('partitions'), max: 2 });
  // An idle client's connection ended by the database stopping at teardown (57P01) is an 'error' on
  // the pool; unheard, it is an uncaught exception that fails the run. Queries in flight still reject.
  db.on('error', () => undefined);
  db.on('error', () => undefined);
});
afterAll(async () => {
  await db?.end();
  await pgs?.stop();
});

const n = async (sql: string, params: unknown[] = []): Promise<number> => Number((await db.query<{ n: string }>(sql, params)).rows[0]!.n);

describe('city partitions', () => {
  it('migrates an existing unpartitioned city, keeps every row in its month, and backfills the wait histograms', async () => {
    // The city as it was before migration 20.
    await db.query('CREATE TABLE city_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())');
    for (const m of MIGRATIONS.filter((x) => x.version <= 4)) {
      await db.query(m.sql);
      await db.query('INSERT INTO city_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
    }
    await db.query("INSERT INTO city_hubs (hub_id, name_vi, name_en) VALUES ('w1', 'Phường 1', 'Ward 1')");
    await db.query(
      `INSERT INTO city_events (hub_id, seq, at, day, type, payload) VALUES
       ('w1', 1, 1, '2025-01-15', 'ticket.issued', '{}'), ('w1', 2, 2, '2025-01-31', 'ticket.called', '{}'), ('w1', 3, 3, '2025-02-01', 'ticket.issued', '{}')`,
    );
    await db.query(
      `INSERT INTO city_tickets (hub_id, ticket_id, day, field_code, state, wait_ms) VALUES
       ('w1', 't1', '2025-01-15', 'HT', 'done', 0), ('w1', 't2', '2025-01-15', 'HT', 'done', 1200000), ('w1', 't3', '2025-01-15', 'HT', 'done', 1199999), ('w1', 't4', '2025-02-01', 'HT', 'waiting', NULL)`,
    );
    await db.query("INSERT INTO city_daily (hub_id, day, field_code, issued, wait_n) VALUES ('w1', '2025-01-15', 'HT', 3, 3), ('w1', '2025-02-01', 'HT', 1, 0)");

    await migrate(db);

    expect(await n('SELECT count(*) AS n FROM city_events')).toBe(3);
    expect(await n('SELECT count(*) AS n FROM city_tickets')).toBe(4);
    expect(await n('SELECT count(*) AS n FROM ONLY city_events_default')).toBe(0);
    expect(await n('SELECT count(*) AS n FROM city_events_m202501')).toBe(2);
    expect(await n('SELECT count(*) AS n FROM city_tickets_m202502')).toBe(1);
    const parts = await monthPartitions(db, 'city_events');
    expect(parts.map((p) => p.name)).toEqual(expect.arrayContaining(['city_events_m202501', 'city_events_m202502']));
    const hist = (await db.query<{ wait_hist: number[] }>("SELECT wait_hist FROM city_daily WHERE day = '2025-01-15'")).rows[0]!.wait_hist;
    expect(hist).toHaveLength(WAIT_BUCKETS_MIN.length);
    const at = (min: number): number => hist[WAIT_BUCKETS_MIN.indexOf(min)]!;
    expect([at(0), at(18), at(20)]).toEqual([1, 1, 1]);
    const empty = (await db.query<{ wait_hist: number[] }>("SELECT wait_hist FROM city_daily WHERE day = '2025-02-01'")).rows[0]!.wait_hist;
    expect(empty.every((x) => x === 0)).toBe(true);
    // The idempotency key still refuses a second copy of an event.
    await expect(db.query("INSERT INTO city_events (hub_id, seq, at, day, type, payload) VALUES ('w1', 1, 1, '2025-01-15', 'x', '{}')")).rejects.toThrow(/duplicate key/);
  });

  it('keeps a month without a partition in the default partition until the partition is made', async () => {
    await db.query("INSERT INTO city_events (hub_id, seq, at, day, type, payload) VALUES ('w1', 4, 4, '2024-06-03', 'ticket.issued', '{}')");
    expect(await n('SELECT count(*) AS n FROM ONLY city_events_default')).toBe(1);
    await db.query("SELECT city_ensure_month('city_events', '2024-06')");
    expect(await n('SELECT count(*) AS n FROM ONLY city_events_default')).toBe(0);
    expect(await n('SELECT count(*) AS n FROM city_events_m202406')).toBe(1);
  });

  it('drops the months wholly past the retention and deletes the rest of the boundary month by rows', async () => {
    // Cut at 2025-01-20 (retention 10 days, "now" 2025-01-30): June 2024 goes as a partition, January
    // 2025 stays (it holds 2025-01-31) with its 2025-01-15 event deleted, February stays.
    const now = Date.parse('2025-01-30T12:00:00Z');
    await db.query("UPDATE city_events SET at = $1 WHERE day = '2025-01-15'", [Date.parse('2025-01-15T03:00:00Z')]);
    await db.query("UPDATE city_events SET at = $1 WHERE day = '2025-01-31'", [Date.parse('2025-01-31T03:00:00Z')]);
    await db.query("UPDATE city_events SET at = $1 WHERE day = '2025-02-01'", [Date.parse('2025-02-01T03:00:00Z')]);
    await db.query("UPDATE city_events SET at = $1 WHERE day = '2024-06-03'", [Date.parse('2024-06-03T03:00:00Z')]);
    const deleted = await new EventRetention(db, { now: () => now }, log, 10).purge();
    expect(deleted).toBe(2);
    const names = (await monthPartitions(db, 'city_events')).map((p) => p.name);
    expect(names).not.toContain('city_events_m202406');
    expect(names).toContain('city_events_m202501');
    expect((await db.query<{ day: string }>('SELECT day FROM city_events ORDER BY day')).rows.map((r) => r.day)).toEqual(['2025-01-31', '2025-02-01']);
    expect(await n("SELECT count(*) AS n FROM city_daily WHERE day = '2025-01-15'")).toBe(1);
  });
});
