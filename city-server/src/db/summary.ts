/**
 * The per ward/day/field summary (`city_daily`) carries a histogram of the waits, so percentiles
 * (median, p90) come from the summaries, never from raw tickets or events. Buckets are fixed for
 * all time (a rollup adds histograms element by element): bucket i counts waits in
 * [WAIT_BUCKETS_MIN[i], WAIT_BUCKETS_MIN[i + 1]) minutes, the last one everything from 180 min on.
 */
export const WAIT_BUCKETS_MIN: readonly number[] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 15, 18, 20, 25, 30, 40, 50, 60, 90, 120, 180];

/** The bucket of a wait in ms. */
export function waitBucket(waitMs: number): number {
  const min = waitMs / 60_000;
  let i = WAIT_BUCKETS_MIN.length - 1;
  while (i > 0 && min < WAIT_BUCKETS_MIN[i]!) i--;
  return i;
}

export function emptyHistogram(): number[] {
  return WAIT_BUCKETS_MIN.map(() => 0);
}

/**
 * The q-quantile (0–1) of the waits of a histogram, minutes, interpolating linearly inside the
 * bucket; null with no waits. A quantile in the open last bucket answers its lower edge (180), a
 * floor, never an invented figure.
 */
export function histogramQuantile(hist: readonly number[], q: number): number | null {
  const n = hist.reduce((a, b) => a + b, 0);
  if (n === 0) return null;
  const rank = q * n;
  let seen = 0;
  for (let i = 0; i < hist.length; i++) {
    const c = hist[i] ?? 0;
    if (c > 0 && seen + c >= rank) {
      const lo = WAIT_BUCKETS_MIN[i]!;
      const hi = WAIT_BUCKETS_MIN[i + 1];
      if (hi === undefined) return lo;
      return lo + ((hi - lo) * Math.max(0, rank - seen)) / c;
    }
    seen += c;
  }
  return WAIT_BUCKETS_MIN[WAIT_BUCKETS_MIN.length - 1]!;
}

/** SQL adding two histograms (or any two count arrays) element by element (for ON CONFLICT and rollups). */
export function sqlAddHistograms(a: string, b: string): string {
  return `(SELECT array_agg(coalesce(x, 0) + coalesce(y, 0) ORDER BY i) FROM unnest(${a}, ${b}) WITH ORDINALITY AS u(x, y, i))`;
}
