import { describe, expect, it } from 'vitest';
import { hourBars } from './report-view';

// Catches: the hourly chart dropping tickets issued outside 6h–18h (it was a fixed slice(6, 19),
// so an evening or early session vanished from the chart). Broken on purpose by restoring a fixed
// 7–17 range: the 5h and 20h bars are missing and this fails.
describe('hourBars', () => {
  it('covers the office day and widens to every hour with tickets', () => {
    const byHour = Array.from({ length: 24 }, () => 0);
    expect(hourBars(byHour).map((b) => b.h)).toEqual(['7h', '8h', '9h', '10h', '11h', '12h', '13h', '14h', '15h', '16h', '17h']);
    byHour[5] = 2;
    byHour[20] = 3;
    const bars = hourBars(byHour);
    expect(bars[0]).toEqual({ h: '5h', n: 2 });
    expect(bars[bars.length - 1]).toEqual({ h: '20h', n: 3 });
    expect(bars.reduce((s, b) => s + b.n, 0)).toBe(5);
  });
});
