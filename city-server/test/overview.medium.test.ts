/**
 * The all-wards overview (`LiveQueries.wards`, the one query of every ward: the dashboard's, and
 * the one bench:sync times) on a real PostgreSQL, from summaries and live tickets: the queue now,
 * today's percentiles from the histograms of several fields added together, the week's late
 * share, the calls of the last hour and the same-weekday arrivals from the per-minute summary,
 * and the ward at risk first.
 *
 * Which bugs it catches: histograms of a ward's fields added with their buckets shifted (tried:
 * grouping by `i % 22` instead of `(i - 1) % 22`: "expected 4 to be 3"; with the per-bucket sums,
 * `sum(wait_hist[i + 2])` instead of `[i + 1]`: "expected 2 to be 3"), a week window that
 * leaves out today or reads days before it, live counts from other days' tickets, and a minute
 * window one off (tried: arrivals from `nowMin` instead of `nowMin + 1`: the arrival in the
 * current minute counted, arrivalsNextHour 5 instead of 2).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { migrate } from '../src/db/migrations';
import { addMinutes, MINUTE_OFFSET, MINUTE_SLOTS } from '../src/db/minutes';
import { emptyHistogram, WAIT_BUCKETS_MIN } from '../src/db/summary';
import { LiveQueries } from '../src/live';
import { startTestPostgres, type TestPostgres } from './pg';

let pgs: TestPostgres;
let db: pg.Pool;

beforeAll(async () => {
  pgs = await startTestPostgres();
  db = new pg.Pool({ connectionString: await pgs.database('overview'), max: 2 });
  // An idle client's connection ended by the database stopping at teardown (57P01) is an 'error' on
  // the pool; unheard, it is an uncaught exception that fails the run. Queries in flight still reject.
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

/** A minute array with `n` at each given minute after local midnight. */
const minutes = (at: Record<number, number>): number[] => {
  const a = new Array<number>(MINUTE_SLOTS).fill(0);
  for (const [m, n] of Object.entries(at)) a[Number(m) + MINUTE_OFFSET] = n;
  return a;
};

describe('the all-wards overview', () => {
  it('reads the queue now, today, the week and the coming hour from the summaries, riskiest ward first', async () => {
    // 10:00:30 in Ho Chi Minh City: minute 600 of 2026-12-04.
    const now = Date.parse('2026-12-04T03:00:30Z');
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
    // Today: calls at 09:00 (out of the last hour), 09:01, 09:30 and 10:00 (in it).
    await addMinutes(db, 'busy', [{ day: '2026-12-04', arrivals: minutes({}), calls: minutes({ 540: 5, 541: 1, 570: 2, 600: 1 }) }]);
    // Same weekday a week and two weeks ago: arrivals at 10:00 (this minute: not the coming hour),
    // 10:01 … 11:00 (the coming hour) and 11:01 (after it); three weeks ago nothing at all.
    await addMinutes(db, 'busy', [{ day: '2026-11-27', arrivals: minutes({ 600: 7, 601: 1, 660: 1, 661: 9 }), calls: minutes({}) }]);
    await addMinutes(db, 'busy', [{ day: '2026-11-20', arrivals: minutes({ 630: 2 }), calls: minutes({}) }]);
    await addMinutes(db, 'busy', [{ day: '2026-10-30', arrivals: minutes({ 630: 40 }), calls: minutes({}) }]); // five weeks back: not read

    const live = new LiveQueries(db, { now: () => now }, 'Asia/Ho_Chi_Minh', 20 * 60_000);
    const rows = await live.wards();
    expect(rows.map((r) => r.hubId)).toEqual(['busy', 'calm']);
    const busy = rows[0]!;
    expect(busy).toMatchObject({ waiting: 2, waitingLate: 1, oldestWaitMin: 35, today: { issued: 5 }, risk: 'over' });
    // 4 waits: two in [2, 3), two in [30, 40): the median is the top of the 2–3 bucket, p90 inside 30–40.
    expect(busy.waitTodayMin.p50).toBe(3);
    expect(busy.waitTodayMin.p90).toBeGreaterThan(30);
    expect(busy.waitTodayMin.p90).toBeLessThan(40);
    expect(busy.lateShareWeek).toBeCloseTo(6 / 14, 10);
    // Calls 09:01–10:00: 4; two same weekdays with history, (2 + 2) arrivals: 2 an hour.
    expect(busy.forecast).toMatchObject({ basisDays: 2, callsLastHour: 4, arrivalsNextHour: 2 });
    const calm = rows[1]!;
    expect(calm).toMatchObject({ waiting: 0, waitingLate: 0, oldestWaitMin: 0, today: { issued: 4 }, lateShareWeek: 0, forecast: null });
    expect(calm.waitTodayMin.p50).toBe(1.5);
    // One ward asked for: the same figures, no other ward.
    const only = await live.wards(['busy']);
    expect(only).toHaveLength(1);
    expect(only[0]).toEqual(busy);
  });

  // Catches kept past days that are never read again: another city process's late upload (no
  // pastDaysStored here) must show after the background refresh (30 s) and an answer must never
  // use figures older than two minutes (breaks: the refresh never started → the poll times out;
  // the age check removed → still 4/9 after 121 s), while a ward page reads its own at once.
  it("keeps the week's past days between answers, refreshes them in the background after 30 s and never uses them older than 2 minutes", async () => {
    let now = Date.parse('2026-12-04T03:00:30Z');
    await db.query('INSERT INTO city_hubs (hub_id, name_vi, name_en) VALUES ($1, $2, $3)', ['kept', 'Phường kept', 'Ward kept']);
    const daily = 'INSERT INTO city_daily (hub_id, day, field_code, wait_n, wait_over_n, wait_hist) VALUES ($1, $2, $3, $4, $5, $6)';
    await db.query(daily, ['kept', '2026-12-03', 'HT', 4, 0, hist({ 2: 4 })]);
    await db.query(daily, ['kept', '2026-12-04', 'HT', 1, 0, hist({ 2: 1 })]);
    const live = new LiveQueries(db, { now: () => now }, 'Asia/Ho_Chi_Minh', 20 * 60_000);
    const share = async (): Promise<number | null> => (await live.wards()).find((w) => w.hubId === 'kept')!.lateShareWeek;
    expect(await share()).toBe(0);
    await db.query(daily, ['kept', '2026-12-02', 'DD', 4, 4, hist({ 30: 4 })]); // stored by another process
    expect(await share()).toBe(0); // kept
    expect((await live.wards(['kept']))[0]!.lateShareWeek).toBeCloseTo(4 / 9, 10); // a ward page reads its own
    now += 31_000;
    expect(await share()).toBe(0); // this answer keeps them and starts the refresh
    const end = Date.now() + 5_000;
    let seen = await share();
    while (seen === 0 && Date.now() < end) {
      await new Promise((r) => setTimeout(r, 20));
      seen = await share();
    }
    expect(seen).toBeCloseTo(4 / 9, 10);
    await db.query(daily, ['kept', '2026-12-01', 'DD', 3, 3, hist({ 30: 3 })]);
    now += 121_000;
    expect(await share()).toBeCloseTo(7 / 12, 10); // too old to use: read before answering
  });
});
