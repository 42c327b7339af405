/**
 * Opening hours and appointment check-in windows: pure rules the hub enforces (it refuses to issue
 * outside hours) and the kiosk and display show (the closed state with the next opening), so both
 * agree. Times are in the centre's time zone; weekdays follow `CentreSettings.openingHours`
 * (index 0 = Monday … 6 = Sunday). No clock is read here: every function takes `now`.
 */
import type { DayHours, OpeningPolicy } from './protocol-manager';
import { businessDay, dateFormatter, HUB_TIME_ZONE, localMidnight } from './time';

/** What the rules need of the centre settings. */
export interface OpeningRules {
  openingHours: readonly DayHours[];
  opening: OpeningPolicy;
}

/** An interval of instants [start, end). */
export interface Window {
  start: number;
  end: number;
}

export interface OpeningState {
  /** Whether the kiosk issues tickets now (grace included). */
  open: boolean;
  /** While open: when issuing stops (null: not within the next week). */
  closesAt: number | null;
  /** While closed: when issuing starts again (null: no opening day configured). */
  nextOpenAt: number | null;
}

const MIN = 60_000;
const DAY = 24 * 60 * MIN;

/** Minutes after midnight of "HH:mm" (24:00 → 1440). */
export function hhmmToMinutes(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

/** Monday = 0 … Sunday = 6 for a business day YYYY-MM-DD. */
export function weekdayIndex(day: string): number {
  return (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;
}

/** A day's sessions in minutes after midnight: one, or morning and afternoon around lunch. */
export function sessionsOf(d: DayHours): Array<{ open: number; close: number }> {
  if (!d) return [];
  const open = hhmmToMinutes(d.open);
  const close = hhmmToMinutes(d.close);
  if (!d.lunch) return [{ open, close }];
  return [
    { open, close: hhmmToMinutes(d.lunch.start) },
    { open: hhmmToMinutes(d.lunch.end), close },
  ];
}

/** Local midnight of the day `k` days after the one containing `now` (robust to a DST shift, should a zone have one). */
function midnightOf(now: number, k: number, timeZone: string): number {
  return localMidnight(localMidnight(now, timeZone) + k * DAY + 12 * 60 * MIN, timeZone);
}

/**
 * The instants the kiosk issues tickets, from the day before `now` to a week after it: each session
 * widened by the grace on both sides, touching or overlapping windows merged (so a centre open until
 * 24:00 and from 00:00 stays open across midnight).
 */
export function issuingWindows(rules: OpeningRules, now: number, timeZone: string = HUB_TIME_ZONE): Window[] {
  const grace = rules.opening.graceMin * MIN;
  const raw: Window[] = [];
  for (let k = -1; k <= 8; k++) {
    const start = midnightOf(now, k, timeZone);
    const hours = rules.openingHours[weekdayIndex(businessDay(start, timeZone))] ?? null;
    for (const s of sessionsOf(hours)) raw.push({ start: start + s.open * MIN - grace, end: start + s.close * MIN + grace });
  }
  raw.sort((a, b) => a.start - b.start);
  const merged: Window[] = [];
  for (const w of raw) {
    const last = merged.at(-1);
    if (last && w.start <= last.end) last.end = Math.max(last.end, w.end);
    else merged.push({ ...w });
  }
  return merged;
}

/** Whether the centre issues tickets at `now`, and until when, or from when again. */
export function openingState(rules: OpeningRules, now: number, timeZone: string = HUB_TIME_ZONE): OpeningState {
  const windows = issuingWindows(rules, now, timeZone);
  const current = windows.find((w) => w.start <= now && now < w.end);
  if (current) {
    // A window that runs to the end of the horizon (open every hour of every day) has no closing to tell.
    const horizon = midnightOf(now, 8, timeZone);
    return { open: true, closesAt: current.end >= horizon ? null : current.end, nextOpenAt: null };
  }
  const next = windows.find((w) => w.start > now);
  return { open: false, closesAt: null, nextOpenAt: next ? next.start : null };
}

/**
 * Whether a device found offline at `now` is an incident: within the centre's hours widened by the
 * grace (the same windows the kiosk issues in). A kiosk or board switched off at night is not; its
 * state is still recorded and shown, marked "ngoài giờ làm việc". The manager's dashboard and the
 * city's both ask this.
 */
export function duringWorkingHours(rules: OpeningRules, now: number, timeZone: string = HUB_TIME_ZONE): boolean {
  return openingState(rules, now, timeZone).open;
}

/** Whether `at` falls inside one of its day's sessions (no grace): where an appointment slot may be offered. */
export function withinSessions(rules: OpeningRules, at: number, timeZone: string = HUB_TIME_ZONE): boolean {
  const hours = rules.openingHours[weekdayIndex(businessDay(at, timeZone))] ?? null;
  const m = (at - localMidnight(at, timeZone)) / MIN;
  return sessionsOf(hours).some((s) => s.open <= m && m < s.close);
}

export type CheckInVerdict = { ok: true } | { ok: false; reason: 'early'; from: number } | { ok: false; reason: 'late'; until: number };

/** The window an appointment checks in: from `checkInEarlyMin` before its slot to `checkInLateMin` after it. */
export function checkInWindow(slotAt: number, policy: OpeningPolicy): Window {
  return { start: slotAt - policy.checkInEarlyMin * MIN, end: slotAt + policy.checkInLateMin * MIN };
}

/** Whether an appointment at `slotAt` may check in at `now`: too early (and from when), too late (and since when), or fine. */
export function checkInVerdict(slotAt: number, now: number, policy: OpeningPolicy): CheckInVerdict {
  const w = checkInWindow(slotAt, policy);
  if (now < w.start) return { ok: false, reason: 'early', from: w.start };
  if (now > w.end) return { ok: false, reason: 'late', until: w.end };
  return { ok: true };
}

/** Every day open around the clock: the demo centre (`npm start`), so the demo works at any hour. */
export const ALWAYS_OPEN_HOURS: readonly DayHours[] = Array.from({ length: 7 }, () => ({ open: '00:00', close: '24:00', lunch: null }));

/**
 * When the centre opens again, as the kiosk and display say it: "07:30" today, otherwise with the
 * weekday and date ("07:30, Thứ Hai 07/12" / "07:30, Monday 07/12").
 */
export function formatOpeningTime(at: number, now: number, lang: 'vi' | 'en', timeZone: string = HUB_TIME_ZONE): string {
  const clock = dateFormatter('hm', 'en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(at));
  if (businessDay(at, timeZone) === businessDay(now, timeZone)) return clock;
  const weekday = dateFormatter('weekday', lang === 'vi' ? 'vi-VN' : 'en-GB', { timeZone, weekday: 'long' }).format(new Date(at));
  const date = dateFormatter('dm', 'en-GB', { timeZone, day: '2-digit', month: '2-digit' }).format(new Date(at));
  return `${clock}, ${lang === 'vi' ? weekday.charAt(0).toUpperCase() + weekday.slice(1) : weekday} ${date}`;
}
