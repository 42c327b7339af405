/** What the reports page draws, pure: the hours the hourly chart covers. */

/** The chart always shows the usual office day; it widens to every hour that has tickets. */
const DAY_FROM = 7;
const DAY_TO = 17;

/** Bars for the hourly chart: from the first hour with tickets (at latest 7h) to the last (at earliest 17h). */
export function hourBars(byHour: readonly number[]): { h: string; n: number }[] {
  let first = DAY_FROM;
  let last = DAY_TO;
  byHour.forEach((n, h) => {
    if (n > 0) {
      first = Math.min(first, h);
      last = Math.max(last, h);
    }
  });
  const out: { h: string; n: number }[] = [];
  for (let h = first; h <= last; h++) out.push({ h: `${h}h`, n: byHour[h] ?? 0 });
  return out;
}
