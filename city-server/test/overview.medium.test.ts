/**
 * The all-wards overview (db/overview.ts) on a real PostgreSQL, from summaries and live tickets:
 * the queue now, today's percentiles from the histograms of several fields added together, the
 * week's late share, and the ward at risk first.
 *
 * Which bugs it catches: histograms of a ward's fields added with their buckets shifted (tried:
 * grouping by `i % 22` instead of `(i - 1) % 22`: "expected 4 to be 3"), a week window that
 * leaves out today or reads days before it, and live counts from other days' tickets.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { migrate } from '../src/db/migrations';
import { wardsOverview } from '../src/db/overview';
import { emptyHistogram, WAIT_BUCKETS_MIN } from '../src/db/summary';
import { startTestPostgres, type TestPostgres } from './pg';

let pgs: TestPostgres;
let db: pg.Pool;

beforeAll(async () => {
  pgs = await startTestPostgres();
  db = new pg.Pool({ connectionString: await pgs.database('overview'), max: 2 });
  // An idle client's connection ended by the database stopping at teardown (57P01) is an 'error' on
  // the pool; unheard, it is an uncaught exception that fails the run. Queries in flight still reject.
  db.on('error', () => undefined);
  db.on('error', () => undefined);
  await migrate(db);
});
afterAll(async () => {
  await db?.end();
  await pgs?.stop();
});

const hist = (entries: Record<number, number>): number[] => {
  const h = emptyHistogram();
  for (const [min, n] of Object.entries(entries)) h[WAIT_BUCKETS_MIN.indexOf(Number(min))] = n;
  return h;
};

describe('wardsOverview', () => {
  it('reads the queue now, today and the week from the summaries, riskiest ward first', async () => {
    const now = Date.parse('2026-12-04T03:00:00Z');
    for (const id of ['calm', 'busy']) await db.query('INSERT INTO city_hubs (hub_id, name_vi, name_en) VALUES ($1, $2, $3)', [id, `Phường ${id}`, `Ward ${id}`]);
    const daily = 'INSERT INTO city_daily (hub_id, day, field_code, issued, wait_n, wait_over_n, wait_hist) VALUES ($1, $2, $3, $4, $5, $6, $7)';
    // busy, today: field HT 2 waits of 2–3 min, field DD 2 waits of 30–40 min → median 2.5 + … , p90 in 30–40.
    await db.query(daily, ['busy', '2026-12-04', 'HT', 3, 2, 0, hist({ 2: 2 })]);
    await db.query(daily, ['busy', '2026-12-04', 'DD', 2, 2, 2, hist({ 30: 2 })]);
    await db.query(daily, ['busy', '2026-11-30', 'HT', 10, 10, 4, hist({ 20: 10 })]);
    await db.query(daily, ['busy', '2026-11-20', 'HT', 50, 50, 50, hist({ 60: 50 })]); // before the week
    await db.query(daily, ['calm', '2026-12-04', 'HT', 4, 4, 0, hist({ 1: 4 })]);
    const ticket = 'INSERT INTO city_tickets (hub_id, ticket_id, day, field_code, state, queued_at) VALUES ($1, $2, $3, $4, $5, $6)';
    await db.query(ticket, ['busy', 't1', '2026-12-04', 'DD', 'waiting', now - 35 * 60_000]);
    await db.query(ticket, ['busy', 't2', '2026-12-04', 'DD', 'waiting', now - 5 * 60_000]);
    await db.query(ticket, ['busy', 't0', '2026-12-03', 'DD', 'waiting', now - 900 * 60_000]); // yesterday's, left over
    await db.query(ticket, ['calm', 't3', '2026-12-04', 'HT', 'serving', now - 2 * 60_000]);

    const rows = await wardsOverview(db, { today: '2026-12-04', weekFrom: '2026-11-28', now, lateThresholdMs: 20 * 60_000 });
    expect(rows.map((r) => r.hubId)).toEqual(['busy', 'calm']);
    const busy = rows[0]!;
    expect(busy).toMatchObject({ waiting: 2, waitingLate: 1, oldestWaitMin: 35, issuedToday: 5, waitsToday: 4, lateToday: 2 });
    // 4 waits: two in [2, 3), two in [30, 40): the median is the top of the 2–3 bucket, p90 inside 30–40.
    expect(busy.p50Today).toBe(3);
    expect(busy.p90Today).toBeGreaterThan(30);
    expect(busy.p90Today).toBeLessThan(40);
    expect(busy.lateShareWeek).toBeCloseTo(6 / 14, 10);
    const calm = rows[1]!;
    expect(calm).toMatchObject({ waiting: 0, waitingLate: 0, oldestWaitMin: null, issuedToday: 4, lateShareWeek: 0 });
    expect(calm.p50Today).toBe(1.5);
  });
});
