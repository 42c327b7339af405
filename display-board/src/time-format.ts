/** Date and clock lines of the board header, in the centre's time zone (Asia/Ho_Chi_Minh). */
import { formatClock, HUB_TIME_ZONE } from '@motcua/shared';

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(locale: string, timeZone: string, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${JSON.stringify(opts)}`;
  let f = formatters.get(key);
  if (!f) formatters.set(key, (f = new Intl.DateTimeFormat(locale, { timeZone, ...opts })));
  return f;
}

export interface BoardDate {
  /** "Thứ Hai, 23/11/2026" */
  vi: string;
  /** "Monday, 23 November 2026" */
  en: string;
}

export function formatBoardDate(epochMs: number, timeZone: string = HUB_TIME_ZONE): BoardDate {
  const d = new Date(epochMs);
  return {
    vi: formatter('vi-VN', timeZone, { weekday: 'long', day: '2-digit', month: '2-digit', year: 'numeric' }).format(d),
    en: formatter('en-GB', timeZone, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(d),
  };
}

/** "09:05" */
export function formatBoardTime(epochMs: number, timeZone: string = HUB_TIME_ZONE): string {
  return formatClock(epochMs, timeZone);
}
