/**
 * Arrivals and first calls by ward, day and hour (`city_minute_hours`, migration 22, db/minutes.ts)
 * on a real PostgreSQL:
 * - migration 22 converts the day arrays of migration 21 (`city_minutes`) into cumulative hour
 *   rows keeping every count, minute by minute, the first and last slots of the day included,
 *   and the ingest's conversion (`hourRows`) gives the same rows;
 * - after a real ingest (signed batches through the city server), the overview's calls of the last
 *   hour, same-weekday arrivals in the coming hour and basis days equal a brute-force count over
 *   `city_tickets`, for several wards and for clocks on and either side of an hour's boundary.
 *
 * Which bugs it catches: a window one minute off at the hour boundary (tried: `C_{h+1}[r + 1]`
 * instead of `C_{h+1}[r]` in `sqlWindowShare`: the brute-force check fails, first for w-full at
 * 09:59:59); an hour cut one minute off in the migration's conversion (tried: the slice
 * `a[h * 60 + 2 : h * 60 + 61]` in `city_minute_hours_of`: the converted day differs) or in the
 * ingest's (tried: `d.arrivals[first + j + 1]` in `hourRows`: both tests fail); a migration that
 * forgets the days with no counted minute (the basis days: w3's all-zero day must stay marked).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { addDays, businessDay, hubEvent, localMidnight, type HubEvent, type SyncEvent } from '@motcua/shared';
import { MIGRATIONS, migrate } from '../src/db/migrations';
import { hourRows, MINUTE_OFFSET, MINUTE_SLOTS } from '../src/db/minutes';
import { LiveQueries } from '../src/live';
import { createLogger } from '../src/logger';
import { startCityServer, type CityHandle } from '../src/server';
import { SyncClient } from '../src/sync-client';
import { issuedEvent, moved, numbered, rng, TEST_CATALOG } from './events';
import { startTestPostgres, type TestPostgres } from './pg';

const log = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
const MIN = 60_000;
const TZ = 'Asia/Ho_Chi_Minh';
let pgs: TestPostgres;

beforeAll(async () => {
  pgs = await startTestPostgres();
});
afterAll(async () => {
  await pgs?.stop();
});

type Row = { day: string; hour: number; arrivals: number[]; calls: number[] };

/** The day arrays (`MINUTE_SLOTS` each) back from a ward-day's cumulative hour rows. */
function dayArrays(rows: readonly Row[]): { arrivals: number[]; calls: number[] } {
  const arrivals = new Array<number>(MINUTE_SLOTS).fill(0);
  const calls = new Array<number>(MINUTE_SLOTS).fill(0);
  for (const r of rows) {
    expect(r.arrivals).toHaveLength(60);
    for (let j = 0; j < 60; j++) {
      const slot = (r.hour * 60 + MINUTE_OFFSET) + j;
      arrivals[slot] = r.arrivals[j]! - (j ? r.arrivals[j - 1]! : 0);
      calls[slot] = r.calls[j]! - (j ? r.calls[j - 1]! : 0);
    }
  }
  return { arrivals, calls };
}

describe('arrivals and calls by hour', () => {
  it('migration 22 keeps every count of the day arrays, minute by minute', async () => {
    const db = new pg.Pool({ connectionString: await pgs.database('minutes_migration'), max: 2 });
    db.on('error', () => undefined);
    try {
      // The city as it was at migration 21.
      await db.query('CREATE TABLE city_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())');
      for (const m of MIGRATIONS.filter((x) => x.version <= 21)) {
        await db.query(m.sql);
        await db.query('INSERT INTO city_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      }
      const random = rng(22);
      const days: { hubId: string; day: string; arrivals: number[]; calls: number[] }[] = [];
      for (const [hubId, day] of [['w1', '2026-11-27'], ['w1', '2026-11-20'], ['w2', '2026-11-27'], ['w3', '2026-11-27']] as const) {
        const arrivals = new Array<number>(MINUTE_SLOTS).fill(0);
        const calls = new Array<number>(MINUTE_SLOTS).fill(0);
        if (hubId !== 'w3') {
          // Scattered counts, and each hour's first and last minute, and the day's first and last slot.
          for (let i = 0; i < 400; i++) arrivals[Math.floor(random() * MINUTE_SLOTS)]! += 1 + Math.floor(random() * 3);
          for (let i = 0; i < 300; i++) calls[Math.floor(random() * MINUTE_SLOTS)]! += 1;
          for (const e of [0, 59, 60, 119, 840, 899, MINUTE_SLOTS - 1]) arrivals[e]! += 5;
          calls[MINUTE_SLOTS - 60] = 7;
        } // w3: a day with tickets but no counted minute (all outside the slots): zeros, still a basis day
        days.push({ hubId, day, arrivals, calls });
        await db.query('INSERT INTO city_minutes (hub_id, day, arrivals, calls) VALUES ($1, $2, $3, $4)', [hubId, day, arrivals, calls]);
      }

      await migrate(db);

      expect((await db.query<{ t: string | null }>("SELECT to_regclass('city_minutes')::text AS t")).rows[0]!.t).toBeNull();
      const marked = await db.query<{ hub_id: string; day: string }>('SELECT hub_id, day FROM city_minute_days ORDER BY hub_id, day');
      expect(marked.rows).toEqual([...days].sort((a, b) => a.hubId.localeCompare(b.hubId) || a.day.localeCompare(b.day)).map((d) => ({ hub_id: d.hubId, day: d.day })));
      for (const d of days) {
        const rows = (await db.query<Row>('SELECT day, hour, arrivals, calls FROM city_minute_hours WHERE hub_id = $1 AND day = $2 ORDER BY hour', [d.hubId, d.day])).rows;
        expect(dayArrays(rows)).toEqual({ arrivals: d.arrivals, calls: d.calls });
        // The ingest's conversion (JavaScript) cuts the same day into the same rows.
        expect(rows).toEqual(hourRows({ day: d.day, arrivals: d.arrivals, calls: d.calls }));
        // Only hours with a count have a row.
        expect(rows.every((r) => r.arrivals[59]! + r.calls[59]! > 0)).toBe(true);
      }
      const total = (await db.query<{ a: string; c: string }>('SELECT sum(arrivals[60]) AS a, sum(calls[60]) AS c FROM city_minute_hours')).rows[0]!;
      expect(Number(total.a)).toBe(days.reduce((s, d) => s + d.arrivals.reduce((x, y) => x + y, 0), 0));
      expect(Number(total.c)).toBe(days.reduce((s, d) => s + d.calls.reduce((x, y) => x + y, 0), 0));
    } finally {
      await db.end();
    }
  });

  it("the overview's calls of the last hour and next-hour arrivals equal a brute-force count of the tickets", async () => {
    const city: CityHandle = await startCityServer({ port: 0, databaseUrl: await pgs.database('minutes_ingest'), logger: log, scheduleReports: false, socketAdapter: 'memory' });
    try {
      // "Today" is two days back (events from the past, as a hub sends them); the same weekday of
      // the last four weeks, five weeks back (not read) and yesterday (not read) have tickets too.
      const today = businessDay(Date.now() - 2 * 86_400_000, TZ);
      const midnight = (day: string): number => localMidnight(Date.parse(`${day}T12:00:00Z`), TZ);
      const random = rng(7);
      const wards: Record<string, number[]> = { 'w-full': [0, 1, 2, 3, 4, 5], 'w-two': [0, 2, 4], 'w-new': [0], 'w-past': [1, 3] };
      for (const [hubId, weeks] of Object.entries(wards)) {
        const k = await city.registerHub({ hubId, name: { vi: `Phường ${hubId}`, en: `Ward ${hubId}` } });
        const c = new SyncClient({ url: city.url, hubId, keyId: k.keyId, key: k.key });
        let seq = 0;
        const days = [...weeks.map((w) => addDays(today, -7 * w)), ...(hubId === 'w-full' ? [addDays(today, -1)] : [])];
        for (const day of days) {
          const m0 = midnight(day);
          const events: { at: number; event: HubEvent }[] = [];
          let n = 0;
          const ticket = (queuedAt: number, calledAt: number | null): void => {
            const id = `${hubId}-${day}-${n++}`;
            events.push({ at: queuedAt, event: issuedEvent(id, { serviceId: 's-chung-thuc', queuedAt }) });
            if (calledAt !== null) events.push({ at: calledAt, event: hubEvent('ticket.called', id, { ...moved('waiting', 'called', { serviceId: 's-chung-thuc' }), reason: 'oldest' }) });
          };
          // Random tickets 07:00–17:00, most called 0–40 minutes later.
          for (let i = 0; i < 120; i++) {
            const q = m0 + 7 * 60 * MIN + Math.floor(random() * 10 * 60 * MIN);
            ticket(q, random() < 0.85 ? q + Math.floor(random() * 40 * MIN) : null);
          }
          // On the boundaries the overview's windows have: the first and last instant of a minute
          // at each hour's first and last minute, 08:00–12:59.
          for (let h = 8; h <= 12; h++) {
            for (const at of [h * 60, h * 60 + 1, h * 60 + 59].flatMap((min) => [m0 + min * MIN, m0 + (min + 1) * MIN - 1])) ticket(at, at);
          }
          const sorted: SyncEvent[] = numbered(seq, day, events.sort((a, b) => a.at - b.at));
          const r = await c.send(seq, sorted, { catalog: TEST_CATALOG });
          if (!r.body.ok) throw new Error(r.body.error.message);
          seq += sorted.length;
        }
      }

      const tickets = (await city.server.pool.query<{ hub_id: string; day: string; queued_at: string; first_called_at: string | null }>('SELECT hub_id, day, queued_at, first_called_at FROM city_tickets')).rows;
      const sameWeekdays = [1, 2, 3, 4].map((k) => addDays(today, -7 * k));
      // Minutes after local midnight: the boundaries 09:59, 10:00, 10:59, 11:00, 12:00, and between.
      for (const at of ['09:59:59', '10:00:00', '10:00:30', '10:59:10', '11:00:00', '11:30:00', '12:00:00']) {
        const [hh, mm, ss] = at.split(':').map(Number) as [number, number, number];
        const now = midnight(today) + (hh * 60 + mm) * MIN + ss * 1000;
        const nowMin = hh * 60 + mm;
        const brute = new Map<string, { calls: number; arrivals: number; basis: Set<string> }>();
        for (const hubId of Object.keys(wards)) brute.set(hubId, { calls: 0, arrivals: 0, basis: new Set() });
        for (const t of tickets) {
          const b = brute.get(t.hub_id)!;
          const m0 = midnight(t.day);
          if (t.day === today && t.first_called_at !== null) {
            const min = Math.floor((Number(t.first_called_at) - m0) / MIN);
            if (min >= nowMin - 59 && min <= nowMin) b.calls++;
          }
          if (sameWeekdays.includes(t.day)) {
            b.basis.add(t.day);
            const min = Math.floor((Number(t.queued_at) - m0) / MIN);
            if (min >= nowMin + 1 && min <= nowMin + 60) b.arrivals++;
          }
        }
        const live = new LiveQueries(city.server.pool, { now: () => now }, TZ, 20 * MIN);
        const q = live.wardsQuery();
        const got = (await city.server.pool.query<{ hub_id: string; calls_hour: string | null; arrivals: string | null; basis_days: string | null }>(q.text, q.values)).rows;
        const summaries = await live.wards();
        for (const [hubId, b] of brute) {
          const row = got.find((r) => r.hub_id === hubId)!;
          const label = `${hubId} at ${at}`;
          expect({ label, calls: Number(row.calls_hour ?? 0), arrivals: Number(row.arrivals ?? 0), basis: Number(row.basis_days ?? 0) }).toEqual({ label, calls: b.calls, arrivals: b.arrivals, basis: b.basis.size });
          const w = summaries.find((s) => s.hubId === hubId)!;
          if (b.basis.size === 0) expect(w.forecast).toBeNull();
          else expect(w.forecast).toMatchObject({ basisDays: b.basis.size, callsLastHour: b.calls, arrivalsNextHour: Math.round((b.arrivals / b.basis.size) * 10) / 10 });
        }
        // Not a test that cannot fail: the windows hold tickets.
        expect(brute.get('w-full')!.calls).toBeGreaterThan(0);
        expect(brute.get('w-full')!.arrivals).toBeGreaterThan(0);
      }
    } finally {
      await city.close();
    }
  });
});
