import { describe, expect, it } from 'vitest';
import { estimateHubNow, waitLevel, waitMinutes, waitStart, warnAtMin } from './wait';

const MIN = 60_000;

describe('wait colouring against the target', () => {
  it('warns at 15 and is over at 20 minutes for the 20-minute target', () => {
    expect(warnAtMin(20)).toBe(15);
    expect(waitLevel(0, 20)).toBe('ok');
    expect(waitLevel(14, 20)).toBe('ok');
    expect(waitLevel(15, 20)).toBe('warn');
    expect(waitLevel(19, 20)).toBe('warn');
    expect(waitLevel(20, 20)).toBe('over');
    expect(waitLevel(95, 20)).toBe('over');
  });

  it('follows a configured target and an explicit warning', () => {
    expect(waitLevel(23, 30)).toBe('warn');
    expect(waitLevel(22, 30)).toBe('ok');
    expect(waitLevel(10, 30, 10)).toBe('warn');
  });
});

describe('minutes waited', () => {
  const t0 = Date.UTC(2026, 10, 23, 2, 0);
  it('counts whole minutes from the queue time', () => {
    expect(waitMinutes({ queuedAt: t0, slotAt: null }, t0 + 14 * MIN + 59_000)).toBe(14);
    expect(waitMinutes({ queuedAt: t0, slotAt: null }, t0 + 15 * MIN)).toBe(15);
  });
  it('starts an appointment at its slot when the citizen came early', () => {
    expect(waitStart({ queuedAt: t0, slotAt: t0 + 30 * MIN })).toBe(t0 + 30 * MIN);
    expect(waitMinutes({ queuedAt: t0, slotAt: t0 + 30 * MIN }, t0 + 20 * MIN)).toBe(0);
    expect(waitMinutes({ queuedAt: t0 + 40 * MIN, slotAt: t0 + 30 * MIN }, t0 + 50 * MIN)).toBe(10);
  });
  it('is never negative when the clocks disagree', () => {
    expect(waitMinutes({ queuedAt: t0, slotAt: null }, t0 - 5 * MIN)).toBe(0);
  });
});

describe('hub time estimate', () => {
  it('adds the client time elapsed since the last update to the hub time then', () => {
    expect(estimateHubNow(1_000_000, 50, 50 + 61_000)).toBe(1_061_000);
    expect(estimateHubNow(1_000_000, 50, 40)).toBe(1_000_000);
  });
});
