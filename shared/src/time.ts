/** Time is injected everywhere: domain code never reads the wall clock itself. */
export interface Clock {
  now(): number;
}

/** The wall clock: what servers pass where a `Clock` is injected (tests pass a fake one). */
// eslint-disable-next-line no-restricted-syntax -- the one place that reads the wall clock; all other code is given this Clock
export const systemClock: Clock = { now: () => Date.now() };

/** The time zone of every centre (Vietnam has one); configuration may override it, nothing else names it. */
export const HUB_TIME_ZONE = 'Asia/Ho_Chi_Minh';

const formatters = new Map<string, Intl.DateTimeFormat>();
/**
 * One `Intl.DateTimeFormat` per locale and options, made once and kept: building one costs far more
 * than formatting with it (the hub's opening-hours gate asked for twenty per issued ticket, 15 % of
 * its CPU with 800 waiting, issue 13 item 7). `key` names the options (they are fixed per call site).
 */
export function dateFormatter(key: string, locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const k = `${key}|${locale}|${options.timeZone ?? ''}`;
  let f = formatters.get(k);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, options);
    formatters.set(k, f);
  }
  return f;
}

const dayFormatter = (timeZone: string): Intl.DateTimeFormat => dateFormatter('day', 'en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });

/** The business day (YYYY-MM-DD) an instant belongs to, in the centre's time zone. */
export function businessDay(epochMs: number, timeZone: string = HUB_TIME_ZONE): string {
  return dayFormatter(timeZone).format(new Date(epochMs));
}

/** Minutes since local midnight, in the centre's time zone. */
export function minuteOfDay(epochMs: number, timeZone: string = HUB_TIME_ZONE): number {
  const parts = dateFormatter('hm', 'en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(epochMs));
  const h = Number(parts.find((p) => p.type === 'hour')?.value ?? 0);
  const m = Number(parts.find((p) => p.type === 'minute')?.value ?? 0);
  return h * 60 + m;
}

/** Clock time "HH:mm" in the centre's time zone. */
export function formatClock(epochMs: number, timeZone: string = HUB_TIME_ZONE): string {
  return dateFormatter('hm', 'vi-VN', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(epochMs));
}

/** The business day `n` days after `day` (YYYY-MM-DD; `n` may be negative). Calendar arithmetic, no time zone. */
export function addDays(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d) + n * 86_400_000).toISOString().slice(0, 10);
}

/** The instant the centre's day containing `epochMs` began (local midnight). */
export function localMidnight(epochMs: number, timeZone: string = HUB_TIME_ZONE): number {
  return epochMs - minuteOfDay(epochMs, timeZone) * 60_000 - (((epochMs % 60_000) + 60_000) % 60_000);
}

/** True for a YYYY-MM-DD that names a day of the calendar (not 2026-02-30 or 0000-00-00). */
export function isCalendarDay(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return y >= 1900 && t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/**
 * The ISO week (Monday–Sunday) a business day falls in: its Monday, Sunday, ISO year and week
 * number, and its label "2026-W48". The one week of the ward's reports and the city's.
 */
export function weekOf(day: string): { from: string; to: string; year: number; week: number; label: string } {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const date = Date.UTC(y, m - 1, d);
  const dow = (new Date(date).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  const from = addDays(day, -dow);
  // The ISO year is the year of the week's Thursday; week 1 holds that year's first Thursday.
  const thursday = new Date(date + (3 - dow) * 86_400_000);
  const year = thursday.getUTCFullYear();
  const week = 1 + Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * 86_400_000));
  return { from, to: addDays(from, 6), year, week, label: `${year}-W${String(week).padStart(2, '0')}` };
}
