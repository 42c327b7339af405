/**
 * The business day: when the hub's clock passes local midnight (or tickets of an earlier day are
 * still open) a new day starts: earlier days' tickets are closed, clients resync, the display's
 * recent calls are emptied, and the retention policy is applied. Checked at start and every 30 s.
 */
import { businessDay, ok, type Clock } from '@motcua/shared';
import type { TicketRepo } from '../db/repositories';
import { NO_PURGE, type PurgeCounts, type RetentionRepo } from '../db/retention';
import type { Logger } from '../logger';
import type { Executor } from './executor';
import type { QueueService } from './queue';
import { applyRetention, type RetentionPolicy } from './retention';
import type { StateService } from './state';
import { guardedInterval } from './timers';
import { SYSTEM_ACTOR } from './unit-of-work';

/** How often the day change is checked. */
const DAY_CHECK_MS = 30_000;

export interface DayCycleDeps {
  clock: Clock;
  timeZone: string;
  tickets: TicketRepo;
  queue: Pick<QueueService, 'closeEarlierDays'>;
  state: Pick<StateService, 'resetCalls'>;
  executor: Executor;
  retentionRepo: RetentionRepo;
  retention: () => RetentionPolicy;
  /**
   * The last event seq the city is known to hold: `Number.MAX_SAFE_INTEGER` when the hub does not
   * sync, null when it syncs but has not heard from the city (then no event is deleted).
   */
  eventsThrough: () => number | null;
  log: Logger;
}

export class DayCycle {
  private currentDay: string;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly d: DayCycleDeps) {
    this.currentDay = businessDay(d.clock.now(), d.timeZone);
  }

  /** A new day at start applies the retention policy itself; otherwise it is applied once here. Then checks every 30 s. */
  start(): void {
    if (!this.rollDayIfNeeded()) this.applyRetention();
    this.timer = guardedInterval(this.d.log, 'day change', DAY_CHECK_MS, () => this.rollDayIfNeeded());
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Starts a new business day when the clock has passed midnight (or tickets of an earlier day are still open); true if it did. */
  rollDayIfNeeded(): boolean {
    const day = businessDay(this.d.clock.now(), this.d.timeZone);
    if (day === this.currentDay && this.d.tickets.liveBefore(day).length === 0) return false;
    const r = this.d.executor.exec(SYSTEM_ACTOR, (tx) => {
      const n = this.d.queue.closeEarlierDays(tx);
      tx.event('day.started', null, { day, closedFromEarlierDays: n });
      tx.changes.resync = true;
      return ok(n);
    });
    // Refused (storage unavailable): the day has not started; the next check tries again.
    if (!r.ok) return false;
    this.currentDay = day;
    this.d.state.resetCalls();
    this.applyRetention();
    return true;
  }

  /**
   * Erases personal data and deletes history older than the retention policy (services/retention.ts).
   * Events are deleted only up to what the city is known to hold when the hub syncs.
   */
  applyRetention(): PurgeCounts {
    const eventsThrough = this.d.eventsThrough();
    try {
      const r = this.d.executor.exec(SYSTEM_ACTOR, (tx) => ok(applyRetention(tx, this.d.retentionRepo, this.d.retention(), this.d.timeZone, eventsThrough)));
      const counts = r.ok ? r.data : NO_PURGE;
      if (Object.values(counts).some((n) => n > 0)) {
        // Erased values must not stay readable in the WAL: checkpoint and truncate it now.
        if (!this.d.retentionRepo.checkpoint()) this.d.log.warn('retention: the WAL checkpoint was blocked by a reader; erased values stay in hub.sqlite-wal until the next checkpoint');
        this.d.log.info({ purged: counts }, 'retention policy applied');
      }
      return counts;
    } catch (e) {
      // A failed purge (disk full, a locked database) is retried at the next day; the hub keeps serving.
      this.d.log.error({ err: e }, 'retention policy could not be applied');
      return NO_PURGE;
    }
  }
}
