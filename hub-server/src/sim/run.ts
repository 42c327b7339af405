/**
 * Runs policies over the same seeded days of a scenario and summarises them as the bench README
 * asks: late share (mean over days, with its standard error), p50/p95/p99/max of the wait (means
 * over days of each day's figure) and the mean absolute error of the wait predicted at issue.
 */
import { DEFAULT_DISPATCH_CONFIG } from '../dispatch/policy';
import type { DispatchConfig, PolicyName, ServiceStats } from '../dispatch/types';
import { MS_PER_MIN, demandOf, generateDay } from './day';
import type { DemandProfile } from './day';
import { simulateDay } from '../dispatch/engine';
import type { DayOutcome, EngineCounter, SimDay } from '../dispatch/engine';
import type { Scenario } from './scenario';

export const POLICIES: readonly PolicyName[] = ['dedicated', 'shared-edf', 'pooled', 'motcua'];

export interface PolicySummary {
  scenario: string;
  policy: PolicyName;
  days: number;
  /** Share of counted visitors called after their target, mean over days (0–1). */
  late: number;
  late_se: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** Mean absolute error of the predicted wait, minutes (null when not predicted). */
  predict_mae: number | null;
  /** Mean visitors counted per day (walk-aways excluded). */
  visitors: number;
  /** Tickets never called because no counter could serve them (total over all days). */
  unserved: number;
}

/** Quantile with linear interpolation between order statistics (numpy's default). */
export function quantile(sorted: Float64Array, q: number): number {
  const n = sorted.length;
  if (n === 0) return 0;
  const pos = (n - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(n - 1, lo + 1);
  const f = pos - lo;
  return sorted[lo]! * (1 - f) + sorted[hi]! * f;
}

export function scenarioStats(s: Scenario): ServiceStats {
  const out: Record<string, { meanMin: number; cv: number }> = {};
  for (const svc of s.services) out[svc.code] = { meanMin: svc.meanMin, cv: svc.cv };
  return out;
}

export function scenarioCounters(s: Scenario): EngineCounter[] {
  return s.counters.map((c) => ({
    id: c.id,
    primary: c.primary,
    secondary: c.secondary,
    breaks: [...c.breaks].sort((a, b) => a.atMin - b.atMin).map((b) => ({ at: b.atMin * MS_PER_MIN, lengthMs: b.lengthMin * MS_PER_MIN })),
    opensAt: 0,
    closesAt: Infinity,
  }));
}

/** The dispatch configuration the simulator uses for a scenario and policy. */
export function scenarioConfig(s: Scenario, policy: PolicyName, base: DispatchConfig = DEFAULT_DISPATCH_CONFIG): DispatchConfig {
  return { ...base, policy, targetWaitMin: s.targetWaitMin, appointmentGraceMin: s.appointmentGraceMin, secondarySlowdown: s.secondarySlowdown };
}

/** Figures of one simulated day. */
export interface DayFigures {
  counted: number;
  late: number;
  /** Sorted waits of counted visitors, minutes. */
  waits: Float64Array;
  absErrSum: number;
  predicted: number;
  unserved: number;
}

export function dayFigures(s: Scenario, day: SimDay, out: DayOutcome): DayFigures {
  const waits: number[] = [];
  let late = 0;
  let absErrSum = 0;
  let predicted = 0;
  const target = s.targetWaitMin * MS_PER_MIN;
  const grace = s.appointmentGraceMin * MS_PER_MIN;
  for (let i = 0; i < day.n; i++) {
    if (day.walkAway[i] === 1) continue;
    const w = out.waitMs[i]!;
    if (Number.isNaN(w)) continue;
    waits.push(w / MS_PER_MIN);
    if (w > (Number.isNaN(day.slot[i]!) ? target : grace)) late++;
    const p = out.predictedMs[i]!;
    if (!Number.isNaN(p)) {
      absErrSum += Math.abs(p - w) / MS_PER_MIN;
      predicted++;
    }
  }
  const sorted = Float64Array.from(waits).sort();
  return { counted: waits.length, late, waits: sorted, absErrSum, predicted, unserved: out.unserved };
}

export interface RunOptions {
  days: number;
  seed: number;
  policies: readonly PolicyName[];
  /** Predict waits for these policies (default: motcua only, as prediction costs time). */
  predictFor?: readonly PolicyName[];
  /** Base dispatch configuration (policy and the scenario's targets are set per run). */
  config?: DispatchConfig;
  demand?: DemandProfile;
  /** Extra counters (e.g. a reserve clerk following staffing advice), per day. */
  extraCounters?: (dayIndex: number, day: SimDay) => readonly EngineCounter[];
}

export class Accumulator {
  days = 0;
  lateSum = 0;
  lateSq = 0;
  p50 = 0;
  p95 = 0;
  p99 = 0;
  max = 0;
  abs = 0;
  npred = 0;
  counted = 0;
  unserved = 0;
  add(f: DayFigures): void {
    const share = f.counted > 0 ? f.late / f.counted : 0;
    this.days++;
    this.lateSum += share;
    this.lateSq += share * share;
    this.p50 += quantile(f.waits, 0.5);
    this.p95 += quantile(f.waits, 0.95);
    this.p99 += quantile(f.waits, 0.99);
    this.max += f.waits.length > 0 ? f.waits[f.waits.length - 1]! : 0;
    this.abs += f.absErrSum;
    this.npred += f.predicted;
    this.counted += f.counted;
    this.unserved += f.unserved;
  }
  summary(scenario: string, policy: PolicyName): PolicySummary {
    const d = Math.max(1, this.days);
    const mean = this.lateSum / d;
    const variance = this.days > 1 ? Math.max(0, (this.lateSq - d * mean * mean) / (d - 1)) : 0;
    return {
      scenario,
      policy,
      days: this.days,
      late: mean,
      late_se: Math.sqrt(variance / d),
      p50: this.p50 / d,
      p95: this.p95 / d,
      p99: this.p99 / d,
      max: this.max / d,
      predict_mae: this.npred > 0 ? this.abs / this.npred : null,
      visitors: this.counted / d,
      unserved: this.unserved,
    };
  }
}

/** Runs every policy on the same `days` days (same seed → same arrivals and service times). */
export function runScenario(s: Scenario, opts: RunOptions): PolicySummary[] {
  const stats = scenarioStats(s);
  const baseCounters = scenarioCounters(s);
  const demand = opts.demand ?? demandOf(s);
  const predictFor = opts.predictFor ?? ['motcua'];
  const accs = opts.policies.map(() => new Accumulator());
  const serviceIds = s.services.map((x) => x.code);
  for (let d = 0; d < opts.days; d++) {
    const day = generateDay(s, opts.seed, d, demand);
    const counters = opts.extraCounters ? [...baseCounters, ...opts.extraCounters(d, day)] : baseCounters;
    opts.policies.forEach((policy, pi) => {
      const out = simulateDay({
        serviceIds,
        stats,
        counters,
        config: scenarioConfig(s, policy, opts.config),
        secondarySlowdown: s.secondarySlowdown,
        walkAwayCostMs: s.walkAway.counterCostMin * MS_PER_MIN,
        day,
        predict: predictFor.includes(policy),
      });
      accs[pi]!.add(dayFigures(s, day, out));
    });
  }
  return opts.policies.map((p, i) => accs[i]!.summary(s.name, p));
}
