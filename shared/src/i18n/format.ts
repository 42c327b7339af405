/**
 * Numbers, dates and durations as docs/VIETNAMESE.md writes them: decimal comma in Vietnamese and
 * point in English (Intl with vi-VN / en-GB), dates dd/mm/yyyy in both languages, 24-hour clock,
 * all in the centre's time zone. Every app formats through these instead of toFixed/toLocale*.
 */
import { dateFormatter, HUB_TIME_ZONE } from '../time';
import { LOCALES, type Lang } from './translator';

const numberFormats = new Map<string, Intl.NumberFormat>();
function numberFormat(lang: Lang, maxDigits: number, minDigits: number): Intl.NumberFormat {
  const key = `${lang}|${maxDigits}|${minDigits}`;
  let f = numberFormats.get(key);
  if (!f) numberFormats.set(key, (f = new Intl.NumberFormat(LOCALES[lang], { maximumFractionDigits: maxDigits, minimumFractionDigits: minDigits })));
  return f;
}

/** "1.234,5" (vi) / "1,234.5" (en); "—" for a missing value. `digits` is the most decimals shown. */
export function formatNumber(x: number | null | undefined, lang: Lang, digits = 1, minDigits = 0): string {
  return x === null || x === undefined ? '—' : numberFormat(lang, digits, minDigits).format(x);
}

/** A share 0..1 as "12,5 %" (vi) / "12.5 %" (en). */
export function formatPercent(share: number | null | undefined, lang: Lang, digits = 1): string {
  return share === null || share === undefined ? '—' : `${formatNumber(share * 100, lang, digits)} %`;
}

const MINUTE_UNIT: Readonly<Record<Lang, string>> = { vi: 'phút', en: 'min' };

/** A duration in minutes: "12 phút", "1,5 phút" / "12 min", "1.5 min"; "—" when unknown. */
export function formatDuration(minutes: number | null | undefined, lang: Lang, digits = 1): string {
  return minutes === null || minutes === undefined ? '—' : `${formatNumber(minutes, lang, digits)} ${MINUTE_UNIT[lang]}`;
}

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const partsFormat = (timeZone: string): Intl.DateTimeFormat =>
  dateFormatter('ymdhms', 'en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
function parts(epochMs: number, timeZone: string): Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', string> {
  const out = { year: '', month: '', day: '', hour: '', minute: '', second: '' };
  for (const p of partsFormat(timeZone).formatToParts(new Date(epochMs))) if (p.type in out) out[p.type as keyof typeof out] = p.value;
  return out;
}

/**
 * "23/11/2026" in both languages (the rule: dd/mm/yyyy, never ISO nor month first). Takes an
 * instant (in the centre's time zone) or a business day "YYYY-MM-DD" (shown as is, no time zone).
 */
export function formatDate(at: number | string, timeZone: string = HUB_TIME_ZONE): string {
  if (typeof at === 'string') {
    const m = DAY_RE.exec(at);
    return m ? `${m[3]}/${m[2]}/${m[1]}` : at;
  }
  const p = parts(at, timeZone);
  return `${p.day}/${p.month}/${p.year}`;
}

/** "23/11/2026 09:05:07" (`seconds` false: "23/11/2026 09:05"), 24-hour clock, both languages. */
export function formatDateTime(epochMs: number, timeZone: string = HUB_TIME_ZONE, seconds = true): string {
  const p = parts(epochMs, timeZone);
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}${seconds ? `:${p.second}` : ''}`;
}
