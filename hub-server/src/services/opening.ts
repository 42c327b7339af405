/**
 * The hub's gate on opening hours and appointment check-in windows (the rules themselves are pure,
 * in shared/src/opening-hours.ts, so the kiosk and display show the same closed state the hub
 * enforces). Kept apart from the queue so the hours can change without touching issuing.
 */
import { checkInVerdict, formatClock, openingState, refuseAt, type AppError, type OpeningRules } from '@motcua/shared';

type Refusal = { ok: false; error: AppError };

/** `centre_closed` (naming the next opening) when the kiosk does not issue at `now`; null when it does. */
export function closedRefusal(rules: OpeningRules, now: number, timeZone: string): Refusal | null {
  const s = openingState(rules, now, timeZone);
  if (s.open) return null;
  return refuseAt('centre_closed', s.nextOpenAt, s.nextOpenAt === null ? 'no opening hours configured' : `issuing opens again at ${formatClock(s.nextOpenAt, timeZone)}`);
}

/** `checkin_too_early` / `checkin_too_late` outside the appointment's check-in window; null inside it. */
export function checkInRefusal(rules: OpeningRules, slotAt: number, now: number, timeZone: string): Refusal | null {
  const v = checkInVerdict(slotAt, now, rules.opening);
  if (v.ok) return null;
  return v.reason === 'early'
    ? refuseAt('checkin_too_early', v.from, `slot ${formatClock(slotAt, timeZone)}, check-in from ${formatClock(v.from, timeZone)}`)
    : refuseAt('checkin_too_late', v.until, `slot ${formatClock(slotAt, timeZone)}, check-in closed at ${formatClock(v.until, timeZone)}`);
}
