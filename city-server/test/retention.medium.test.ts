/**
 * Retention of the city's raw events (retention.ts) on a real PostgreSQL: events older than
 * eventRetentionDays are deleted, newer ones stay, the figures (city_daily) stay, and a purged
 * event sent again is not stored again.
 *
 * Which bugs it catches: a purge that ignores the configured days (tried: `const before =
 * this.clock.now()` deletes the recent events too: "expected 6 to be 3"), a purge that also
 * clears projections, and a purge that lowers the high-water mark so old events come back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { businessDay } from '@motcua/shared';
import { EventRetention } from '../src/retention';
import { startCityServer, type CityHandle } from '../src/server';
import { createLogger } from '../src/logger';
import { generateKey } from '../src/secrets';
import { SyncClient } from '../src/sync-client';
import { startTestPostgres, type TestPostgres } from './pg';
import { counterEvent, issuedEvent, numbered, TEST_CATALOG } from './events';

const log = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
const DAY = 86_400_000;
let pgs: TestPostgres;
let city: CityHandle;
let db: pg.Pool;

beforeAll(async () => {
  pgs = await startTestPostgres();
  const dbUrl = await pgs.database('retention');
  city = await startCityServer({ port: 0, databaseUrl: dbUrl, logger: log, scheduleReports: false, secretsKey: generateKey(), socketAdapter: 'memory' });
  db = new pg.Pool({ connectionString: dbUrl, max: 2 });
  // An idle client's connection ended by the database stopping at teardown (57P01) is an 'error' on
  // the pool; unheard, it is an uncaught exception that fails the run. Queries in flight still reject.
  db.on('error', () => undefined);
  db.on('error', () => undefined);
});
afterAll(async () => {
  await db?.end();
  await city?.close();
  await pgs?.stop();
});

const count = async (hubId: string): Promise<number> => Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM city_events WHERE hub_id = $1', [hubId])).rows[0]!.n);

describe('city event retention', () => {
  it('deletes raw events past the configured days (default 400), keeps newer ones and the figures, and never takes an old event back', async () => {
    expect(city.server.retention.days).toBe(400);
    const k = await city.registerHub({ hubId: 'ward-old', name: { vi: 'Phường Cũ', en: 'Old Ward' } });
    const c = new SyncClient({ url: city.url, hubId: 'ward-old', keyId: k.keyId, key: k.key });
    const now = Date.now();
    const oldAt = now - 450 * DAY;
    const recentAt = now - 10 * DAY;
    const oldDay = businessDay(oldAt, 'Asia/Ho_Chi_Minh');
    const old = numbered(0, oldDay, [
      { at: oldAt, event: counterEvent('counter.opened', 'c1') },
      { at: oldAt + 1000, event: issuedEvent('t-old-1', { serviceId: 's-chung-thuc', queuedAt: oldAt + 1000 }) },
      { at: oldAt + 2000, event: issuedEvent('t-old-2', { serviceId: 's-chung-thuc', queuedAt: oldAt + 2000, number: '1002' }) },
    ]);
    const recent = numbered(3, businessDay(recentAt, 'Asia/Ho_Chi_Minh'), [
      { at: recentAt, event: counterEvent('counter.opened', 'c1') },
      { at: recentAt + 1000, event: issuedEvent('t-new-1', { serviceId: 's-chung-thuc', queuedAt: recentAt + 1000 }) },
      { at: recentAt + 2000, event: counterEvent('counter.closed', 'c1') },
    ]);
    expect((await c.send(0, [...old, ...recent], { catalog: TEST_CATALOG })).status).toBe(200);
    expect(await count('ward-old')).toBe(6);

    // The days marked (basis days) and the days with hour rows, as one list each.
    const minuteDays = async (): Promise<string[][]> =>
      Promise.all(['city_minute_days', 'city_minute_hours'].map(async (table) => (await db.query<{ day: string }>(`SELECT DISTINCT day FROM ${table} WHERE hub_id = $1 ORDER BY day`, ['ward-old'])).rows.map((r) => r.day)));
    expect(await minuteDays()).toEqual([0, 1].map(() => [oldDay, businessDay(recentAt, 'Asia/Ho_Chi_Minh')]));
    expect(await city.server.retention.purge()).toBe(3);
    expect(await count('ward-old')).toBe(3);
    // The per-minute arrivals go after six weeks (the forecast reads four), the ten-day-old stay.
    // Catches a purge that forgets the minute tables (break tried: the DELETE removed: two days left).
    expect(await minuteDays()).toEqual([0, 1].map(() => [businessDay(recentAt, 'Asia/Ho_Chi_Minh')]));
    const left = await db.query<{ seq: string }>('SELECT seq FROM city_events WHERE hub_id = $1 ORDER BY seq', ['ward-old']);
    expect(left.rows.map((r) => Number(r.seq))).toEqual([4, 5, 6]);
    // The figures of the old day stay.
    const daily = await db.query<{ issued: number }>('SELECT issued FROM city_daily WHERE hub_id = $1 AND day = $2', ['ward-old', oldDay]);
    expect(daily.rows.map((r) => Number(r.issued))).toEqual([2]);
    // The hub sends the old events again (a restored backup): skipped, not stored again.
    const again = await c.send(0, old);
    expect(again).toMatchObject({ status: 200, body: { ok: true, data: { accepted: 0, duplicates: 3 } } });
    expect(await count('ward-old')).toBe(3);
    // A shorter retention (CITY_EVENT_RETENTION_DAYS=5) takes the ten-day-old events too.
    expect(await new EventRetention(city.server.pool, { now: () => Date.now() }, log, 5).purge()).toBe(3);
    expect(await count('ward-old')).toBe(0);
  });
});
