/**
 * The weekly report's figures and columns, one definition for the ward hub's manager app and the
 * city server, so a ward's export and the city's report read the same.
 *
 * Definitions (the city server's projection uses the same):
 * - received: tickets issued; served: finished; no-shows; cancelled (cancelled or expired);
 * - wait: from the ticket's queue time (kept through transfers) to its first call, once per ticket;
 * - late share: the share of waits strictly longer than the threshold (20 minutes by default);
 * - p90: the continuous 90th percentile (PostgreSQL's percentile_cont(0.9)).
 */
import { t, type SharedKey } from './i18n/index';
export interface ReportFigures {
  received: number;
  served: number;
  noShows: number;
  cancelled: number;
  avgWaitMin: number | null;
  p90WaitMin: number | null;
  /** 0..1 */
  lateShare: number | null;
  ratings: number;
  avgRating: number | null;
}

export type ReportCell = string | number | null;

export interface ReportColumn {
  key: 'code' | 'name' | keyof ReportFigures;
  /** The header's message in the shared catalogue (shared/src/i18n). */
  message: SharedKey;
  /** Excel number format, where one applies. */
  numFmt?: string;
}

/** Column set of the weekly report, in order. `lateShare`'s header names the threshold: use `reportHeader`. */
export const WEEKLY_REPORT_COLUMNS: readonly ReportColumn[] = [
  { key: 'code', message: 'report.code' },
  { key: 'name', message: 'report.name' },
  { key: 'received', message: 'report.received' },
  { key: 'served', message: 'report.served' },
  { key: 'noShows', message: 'report.noShows' },
  { key: 'cancelled', message: 'report.cancelled' },
  { key: 'avgWaitMin', message: 'report.avgWaitMin', numFmt: '0.0' },
  { key: 'p90WaitMin', message: 'report.p90WaitMin', numFmt: '0.0' },
  { key: 'lateShare', message: 'report.lateShare', numFmt: '0.0%' },
  { key: 'ratings', message: 'report.ratings' },
  { key: 'avgRating', message: 'report.avgRating', numFmt: '0.00' },
];

/** Header row in one language, with the late threshold filled in. */
export function reportHeader(lateThresholdMin: number, lang: 'vi' | 'en' = 'vi'): string[] {
  return WEEKLY_REPORT_COLUMNS.map((c) => t(lang, c.message, { n: lateThresholdMin }));
}

const round = (x: number, digits: number): number => Math.round(x * 10 ** digits) / 10 ** digits;

/** One row of cells in column order; shares are kept as fractions rounded to 0.1 %. */
export function reportCells(code: string, name: string, f: ReportFigures): ReportCell[] {
  return WEEKLY_REPORT_COLUMNS.map((c) => {
    switch (c.key) {
      case 'code':
        return code;
      case 'name':
        return name;
      case 'lateShare':
        return f.lateShare === null ? null : round(f.lateShare, 3);
      default:
        return f[c.key];
    }
  });
}

function csvCell(v: ReportCell): string {
  if (v === null) return '';
  const s = String(v);
  return /[",\n\r;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** CSV with a UTF-8 BOM (so Excel shows Vietnamese) and CRLF line ends. */
export function toCsv(rows: readonly (readonly ReportCell[])[]): string {
  return `\uFEFF${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

/** Continuous percentile (linear interpolation between closest ranks), as PostgreSQL's percentile_cont. */
export function percentileCont(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * p;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (b - a) * (pos - lo);
}
