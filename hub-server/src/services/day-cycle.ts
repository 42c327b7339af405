/**
 * The business day: when the hub's clock passes local midnight (or tickets of an earlier day are
 * still open) a new day starts: earlier days' tickets are closed, clients resync, the display's
 * recent calls are emptied, and the retention policy is applied. The day comes from the
 * BusinessDayClock, so it only moves forward: a clock that jumps back across midnight starts no
 * "new" day. Midnight is noticed within DAY_TICK_MS (the previous day's queue is not left
 * invisible and uncallable for half a minute); tickets of earlier days are looked for at start and
 * every DAY_CHECK_MS.
 */
import { businessDay, ok, type Clock, type ClockJump, type RetentionHold } from '@motcua/shared';
import type { TicketRepo } from '../db/repositories';
import { NO_PURGE, type PurgeCounts, type RetentionRepo } from '../db/retention';
import type { Logger } from '../logger';
import type { Executor } from './executor';
import type { QueueService } from './queue';
import { applyRetention, type RetentionOptions, type RetentionPolicy } from './retention';
import type { StateService } from './state';
import type { BusinessDayClock } from './business-day';
import { guardedInterval } from './timers';
import { SYSTEM_ACTOR } from './unit-of-work';

/** How often the clock is compared with the day (cheap: no query). */
export const DAY_TICK_MS = 1_000;
/** A wall clock that moves this much more (or less) than the real time elapsed between two ticks has jumped. */
export const CLOCK_JUMP_MS = 60_000;
/** How often open tickets of earlier days are looked for (a query). */
const DAY_CHECK_MS = 30_000;

export interface DayCycleDeps {
  clock: Clock;
  timeZone: string;
  tickets: TicketRepo;
  queue: Pick<QueueService, 'closeEarlierDays'>;
  state: Pick<StateService, 'resetCalls'>;
  executor: Executor;
  /** The business day, which only moves forward (services/business-day.ts). */
  days: BusinessDayClock;
  retentionRepo: RetentionRepo;
  retention: () => RetentionPolicy;
  /**
   * The last event seq the city is known to hold: `Number.MAX_SAFE_INTEGER` when the hub does not
   * sync, null when it syncs but has not heard from the city (then no event is deleted).
   */
  eventsThrough: () => number | null;
  log: Logger;
  /** Alerts the manager that the wall clock jumped (against the real time elapsed). */
  onClockJump?: (jump: ClockJump) => void;
  /** Alerts the manager that retention is held (or no longer: null). */
  onHold?: (hold: RetentionHold | null) => void;
}

export class DayCycle {
  private timer: NodeJS.Timeout | null = null;
  private lastFullCheck = 0;
  private warnedBehind = false;
  private hold: RetentionHold | null = null;
  private lastTick: { wall: number; mono: number } | null = null;

  constructor(private readonly d: DayCycleDeps) {}

  /** A new day at start applies the retention policy itself; otherwise it is applied once here. Then checks every 30 s. */
  start(): void {
    if (!this.rollDayIfNeeded()) this.applyRetention();
    this.lastFullCheck = performance.now();
    this.lastTick = { wall: this.d.clock.now(), mono: performance.now() };
    this.timer = guardedInterval(this.d.log, 'day change', DAY_TICK_MS, () => this.tick());
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Each DAY_TICK_MS: a new day as soon as midnight passes; the query for earlier days' tickets every DAY_CHECK_MS. */
  private tick(): void {
    const now = this.d.clock.now();
    this.checkClock(now, performance.now());
    if (this.d.days.clockBehind(now)) {
      if (!this.warnedBehind) this.d.log.warn({ clockDay: businessDay(now, this.d.timeZone), day: this.d.days.current }, 'the clock is behind the business day already started (it jumped back across midnight): staying on that day');
      this.warnedBehind = true;
    } else this.warnedBehind = false;
    // Elapsed real time (the monotonic timer), not the wall clock, paces the full check.
    const full = performance.now() - this.lastFullCheck >= DAY_CHECK_MS;
    if (this.d.days.today() === this.d.days.current && !full) return;
    if (full) this.lastFullCheck = performance.now();
    this.rollDayIfNeeded();
  }

  /**
   * Compares the wall clock with the real (monotonic) time elapsed since the last tick: a difference
   * over CLOCK_JUMP_MS is a jump (NTP stepping, a person setting the clock, a dead RTC battery), logged
   * and reported to the manager. Returns the jump, if any.
   */
  checkClock(wall: number, mono: number): ClockJump | null {
    const last = this.lastTick;
    this.lastTick = { wall, mono };
    if (!last) return null;
    const deltaMs = Math.round(wall - last.wall - (mono - last.mono));
    if (Math.abs(deltaMs) <= CLOCK_JUMP_MS) return null;
    const jump = { at: wall, deltaMs };
    this.d.log.warn({ jump }, `the hub's clock jumped ${deltaMs > 0 ? 'forward' : 'back'} by ${Math.round(Math.abs(deltaMs) / 1000)} s`);
    this.d.onClockJump?.(jump);
    return jump;
  }

  /** Starts a new business day when the clock has passed midnight (or tickets of an earlier day are still open); true if it did. */
  rollDayIfNeeded(): boolean {
    const day = this.d.days.today();
    if (day === this.d.days.current && this.d.tickets.liveBefore(day).length === 0) return false;
    // The newest event before this day change (whose own event carries the clock being judged).
    const newestEventAt = this.d.retentionRepo.newestEventAt();
    const r = this.d.executor.exec(SYSTEM_ACTOR, (tx) => {
      const n = this.d.queue.closeEarlierDays(tx);
      tx.event('day.started', null, { day, closedFromEarlierDays: n });
      tx.changes.resync = true;
      return ok(n);
    });
    // Refused (storage unavailable): the day has not started; the next check tries again.
    if (!r.ok) return false;
    this.d.days.advanceTo(day);
    this.d.state.resetCalls();
    this.applyRetention({ newestEventAt });
    return true;
  }

  /** The held retention pass waiting for the manager (null: none). */
  get retentionHold(): RetentionHold | null {
    return this.hold;
  }

  /**
   * Erases personal data and deletes history older than the retention policy (services/retention.ts).
   * Events are deleted only up to what the city is known to hold when the hub syncs. A pass that
   * would take more than one day's worth at once, or runs on a clock far ahead of the stored
   * events, is held: nothing goes, the manager is alerted, and `confirmed` (the manager's
   * `manager:confirmRetention`) runs it without the limit.
   */
  applyRetention(opts: RetentionOptions = {}): PurgeCounts {
    const eventsThrough = this.d.eventsThrough();
    try {
      const r = this.d.executor.exec(SYSTEM_ACTOR, (tx) => ok(applyRetention(tx, this.d.retentionRepo, this.d.retention(), this.d.timeZone, eventsThrough, opts)));
      if (!r.ok) return NO_PURGE;
      const { counts, held } = r.data;
      this.setHold(held);
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

  private setHold(held: RetentionHold | null): void {
    const was = this.hold;
    this.hold = held;
    if (held) this.d.log.warn({ hold: held }, held.reason === 'clock_ahead' ? 'retention held: the clock is far ahead of the newest stored event; nothing deleted until the manager confirms' : 'retention held: it would delete more than one day at once; nothing deleted until the manager confirms');
    if (held || was) this.d.onHold?.(held);
  }
}
