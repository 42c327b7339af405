import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff';

const policy = { baseMs: 1000, maxMs: 60_000 };

describe('backoffDelay', () => {
  it('doubles per failure, between half and the whole step', () => {
    expect(backoffDelay(1, policy, () => 0)).toBe(500);
    expect(backoffDelay(1, policy, () => 0.999999)).toBe(1000);
    expect(backoffDelay(2, policy, () => 0)).toBe(1000);
    expect(backoffDelay(4, policy, () => 0)).toBe(4000);
    expect(backoffDelay(4, policy, () => 0.5)).toBe(6000);
  });
  it('is capped at the maximum, however many failures', () => {
    for (const n of [7, 10, 50, 10_000]) {
      expect(backoffDelay(n, policy, () => 0.999999)).toBeLessThanOrEqual(60_000);
      expect(backoffDelay(n, policy, () => 0)).toBe(30_000);
    }
  });
  it('spreads hubs that failed together', () => {
    let seed = 42;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const delays = new Set(Array.from({ length: 168 }, () => backoffDelay(5, policy, random)));
    expect(delays.size).toBeGreaterThan(100);
  });
});
