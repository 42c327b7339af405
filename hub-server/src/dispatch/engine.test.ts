import { describe, expect, it } from 'vitest';
import { DEFAULT_DISPATCH_CONFIG } from './policy';
import type { PolicyName } from './types';
import { simulateDay } from './engine';
import type { EngineCounter, SimDay } from './engine';

const MIN = 60_000;

function day(visitors: { at: number; service: number; min: number; slot?: number; walkAway?: boolean }[]): SimDay {
  const n = visitors.length;
  return {
    n,
    arrival: Float64Array.from(visitors, (v) => v.at * MIN),
    slot: Float64Array.from(visitors, (v) => (v.slot === undefined ? NaN : v.slot * MIN)),
    service: Int32Array.from(visitors, (v) => v.service),
    baseMs: Float64Array.from(visitors, (v) => v.min * MIN),
    walkAway: Uint8Array.from(visitors, (v) => (v.walkAway ? 1 : 0)),
    priority: new Uint8Array(n),
  };
}

const counter = (id: string, primary: string[], secondary: string[] = [], breaks: { at: number; len: number }[] = []): EngineCounter => ({
  id,
  primary,
  secondary,
  breaks: breaks.map((b) => ({ at: b.at * MIN, lengthMs: b.len * MIN })),
  opensAt: 0,
  closesAt: Infinity,
});

function run(d: SimDay, counters: EngineCounter[], policy: PolicyName = 'shared-edf', slowdown = 1.5) {
  return simulateDay({
    serviceIds: ['A', 'B'],
    stats: { A: { meanMin: 5 }, B: { meanMin: 5 } },
    counters,
    config: { ...DEFAULT_DISPATCH_CONFIG, policy },
    secondarySlowdown: slowdown,
    walkAwayCostMs: 1 * MIN,
    day: d,
    predict: false,
  });
}

const waits = (o: { waitMs: Float64Array }): number[] => Array.from(o.waitMs, (w) => Math.round((w / MIN) * 1000) / 1000);

describe('simulateDay', () => {
  it('serves one at a time, in deadline order, without preemption', () => {
    const d = day([
      { at: 0, service: 0, min: 10 },
      { at: 1, service: 0, min: 5 },
      { at: 2, service: 0, min: 5 },
    ]);
    const o = run(d, [counter('Q1', ['A'])]);
    expect(waits(o)).toEqual([0, 9, 13]);
    expect(o.endAt).toBe(20 * MIN);
  });

  it('applies the secondary slowdown and the walk-away cost', () => {
    const d = day([
      { at: 0, service: 1, min: 10 },
      { at: 1, service: 1, min: 4, walkAway: true },
      { at: 2, service: 1, min: 4 },
    ]);
    // B is a secondary skill: 10 × 1.5 = 15 minutes; the walk-away costs 1 minute.
    const o = run(d, [counter('Q1', ['A'], ['B'])]);
    expect(waits(o)).toEqual([0, 14, 14]);
    // Under dedicated the counter may not serve B at all.
    const ded = run(d, [counter('Q1', ['A'], ['B'])], 'dedicated');
    expect(ded.unserved).toBe(3);
    // Under pooled everyone serves everything at full speed.
    expect(waits(run(d, [counter('Q1', ['A'])], 'pooled'))).toEqual([0, 9, 9]);
  });

  it('takes a break when free at or after its time, idle or not', () => {
    const d = day([
      { at: 0, service: 0, min: 12 },
      { at: 5, service: 0, min: 2 },
      { at: 40, service: 0, min: 2 },
    ]);
    // Busy at the break's time (10): the break starts when the service ends (12) and lasts 15.
    const o = run(d, [counter('Q1', ['A'], [], [{ at: 10, len: 15 }, { at: 30, len: 15 }])]);
    // Idle at 30: the second break starts at once and lasts until 45.
    expect(waits(o)).toEqual([0, 22, 5]);
  });

  it('measures an appointment from its slot when it comes early', () => {
    const d = day([
      { at: 0, service: 0, min: 30 },
      { at: 5, service: 0, min: 5, slot: 15 },
    ]);
    expect(waits(run(d, [counter('Q1', ['A'])]))).toEqual([0, 15]);
  });

  it('gives an arrival to the longest idle eligible counter under the baselines', () => {
    const d = day([
      { at: 0, service: 0, min: 3 },
      { at: 10, service: 0, min: 3 },
    ]);
    const o = simulateDay({
      serviceIds: ['A'],
      stats: { A: { meanMin: 3 } },
      counters: [counter('Q1', ['A']), counter('Q2', ['A'])],
      config: { ...DEFAULT_DISPATCH_CONFIG, policy: 'shared-edf' },
      secondarySlowdown: 1,
      walkAwayCostMs: MIN,
      day: d,
      predict: true,
    });
    expect(waits(o)).toEqual([0, 0]);
    expect(Array.from(o.predictedMs)).toEqual([0, 0]);
  });

  it('follows adjustments made at a checkpoint: a reserve counter opens for a window', () => {
    const d = day(Array.from({ length: 6 }, (_, i) => ({ at: 0.1 * i, service: 0, min: 10 })));
    const without = run(d, [counter('Q1', ['A'])]);
    const withReserve = simulateDay({
      serviceIds: ['A', 'B'],
      stats: { A: { meanMin: 10 }, B: { meanMin: 5 } },
      counters: [counter('Q1', ['A'])],
      config: { ...DEFAULT_DISPATCH_CONFIG, policy: 'shared-edf' },
      secondarySlowdown: 1,
      walkAwayCostMs: MIN,
      day: d,
      predict: false,
      checkpoints: { at: [1 * MIN], decide: () => [{ kind: 'open-counter', counter: { ...counter('R', ['A']), opensAt: MIN, closesAt: 25 * MIN } }] },
    });
    const total = (o: { waitMs: Float64Array }): number => o.waitMs.reduce((a, b) => a + b, 0);
    expect(total(withReserve)).toBeLessThan(total(without));
    expect(withReserve.adjustments).toHaveLength(1);
  });
  it('moves a clerk for a window: the counter serves the other counter\'s services at full speed, then its own again', () => {
    // Q1 serves A, Q2 serves B. Five B visitors at 0; one A visitor at 40. From 1 to 30 min Q1's clerk
    // does Q2's work (B at full speed, not 1.5× as a secondary skill), then A again.
    // Bug it catches: a move that only added B as a secondary skill (B would take 15 min, not 10) or
    // that never ended (the A visitor at 40 would never be served).
    const d = day([...Array.from({ length: 5 }, () => ({ at: 0, service: 1, min: 10 })), { at: 40, service: 0, min: 5 }]);
    const o = simulateDay({
      serviceIds: ['A', 'B'],
      stats: { A: { meanMin: 5 }, B: { meanMin: 10 } },
      counters: [counter('Q1', ['A']), counter('Q2', ['B'])],
      config: { ...DEFAULT_DISPATCH_CONFIG, policy: 'shared-edf' },
      secondarySlowdown: 1.5,
      walkAwayCostMs: MIN,
      day: d,
      predict: false,
      checkpoints: { at: [1 * MIN], decide: () => [{ kind: 'add-skill', counterId: 'Q1', window: { serviceIds: [], primary: ['B'], from: MIN, to: 30 * MIN } }] },
    });
    // Q2 takes B at 0, 10, 20; Q1 takes B at 1 and 11 (full speed: done at 21, after the window it may not take B at 30).
    expect(waits(o)).toEqual([0, 1, 10, 11, 20, 0]);
    expect(o.servedBy[5]).toBe(0);
  });
});
