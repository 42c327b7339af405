/**
 * Arrivals and first calls per ward, day and minute: what the all-wards overview needs of the
 * tickets — the calls of the last hour and the same weekday's arrivals in the coming hour —
 * without reading a ticket.
 *
 * The projection counts a day as arrays of `MINUTE_SLOTS` counts (`DayMinutes`): slot e (0-based;
 * SQL element e + 1) is minute e − `MINUTE_OFFSET` after the day's local midnight, so an event a
 * few hours either side of its business day's midnight (a hub's late close, a clock set wrong)
 * still has its minute.
 *
 * Stored (migration 22) per ward, day and hour, `city_minute_hours`: hour h (−4 … 27, hours after
 * local midnight) holds two arrays of 60 **cumulative** counts — element j (1-based) is the count
 * of the hour's minutes 0 … j − 1 — and only hours with a count have a row. Any 60-minute window
 * starting at minute 60·h + r is then `C_h[60] − C_h[r] + C_{h+1}[r]`: two element reads from at
 * most two small rows (two arrays of 60 integers, stored inline, never compressed). Migration 21
 * stored whole days (1,920-element arrays, TOASTed and pglz-compressed), and decompressing 16,605
 * of them was most of the 3,321-ward overview's time (docs/CITY-SCALE.md). `city_minute_days` has
 * one row per ward and day with any counted instant: the forecast's basis days.
 */
import type { Pool, PoolClient } from 'pg';
import { sqlAddHistograms } from './summary';

export const MINUTE_OFFSET = 240;
export const MINUTE_SLOTS = 1440 + 2 * MINUTE_OFFSET;

/** A day's arrivals and first calls by slot (`MINUTE_SLOTS` entries each), as the projection counts them. */
export interface DayMinutes {
  day: string;
  arrivals: number[];
  calls: number[];
}

/** The slot of `at` in the day that began at `dayStart`; null outside the day's slots. */
export function minuteSlot(at: number, dayStart: number): number | null {
  const e = Math.floor((at - dayStart) / 60_000) + MINUTE_OFFSET;
  return e >= 0 && e < MINUTE_SLOTS ? e : null;
}

/**
 * The hour and offset of a 60-minute window starting `startMin` minutes after local midnight:
 * the window is minutes [60·hour + offset, 60·hour + offset + 60), in rows `hour` and `hour + 1`.
 */
export function windowStart(startMin: number): { hour: number; offset: number } {
  const hour = Math.floor(startMin / 60);
  return { hour, offset: startMin - 60 * hour };
}

/**
 * SQL for one hour row's share of the 60-minute window starting at minute 60·`hour` + `offset`
 * (SQL integer expressions; `column` a cumulative array of the row `hourColumn`): the rest of
 * the first hour, the start of the next, 0 for any other row. `C[0]` is NULL in PostgreSQL (no
 * such element): read as 0, the count before the hour's first minute.
 */
export function sqlWindowShare(column: string, hourColumn: string, hour: string, offset: string): string {
  return `CASE ${hourColumn} WHEN ${hour} THEN ${column}[60] - coalesce(${column}[${offset}], 0) WHEN ${hour} + 1 THEN coalesce(${column}[${offset}], 0) ELSE 0 END`;
}

type Queryable = Pick<Pool | PoolClient, 'query'>;

/** One stored hour of a ward's day: 60 cumulative counts each (element j: minutes 0 … j of the hour, 0-based here). */
export interface HourMinutes {
  day: string;
  /** Hours after local midnight, −4 … 27. */
  hour: number;
  arrivals: number[];
  calls: number[];
}

/**
 * A day's slots cut into cumulative hour rows, only the hours with a count — what
 * `city_minute_hours_of` (migration 22) does in SQL for the migration and the benchmark; here for
 * the ingest, which then sends 60-element rows instead of two 1,920-element arrays, and
 * PostgreSQL only parses and adds them (the SQL function costs several ms a day, measured).
 * test/minutes.medium.test.ts checks both conversions against the same counts.
 */
export function hourRows(d: DayMinutes): HourMinutes[] {
  const out: HourMinutes[] = [];
  for (let first = 0; first < MINUTE_SLOTS; first += 60) {
    const arrivals = new Array<number>(60);
    const calls = new Array<number>(60);
    let a = 0;
    let c = 0;
    for (let j = 0; j < 60; j++) {
      a += d.arrivals[first + j] ?? 0;
      c += d.calls[first + j] ?? 0;
      arrivals[j] = a;
      calls[j] = c;
    }
    if (a > 0 || c > 0) out.push({ day: d.day, hour: (first - MINUTE_OFFSET) / 60, arrivals, calls });
  }
  return out;
}

/**
 * Adds a batch's day counts of one ward to the stored hours and marks its days, in the caller's
 * transaction: one statement. Cumulative counts add element by element, like the histograms.
 */
export async function addMinutes(db: Queryable, hubId: string, days: readonly DayMinutes[]): Promise<void> {
  if (!days.length) return;
  await db.query(
    `WITH d AS (
       INSERT INTO city_minute_days (day, hub_id) SELECT unnest($2::text[]), $1 ON CONFLICT DO NOTHING
     )
     INSERT INTO city_minute_hours AS m (day, hour, hub_id, arrivals, calls)
     SELECT x.day, x.hour, $1, ARRAY(SELECT json_array_elements_text(x.arrivals)::int), ARRAY(SELECT json_array_elements_text(x.calls)::int)
     FROM json_to_recordset($3::json) AS x(day text, hour smallint, arrivals json, calls json)
     ORDER BY 1, 2
     ON CONFLICT (day, hour, hub_id) DO UPDATE SET arrivals = ${sqlAddHistograms('m.arrivals', 'EXCLUDED.arrivals')}, calls = ${sqlAddHistograms('m.calls', 'EXCLUDED.calls')}`,
    [hubId, days.map((d) => d.day), JSON.stringify(days.flatMap(hourRows))],
  );
}
