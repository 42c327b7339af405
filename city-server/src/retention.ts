/**
 * Retention of the raw events the city keeps (`city_events`, the archive of what each ward sent):
 * events older than `eventRetentionDays` (default 400: a year of weekly and yearly reports plus a
 * margin) are deleted at start and every few hours, in batches so ingest is never held for long.
 * The projections (daily totals, tickets, counters) and the reports are not touched: the city's
 * figures stay; only the per-event archive ages out. Each hub's high-water mark is kept, so a
 * purged event that a hub sends again is skipped as a duplicate, not stored again.
 */
import type { Pool } from 'pg';
import type { Clock } from '@motcua/shared';
import type { Logger } from './logger';

const DAY_MS = 86_400_000;
/** Rows per DELETE: small enough that one statement takes well under a second. */
const BATCH = 10_000;
export const RETENTION_INTERVAL_MS = 6 * 3_600_000;

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
    let total = 0;
    for (;;) {
      const r = await this.pool.query('DELETE FROM city_events WHERE ctid = ANY (ARRAY(SELECT ctid FROM city_events WHERE at < $1 LIMIT $2))', [before, BATCH]);
      const n = r.rowCount ?? 0;
      total += n;
      if (n < BATCH) break;
    }
    if (total) this.log.info({ deleted: total, before: new Date(before).toISOString(), days: this.days }, 'events past their retention deleted');
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
