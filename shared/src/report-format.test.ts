import { describe, expect, it } from 'vitest';
import { percentileCont, reportCells, reportHeader, toCsv, WEEKLY_REPORT_COLUMNS } from './report-format';

describe('weekly report format', () => {
  const figures = { received: 10, served: 8, noShows: 1, cancelled: 1, avgWaitMin: 7.5, p90WaitMin: 18.2, lateShare: 0.12345, ratings: 6, avgRating: 3.5 };
  it('has one header per column, naming the late threshold', () => {
    expect(reportHeader(20)).toHaveLength(WEEKLY_REPORT_COLUMNS.length);
    expect(reportHeader(20)[8]).toBe('Tỷ lệ chờ quá 20 phút');
    expect(reportHeader(15, 'en')[8]).toBe('Share waiting over 15 min');
  });
  it('orders cells as the columns and rounds the share to 0.1 %', () => {
    expect(reportCells('HT', 'Hộ tịch', figures)).toEqual(['HT', 'Hộ tịch', 10, 8, 1, 1, 7.5, 18.2, 0.123, 6, 3.5]);
  });
  it('writes CSV with a BOM, quotes where needed and empty cells for nulls', () => {
    expect(toCsv([['a', 'x, "y"', null, 1.5]])).toBe('\uFEFFa,"x, ""y""",,1.5\r\n');
  });
  it('computes percentile_cont', () => {
    expect(percentileCont([5, 10, 25, 30], 0.9)).toBeCloseTo(28.5);
    expect(percentileCont([7], 0.9)).toBe(7);
  });
});
