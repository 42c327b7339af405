/**
 * When weekly reports are due and which days they cover, pure. The report is generated on
 * Friday at 16:00 Asia/Ho_Chi_Minh and covers the last whole ISO week before it, Monday to Sunday
 * (`weekOf` in shared/src/time.ts, the ward's week too): the current week is not over on Friday
 * afternoon (the centre is still open, some open on Saturday), so a whole week is reported once,
 * complete, and a ward's own weekly export of that week reads the same days.
 */
import { addDays, businessDay, HUB_TIME_ZONE, weekOf } from '@motcua/shared';

export const REPORT_TIME_ZONE = HUB_TIME_ZONE;
export const REPORT_WEEKDAY = 5; // Friday (0 = Sunday)
export const REPORT_HOUR = 16;

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

/** The days the report due at `slot` covers: the previous ISO week, Monday to Sunday. */
export function periodOfSlot(slot: number, timeZone = REPORT_TIME_ZONE): Period {
  const { from, to } = weekOf(addDays(businessDay(slot, timeZone), -7));
  return { from, to };
}

/**
 * The ISO week label of a period that is exactly one ISO week ("2026-W48"), else null (a range
 * asked for by dates): a file is never named after a week it does not cover.
 */
export function weekLabel(p: Period): string | null {
  const w = weekOf(p.from);
  return w.from === p.from && w.to === p.to ? w.label : null;
}

/** The report's file name (without extension): bao-cao-tuan-2026-W48_2026-11-23_2026-11-29. */
export function reportFileName(p: Period): string {
  const label = weekLabel(p);
  return `bao-cao-tuan${label ? `-${label}` : ''}_${p.from}_${p.to}`;
}
