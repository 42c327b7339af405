/**
 * The all-wards overview of the city dashboard, from the summaries and the live state only (never
 * the raw events): per active ward, the queue now (today's live tickets, one partition), today's
 * figures and wait percentiles (the daily summaries' histograms), and the last seven days' late
 * share (summaries), sorted by risk. With 3,321 wards and a year of summaries it answers in well
 * under 200 ms (bench:sync's `overview_p95_ms`): each part reads one day's or one week's summary
 * rows through the (day) index, and the live part only today's partition.
 */
import type { Pool } from 'pg';
import { histogramQuantile, WAIT_BUCKETS_MIN } from './summary';

export interface OverviewInput {
  /** Today's business day (YYYY-MM-DD) and the first day of the seven-day window. */
  today: string;
  weekFrom: string;
  /** Now, epoch ms, and the wait target: a visitor waiting since before now − target is late now. */
  now: number;
  lateThresholdMs: number;
}

export interface WardOverview {
  hubId: string;
  name: { vi: string; en: string };
  district: string | null;
  /** Live: waiting now, of whom over the target, and the longest wait so far (minutes). */
  waiting: number;
  waitingLate: number;
  oldestWaitMin: number | null;
  /** Today, from the summaries: issued, waits measured, of which over the target, median and p90 (minutes). */
  issuedToday: number;
  waitsToday: number;
  lateToday: number;
  p50Today: number | null;
  p90Today: number | null;
  /** The seven days up to today: share of waits over the target (null: none measured). */
  lateShareWeek: number | null;
  lastSeenAt: number | null;
}

type Row = Record<string, string | number | null | number[]>;

const num = (v: Row[string] | undefined): number => (v === null || v === undefined ? 0 : Number(v));

/** Risk first: late now, then the share late now, then today's late share. */
export function byRisk(a: WardOverview, b: WardOverview): number {
  return b.waitingLate - a.waitingLate || b.waiting - a.waiting || b.lateToday / Math.max(1, b.waitsToday) - a.lateToday / Math.max(1, a.waitsToday) || a.hubId.localeCompare(b.hubId);
}

export async function wardsOverview(pool: Pool, o: OverviewInput): Promise<WardOverview[]> {
  const r = await pool.query<Row>(
    `WITH live AS (
       SELECT hub_id, count(*) FILTER (WHERE state = 'waiting') AS waiting,
              count(*) FILTER (WHERE state = 'waiting' AND queued_at < $3) AS waiting_late,
              min(queued_at) FILTER (WHERE state = 'waiting') AS oldest
       FROM city_tickets WHERE day = $1 AND state IN ('waiting', 'called', 'serving', 'held') GROUP BY hub_id
     ), today AS (
       SELECT hub_id, sum(issued) AS issued, sum(wait_n) AS wait_n, sum(wait_over_n) AS wait_over_n,
              (SELECT array_agg(s ORDER BY b) FROM (SELECT (i - 1) % ${WAIT_BUCKETS_MIN.length} AS b, sum(x) AS s FROM unnest(array_agg(wait_hist)) WITH ORDINALITY AS u(x, i) GROUP BY 1) q) AS hist
       FROM city_daily WHERE day = $1 GROUP BY hub_id
     ), week AS (
       SELECT hub_id, sum(wait_n) AS wait_n, sum(wait_over_n) AS wait_over_n FROM city_daily WHERE day BETWEEN $2 AND $1 GROUP BY hub_id
     )
     SELECT h.hub_id, h.name_vi, h.name_en, h.district, extract(epoch FROM h.last_seen_at) * 1000 AS last_seen_ms,
            l.waiting, l.waiting_late, l.oldest, t.issued, t.wait_n, t.wait_over_n, t.hist, w.wait_n AS week_n, w.wait_over_n AS week_over
     FROM city_hubs h
     LEFT JOIN live l USING (hub_id) LEFT JOIN today t USING (hub_id) LEFT JOIN week w USING (hub_id)
     WHERE h.active`,
    [o.today, o.weekFrom, o.now - o.lateThresholdMs],
  );
  return r.rows
    .map((row): WardOverview => {
      const hist = (row.hist as number[] | null) ?? [];
      const weekN = num(row.week_n);
      return {
        hubId: row.hub_id as string,
        name: { vi: row.name_vi as string, en: row.name_en as string },
        district: (row.district as string | null) ?? null,
        waiting: num(row.waiting),
        waitingLate: num(row.waiting_late),
        oldestWaitMin: row.oldest === null || row.oldest === undefined ? null : Math.max(0, Math.floor((o.now - Number(row.oldest)) / 60_000)),
        issuedToday: num(row.issued),
        waitsToday: num(row.wait_n),
        lateToday: num(row.wait_over_n),
        p50Today: histogramQuantile(hist.map(Number), 0.5),
        p90Today: histogramQuantile(hist.map(Number), 0.9),
        lateShareWeek: weekN > 0 ? num(row.week_over) / weekN : null,
        lastSeenAt: row.last_seen_ms === null || row.last_seen_ms === undefined ? null : Math.round(Number(row.last_seen_ms)),
      };
    })
    .sort(byRisk);
}
