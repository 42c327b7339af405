/**
 * The reserve budget's hours (issue 16 item 3). Bugs these catch (each seen failing by breaking the
 * code once): the whole advised window counted whether or not the counter opened; the counter's
 * open time outside its windows counted (its own staffing); overlapping windows of successive
 * advice counted twice; a counter still open counted to the window's end instead of to now (its open
 * time and its windows both left uncapped by now: either cap alone gives the right figure).
 */
import { describe, expect, it } from 'vitest';
import { reserveHoursUsed, type CounterStatusChange } from './reserve-budget';

const H = 3_600_000;
const M = 60_000;
const T = 1_800_000_000_000;
const change = (at: number, counterId: string, kind: CounterStatusChange['kind']): CounterStatusChange => ({ at, counterId, kind });

describe('reserveHoursUsed', () => {
  it('counts nothing for a window whose counter never opened', () => {
    expect(reserveHoursUsed([{ counterId: 'c2', from: T, until: T + 2 * H }], [change(T, 'c1', 'opened')], T + 3 * H)).toBe(0);
  });

  it('counts the time open within the advised windows only, overlapping windows once, up to now', () => {
    // Advised 9:00–10:30 and again 9:10–10:40 (the same need, five minutes of cache later); opened at
    // 9:15, paused 9:45–9:50 (the clerk is there), closed at 11:00: 9:15–10:40 = 85 min.
    const windows = [
      { counterId: 'c2', from: T, until: T + 90 * M },
      { counterId: 'c2', from: T + 10 * M, until: T + 100 * M },
    ];
    const changes = [change(T - H, 'c2', 'opened'), change(T - 50 * M, 'c2', 'closed'), change(T + 15 * M, 'c2', 'opened'), change(T + 45 * M, 'c2', 'paused'), change(T + 50 * M, 'c2', 'resumed'), change(T + 120 * M, 'c2', 'closed')];
    expect(reserveHoursUsed(windows, changes, T + 3 * H)).toBeCloseTo(85 / 60, 10);
    // Asked at 9:30 while still open: 15 minutes so far, not to the window's end.
    expect(reserveHoursUsed(windows, changes.slice(0, 3), T + 30 * M)).toBeCloseTo(15 / 60, 10);
  });

  it('adds up several reserve counters', () => {
    const windows = [
      { counterId: 'c2', from: T, until: T + H },
      { counterId: 'c4', from: T, until: T + H },
    ];
    const changes = [change(T, 'c2', 'opened'), change(T + 30 * M, 'c4', 'opened')];
    expect(reserveHoursUsed(windows, changes, T + 2 * H)).toBeCloseTo(1.5, 10);
  });
});
