/**
 * How long a citizen has waited, and how that compares with the centre's target (HCMC: nobody
 * waits more than 20 minutes). Pure: the caller passes the hub's time, never the client clock
 * (a counter PC's clock may be off; tests run the hub on an injected clock).
 */
export type WaitLevel = 'ok' | 'warn' | 'over';

export interface WaitTimes {
  queuedAt: number;
  /** Appointment slot start: an early arrival does not start waiting before the slot. */
  slotAt: number | null;
}

/** When the wait starts: the queue time, or the appointment slot if that is later. */
export function waitStart(t: WaitTimes): number {
  return Math.max(t.queuedAt, t.slotAt ?? 0);
}

/** Whole minutes waited until `until` (never negative). */
export function waitMinutes(t: WaitTimes, until: number): number {
  return Math.max(0, Math.floor((until - waitStart(t)) / 60_000));
}

/** The warning threshold: three quarters of the target (15 minutes for the 20-minute target). */
export function warnAtMin(targetMin: number): number {
  return Math.round(targetMin * 0.75);
}

/** ok below the warning, warn from the warning, over from the target. */
export function waitLevel(minutes: number, targetMin: number, warnMin: number = warnAtMin(targetMin)): WaitLevel {
  if (minutes >= targetMin) return 'over';
  if (minutes >= warnMin) return 'warn';
  return 'ok';
}

/**
 * The hub's time now, estimated from the last snapshot or delta: the hub's `now` then, plus the
 * client time elapsed since it arrived. Independent of the client clock's offset.
 */
export function estimateHubNow(hubNowAtUpdate: number, clientUpdatedAt: number, clientNow: number): number {
  return hubNowAtUpdate + Math.max(0, clientNow - clientUpdatedAt);
}
