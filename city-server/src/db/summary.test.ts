import { describe, expect, it } from 'vitest';
import { emptyHistogram, histogramQuantile, WAIT_BUCKETS_MIN, waitBucket } from './summary';

describe('wait histograms', () => {
  it('puts waits in their buckets, the 20-minute target on a bucket edge', () => {
    expect(waitBucket(0)).toBe(0);
    expect(waitBucket(59_999)).toBe(0);
    expect(waitBucket(60_000)).toBe(1);
    // Catches: an off-by-one at the edges (a 20:00 wait is not over the target, 20:00.001 is in the 20–25 bucket).
    expect(WAIT_BUCKETS_MIN[waitBucket(20 * 60_000 - 1)]).toBe(18);
    expect(WAIT_BUCKETS_MIN[waitBucket(20 * 60_000)]).toBe(20);
    expect(waitBucket(10 * 3_600_000)).toBe(WAIT_BUCKETS_MIN.length - 1);
  });

  it('answers quantiles within the bucket of the true value', () => {
    const waits = Array.from({ length: 1000 }, (_, i) => (i * 45) / 1000); // 0 … 45 min, uniform
    const h = emptyHistogram();
    for (const w of waits) h[waitBucket(w * 60_000)]!++;
    const p50 = histogramQuantile(h, 0.5)!;
    const p90 = histogramQuantile(h, 0.9)!;
    expect(Math.abs(p50 - 22.5)).toBeLessThan(1);
    expect(Math.abs(p90 - 40.5)).toBeLessThan(1.5);
    expect(histogramQuantile(emptyHistogram(), 0.5)).toBeNull();
    const tail = emptyHistogram();
    tail[tail.length - 1] = 3;
    expect(histogramQuantile(tail, 0.99)).toBe(180);
  });
});
