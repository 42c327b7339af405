/**
 * Retention of the raw events the city keeps (`city_events`, the archive of what each ward sent):
 * events older than `eventRetentionDays` (default 400: a year of weekly and yearly reports plus a
 * margin) are deleted at start and every few hours. Events and tickets are partitioned by month
 * (migration 20): a month wholly past the retention is dropped as a partition (no row-by-row
 * delete, no table bloat); the rest of the boundary month (and the default partition) is deleted
 * in batches so ingest is never held for long. Per-ticket rows (`city_tickets`) of months wholly
 * past the retention go too. The summaries (daily totals with their wait histograms, counters)
 * and the reports are not touched: the city's figures stay; only the raw archive ages out (and the
 * arrivals and calls by minute, `city_minute_hours` and `city_minute_days`, after six weeks: the
 * forecast reads four).
 * Each run also makes the partitions of this month and the next two, ahead of the data. Each hub's high-water mark is kept, so a
 * purged event that a hub sends again is skipped as a duplicate, not stored again.
 */
import type { Pool } from 'pg';
import type { Clock } from '@motcua/shared';
import type { Logger } from './logger';

const DAY_MS = 86_400_000;

/** The monthly partitions of a table: name and bounds ('YYYY-MM', the upper one the next month). */
export async function monthPartitions(pool: Pool, parent: 'city_events' | 'city_tickets'): Promise<{ name: string; from: string; to: string }[]> {
  const r = await pool.query<{ name: string; bound: string }>(
    `SELECT c.relname AS name, pg_get_expr(c.relpartbound, c.oid) AS bound FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
     WHERE i.inhparent = $1::regclass ORDER BY c.relname`,
    [parent],
  );
  const out: { name: string; from: string; to: string }[] = [];
  for (const row of r.rows) {
    const m = /FROM \('([^']+)'\) TO \('([^']+)'\)/.exec(row.bound);
    if (m && /^[a-z_]+_m\d{6}$/.test(row.name)) out.push({ name: row.name, from: m[1]!, to: m[2]! });
  }
  return out;
}

/** Makes the partitions of this month and the next two (events and tickets), if missing. */
export async function ensureMonthPartitions(pool: Pool, now: number): Promise<void> {
  const d = new Date(now);
  for (let k = 0; k < 3; k++) {
    const m = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + k, 1)).toISOString().slice(0, 7);
    for (const parent of ['city_events', 'city_tickets']) await pool.query('SELECT city_ensure_month($1, $2)', [parent, m]);
  }
}
/** Rows per DELETE: small enough that one statement takes well under a second. */
const BATCH = 10_000;
export const RETENTION_INTERVAL_MS = 6 * 3_600_000;
/** Days of `city_minute_hours` and `city_minute_days` kept: the forecast reads the same weekday of the last four weeks. */
export const MINUTES_KEPT_DAYS = 42;

export class EventRetention {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly pool: Pool,
    private readonly clock: Clock,
    private readonly log: Logger,
    readonly days: number,
  ) {}

  /** Deletes every event older than the retention; answers how many. */
  async purge(): Promise<number> {
    const before = this.clock.now() - this.days * DAY_MS;
    await ensureMonthPartitions(this.pool, this.clock.now());
    // A month whose last business day ends a day before the cut (any time zone) holds nothing newer.
    const lastDay = new Date(before - DAY_MS).toISOString().slice(0, 10);
    let total = 0;
    for (const parent of ['city_events', 'city_tickets'] as const) {
      for (const part of await monthPartitions(this.pool, parent)) {
        if (part.to > lastDay) continue;
        if (parent === 'city_events') total += Number((await this.pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${part.name}`)).rows[0]?.n ?? 0);
        await this.pool.query(`DROP TABLE ${part.name}`);
        this.log.info({ partition: part.name }, 'partition past its retention dropped');
      }
    }
    for (;;) {
      const r = await this.pool.query('DELETE FROM city_events WHERE ctid = ANY (ARRAY(SELECT ctid FROM city_events WHERE at < $1 LIMIT $2))', [before, BATCH]);
      const n = r.rowCount ?? 0;
      total += n;
      if (n < BATCH) break;
    }
    if (total) this.log.info({ deleted: total, before: new Date(before).toISOString(), days: this.days }, 'events past their retention deleted');
    // The per-minute arrivals and calls (db/minutes.ts) serve the overview's same-weekday forecast
    // of the last four weeks only: six weeks are kept (or the events' retention, if shorter).
    const minutesBefore = new Date(this.clock.now() - Math.min(MINUTES_KEPT_DAYS, this.days) * DAY_MS).toISOString().slice(0, 10);
    for (const table of ['city_minute_hours', 'city_minute_days']) await this.pool.query(`DELETE FROM ${table} WHERE day < $1`, [minutesBefore]);
    return total;
  }

  start(): void {
    const run = (): void => {
      this.running = this.purge().catch((e: unknown) => this.log.warn({ err: e }, 'event retention purge failed; will retry'));
    };
    run();
    this.timer = setInterval(run, RETENTION_INTERVAL_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}
