import { describe, expect, it } from 'vitest';
import { ServiceSampler } from './forecast';

describe('ServiceSampler', () => {
  it('is deterministic for a seed', () => {
    const a = new ServiceSampler(42);
    const b = new ServiceSampler(42);
    for (let i = 0; i < 50; i++) expect(a.uniform()).toBe(b.uniform());
  });

  it('stratifies: the j-th draw of each run falls in its own slice of (0, 1)', () => {
    const runs = 15;
    const s = new ServiceSampler(7, runs);
    const slices: number[][] = [[], [], []];
    for (let k = 0; k < runs; k++) {
      s.startRun(k);
      for (let j = 0; j < 3; j++) {
        const u = s.uniform();
        expect(u).toBeGreaterThan(0);
        expect(u).toBeLessThan(1);
        slices[j]!.push(Math.floor(u * runs));
      }
    }
    for (const js of slices) expect([...js].sort((x, y) => x - y)).toEqual(Array.from({ length: runs }, (_, i) => i));
    // Different draw positions are paired at random, not in lockstep.
    expect(slices[0]).not.toEqual(slices[1]);
  });

  it('draws lognormal service times with the given mean', () => {
    const s = new ServiceSampler(1);
    let sum = 0;
    const n = 20_000;
    for (let i = 0; i < n; i++) sum += s.draw(5, 0.8);
    expect(sum / n).toBeGreaterThan(4.85);
    expect(sum / n).toBeLessThan(5.15);
    // The remaining time of a service under way is never negative.
    for (let i = 0; i < 100; i++) expect(s.draw(5, 0.8, 12)).toBeGreaterThanOrEqual(0);
  });
});
