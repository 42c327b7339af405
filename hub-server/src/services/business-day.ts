/**
 * The hub's business day, which only moves forward. The wall clock may jump back (an NTP
 * correction, a wrong manual setting, a dead RTC battery); a jump back across midnight must not
 * start a "new" day that reissues numbers from 1001 nor show the previous day's queue again. So
 * the day is the wall clock's day, but never earlier than a day the hub has already started (or,
 * at start, than the newest day in its own records). Every part that asks "which day is it" for
 * the queue — the unit of work (numbers, events), the publisher (snapshots, deltas) and the day
 * cycle — asks here.
 */
import { businessDay, type Clock } from '@motcua/shared';

export class BusinessDayClock {
  private started: string;

  /** `newestStored`: the newest business day in the hub's records (null for a new ward). */
  constructor(
    private readonly clock: Clock,
    private readonly timeZone: string,
    newestStored: string | null = null,
  ) {
    const wall = businessDay(clock.now(), timeZone);
    this.started = newestStored !== null && newestStored > wall ? newestStored : wall;
  }

  /** The business day at `now`: the wall clock's, or the day already started if the clock is behind it. */
  at(now: number): string {
    const wall = businessDay(now, this.timeZone);
    return wall > this.started ? wall : this.started;
  }

  /** The business day now. */
  today(): string {
    return this.at(this.clock.now());
  }

  /** The day the hub has started (the day cycle moves it forward when a new day begins). */
  get current(): string {
    return this.started;
  }

  /** True when the wall clock is behind the day already started (a backward jump across midnight). */
  clockBehind(now: number = this.clock.now()): boolean {
    return businessDay(now, this.timeZone) < this.started;
  }

  /** Marks `day` as started; never moves back. */
  advanceTo(day: string): void {
    if (day > this.started) this.started = day;
  }
}
