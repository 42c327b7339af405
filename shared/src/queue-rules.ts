/**
 * The queue rules every part states the same way: which counter serves which service, when a wait
 * starts, and how a wait compares with the centre's target (HCMC: nobody waits more than 20
 * minutes). Used by the hub (dispatch, queue, manager), the simulator, and the counter, kiosk and
 * manager apps. Pure; times in milliseconds, thresholds in minutes.
 */

const MS_PER_MIN = 60_000;

/** A counter's skills: services served at full speed (primary) and more slowly (secondary). */
export interface CounterSkills {
  readonly primary: readonly string[];
  readonly secondary: readonly string[];
}

/** Whether the counter has the service as a skill, primary or secondary. */
export function servesService(counter: CounterSkills, serviceId: string): boolean {
  return counter.primary.includes(serviceId) || counter.secondary.includes(serviceId);
}

/** The counter's skill for the service: primary, secondary, or none (null). */
export function skillLevel(counter: CounterSkills, serviceId: string): 'primary' | 'secondary' | null {
  if (counter.primary.includes(serviceId)) return 'primary';
  if (counter.secondary.includes(serviceId)) return 'secondary';
  return null;
}

/** The times a wait is measured from. */
export interface WaitTimes {
  queuedAt: number;
  /** Appointment slot start: an early arrival does not start waiting before the slot. */
  slotAt: number | null;
}

/** The moment the wait is measured from: arrival, or the slot for an appointment that came early. */
export function waitStart(t: WaitTimes): number {
  return t.slotAt !== null && t.slotAt > t.queuedAt ? t.slotAt : t.queuedAt;
}

/** Whole minutes waited until `until` (never negative). */
export function waitMinutes(t: WaitTimes, until: number): number {
  return Math.max(0, Math.floor((until - waitStart(t)) / MS_PER_MIN));
}

/** ok below the warning, warn from the warning, over from the target. */
export type WaitLevel = 'ok' | 'warn' | 'over';

/** The counter screen's warning threshold: three quarters of the target (15 minutes for the 20-minute target). */
export function warnAtMin(targetMin: number): number {
  return Math.round(targetMin * 0.75);
}

/** A wait of `minutes` against the target and the warning threshold. */
export function waitLevel(minutes: number, targetMin: number, warnMin: number = warnAtMin(targetMin)): WaitLevel {
  if (minutes >= targetMin) return 'over';
  if (minutes >= warnMin) return 'warn';
  return 'ok';
}

/**
 * The manager's wait alarms before a manager sets them: a warning a little before the target (at
 * most 15 minutes, at least 1) and a breach at the target.
 */
/** A counter on one ticket this long is worth a look (manager setting `alarms.busyMin`). */
export const DEFAULT_BUSY_ALARM_MIN = 30;

export function defaultAlarmLevels(targetMin: number): { warnMin: number; breachMin: number; busyMin: number } {
  return { warnMin: Math.max(1, Math.min(15, targetMin - 1)), breachMin: targetMin, busyMin: DEFAULT_BUSY_ALARM_MIN };
}

/** Whether an estimated wait goes past the target (the kiosk then apologises and offers a later slot). */
export function beyondTarget(estimatedWaitMin: number, targetMin: number): boolean {
  return estimatedWaitMin > targetMin;
}
