/**
 * When weekly reports are due and which days they cover, pure. The report is generated on
 * Friday at 16:00 Asia/Ho_Chi_Minh and covers the seven whole business days before it: Friday of
 * the previous week to Thursday (the centre is still open on Friday afternoon, so Friday is
 * counted in the next week's report).
 */
import { addDays, businessDay, HUB_TIME_ZONE } from '@motcua/shared';

export const REPORT_TIME_ZONE = HUB_TIME_ZONE;
export const REPORT_WEEKDAY = 5; // Friday (0 = Sunday)
export const REPORT_HOUR = 16;

const DAY_MS = 86_400_000;

/** Offset of a time zone from UTC at an instant, in ms (positive east of Greenwich). */
export function zoneOffsetMs(epochMs: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(new Date(epochMs));
  const get = (t: string): number => Number(parts.find((p) => p.type === t)?.value ?? 0);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(epochMs / 1000) * 1000;
}

/** The instant of a local wall-clock time (YYYY-MM-DD, hour) in a time zone. */
export function zonedInstant(day: string, hour: number, timeZone: string): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const guess = Date.UTC(y, m - 1, d, hour);
  return guess - zoneOffsetMs(guess - zoneOffsetMs(guess, timeZone), timeZone);
}

export function weekday(day: string): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

/** The latest report slot (Friday 16:00) at or before `now`. */
export function lastSlot(now: number, timeZone = REPORT_TIME_ZONE): number {
  const today = businessDay(now, timeZone);
  const back = (weekday(today) - REPORT_WEEKDAY + 7) % 7;
  const slot = zonedInstant(addDays(today, -back), REPORT_HOUR, timeZone);
  return slot <= now ? slot : zonedInstant(addDays(today, -back - 7), REPORT_HOUR, timeZone);
}

/** The next report slot strictly after `now`. */
export function nextSlot(now: number, timeZone = REPORT_TIME_ZONE): number {
  const last = lastSlot(now, timeZone);
  return zonedInstant(addDays(businessDay(last, timeZone), 7), REPORT_HOUR, timeZone);
}

export interface Period {
  from: string;
  to: string;
}

/** The days the report due at `slot` covers: previous Friday to Thursday. */
export function periodOfSlot(slot: number, timeZone = REPORT_TIME_ZONE): Period {
  const friday = businessDay(slot, timeZone);
  return { from: addDays(friday, -7), to: addDays(friday, -1) };
}

/** ISO week label of a period's last day, for file names: 2026-W48. */
export function weekLabel(p: Period): string {
  const [y, m, d] = p.to.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  const dayNum = (date.getUTCDay() + 6) % 7;
  date.setUTCDate(date.getUTCDate() - dayNum + 3);
  const firstThursday = new Date(Date.UTC(date.getUTCFullYear(), 0, 4));
  const week = 1 + Math.round(((date.getTime() - firstThursday.getTime()) / DAY_MS - 3 + ((firstThursday.getUTCDay() + 6) % 7)) / 7);
  return `${date.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}
