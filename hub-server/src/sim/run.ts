/**
 * Runs policies over the same seeded days of a scenario and summarises them as the bench README
 * asks. Shares (late, over30, over45, late_by_service) and quantiles (visitor_p95, visitor_p99) are
 * over all visitors of all days; `*_se` are standard errors with days as batches (ratio estimator for
 * shares, batch means over 20 batches of consecutive days for quantiles). p50/p95/p99/max are means
 * over days of each day's figure, kept for continuity. Prediction: over tickets that had to wait,
 * the error of the figure the citizen is printed (shared place-and-wait.ts: "15–25 phút" is off by
 * how far the wait fell outside 15–25, "hơn 60 phút" by how far it fell short of 60) and of the
 * median behind it, its MAE and the share off by more than 10 minutes; how often the wait fell inside
 * the printed figure and how wide the printed ranges were, so a wide range cannot pass for a good one.
 */
import { FORECAST_HORIZON_MIN, placeAndWait, type WaitFigure } from '@motcua/shared';
import { DEFAULT_DISPATCH_CONFIG } from '../dispatch/policy';
import type { DispatchConfig, PolicyName, ServiceStats } from '../dispatch/types';
import { MS_PER_MIN, demandOf, generateDay } from './day';
import type { DemandProfile } from './day';
import { simulateDay } from '../dispatch/engine';
import type { DayOutcome, EngineCounter, SimDay } from '../dispatch/engine';
import type { Scenario } from './scenario';

export const POLICIES: readonly PolicyName[] = ['dedicated', 'shared-edf', 'pooled', 'two-line', 'motcua'];

export interface PolicySummary {
  scenario: string;
  policy: PolicyName;
  days: number;
  /** Share of counted visitors called after their target, over all visitors of all days (0–1). */
  late: number;
  late_se: number;
  /** Shares of counted visitors who waited more than 30 and 45 minutes. */
  over30: number;
  over30_se: number;
  over45: number;
  over45_se: number;
  /** Quantiles of the wait over all visitors of all days, minutes. */
  visitor_p95: number;
  visitor_p95_se: number;
  visitor_p99: number;
  visitor_p99_se: number;
  /** Late share per service code, over all visitors of all days. */
  late_by_service: Record<string, number>;
  /** Means over days of each day's quantile and maximum (the earlier figures, kept for continuity). */
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** Mean absolute error of the predicted median wait over all predicted tickets, minutes (null when not predicted). */
  predict_mae: number | null;
  /**
   * Over tickets that had to wait (wait > 0): the mean error of the printed figure, minutes — how far
   * the wait from issue to call fell outside the printed range ("15–25 phút": [15, 25]; "dưới 10
   * phút": [0, 10]; "sắp đến lượt": [0, 2]; "hơn 60 phút": [60, ∞)), 0 inside it.
   */
  predict_mae_queued: number | null;
  predict_mae_queued_se: number | null;
  /** Share of the tickets that had to wait whose printed figure was off by more than 10 minutes. */
  predict_over10: number | null;
  predict_over10_se: number | null;
  /** The same two for the median behind the printed figure (a single number, as printed before the range). */
  predict_mae_queued_point: number | null;
  predict_over10_point: number | null;
  /** Share of the tickets that had to wait whose wait fell inside the printed figure. */
  predict_in_range: number | null;
  /** Mean width of the printed ranges ("15–25" is 10; "dưới 10" is 10; "sắp đến lượt" 2), minutes, over tickets that had to wait and were not printed "hơn N phút". */
  predict_range_width: number | null;
  /** Share of the tickets that had to wait that were printed "hơn N phút" (beyond the horizon, or the tail limit). */
  predict_open: number | null;
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
  over30: number;
  over45: number;
  /** Sorted waits of counted visitors, minutes. */
  waits: Float64Array;
  /** Per service index: counted visitors and late ones. */
  byService: { counted: number; late: number }[];
  absErrSum: number;
  predicted: number;
  /** Over predicted tickets that had to wait (wait > 0): their number, sum of absolute errors of the printed figure (min), and how many were off by > 10 min. */
  queuedPredicted: number;
  queuedAbsErrSum: number;
  queuedOver10: number;
  /** The same for the median behind it. */
  queuedPointAbsErrSum: number;
  queuedPointOver10: number;
  /** Waits inside the printed figure; the printed closed ranges (count, summed width); the open ones ("hơn N phút"). */
  queuedInRange: number;
  queuedClosed: number;
  queuedWidthSum: number;
  queuedOpen: number;
  unserved: number;
}

/** The printed figure as an interval of minutes from issue (`Infinity` above for "hơn N phút"). */
export function printedInterval(w: WaitFigure): [number, number] {
  switch (w.kind) {
    case 'soon':
      return [0, 2];
    case 'under':
      return [0, w.min];
    case 'range':
      return [w.low, w.high];
    case 'over':
      return [w.min, Infinity];
  }
}

export function dayFigures(s: Scenario, day: SimDay, out: DayOutcome): DayFigures {
  const waits: number[] = [];
  let late = 0;
  let over30 = 0;
  let over45 = 0;
  let absErrSum = 0;
  let predicted = 0;
  let queuedPredicted = 0;
  let queuedAbsErrSum = 0;
  let queuedOver10 = 0;
  let queuedPointAbsErrSum = 0;
  let queuedPointOver10 = 0;
  let queuedInRange = 0;
  let queuedClosed = 0;
  let queuedWidthSum = 0;
  let queuedOpen = 0;
  const byService = s.services.map(() => ({ counted: 0, late: 0 }));
  const target = s.targetWaitMin * MS_PER_MIN;
  const grace = s.appointmentGraceMin * MS_PER_MIN;
  for (let i = 0; i < day.n; i++) {
    if (day.walkAway[i] === 1) continue;
    const w = out.waitMs[i]!;
    if (Number.isNaN(w)) continue;
    const wMin = w / MS_PER_MIN;
    waits.push(wMin);
    const isLate = w > (Number.isNaN(day.slot[i]!) ? target : grace);
    if (isLate) late++;
    if (wMin > 30) over30++;
    if (wMin > 45) over45++;
    const bs = byService[day.service[i]!];
    if (bs !== undefined) {
      bs.counted++;
      if (isLate) bs.late++;
    }
    const p = out.predictedMs[i]!;
    if (!Number.isNaN(p)) {
      // The figure is printed at issue and counts from then: an appointment checked in early is told the time to its slot too.
      const fromIssue = (out.callAt[i]! - day.arrival[i]!) / MS_PER_MIN;
      const err = Math.abs(p / MS_PER_MIN - fromIssue);
      absErrSum += err;
      predicted++;
      if (w > 0) {
        queuedPredicted++;
        queuedPointAbsErrSum += err;
        if (err > 10) queuedPointOver10++;
        const untilSlotMin = Number.isNaN(day.slot[i]!) ? 0 : Math.max(0, day.slot[i]! - day.arrival[i]!) / MS_PER_MIN;
        const printed = placeAndWait({ peopleAhead: out.predictedAhead[i]!, lowMin: out.predictedLowMs[i]! / MS_PER_MIN, midMin: p / MS_PER_MIN, highMin: out.predictedHighMs[i]! / MS_PER_MIN, capped: out.predictedCapped[i] === 1 }, s.targetWaitMin, FORECAST_HORIZON_MIN, untilSlotMin).wait;
        const [lo, hi] = printedInterval(printed);
        const off = fromIssue < lo ? lo - fromIssue : fromIssue > hi ? fromIssue - hi : 0;
        queuedAbsErrSum += off;
        if (off > 10) queuedOver10++;
        if (off === 0) queuedInRange++;
        if (hi === Infinity) queuedOpen++;
        else {
          queuedClosed++;
          queuedWidthSum += hi - lo;
        }
      }
    }
  }
  const sorted = Float64Array.from(waits).sort();
  return { counted: waits.length, late, over30, over45, waits: sorted, byService, absErrSum, predicted, queuedPredicted, queuedAbsErrSum, queuedOver10, queuedPointAbsErrSum, queuedPointOver10, queuedInRange, queuedClosed, queuedWidthSum, queuedOpen, unserved: out.unserved };
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

/**
 * A ratio Σx/Σn over days with its standard error, days as batches (the delta method for a ratio of
 * sums: visitors of one day share its conditions, so they are not independent; days are).
 */
class RatioOverDays {
  private readonly x: number[] = [];
  private readonly n: number[] = [];
  add(x: number, n: number): void {
    this.x.push(x);
    this.n.push(n);
  }
  get value(): number {
    const n = this.n.reduce((a, b) => a + b, 0);
    return n > 0 ? this.x.reduce((a, b) => a + b, 0) / n : 0;
  }
  get se(): number {
    const d = this.x.length;
    const nSum = this.n.reduce((a, b) => a + b, 0);
    if (d < 2 || nSum === 0) return 0;
    const r = this.value;
    let ss = 0;
    for (let i = 0; i < d; i++) ss += (this.x[i]! - r * this.n[i]!) ** 2;
    return Math.sqrt((ss * d) / (d - 1)) / nSum;
  }
}

/** Number of batches of consecutive days for the standard error of a visitor quantile (batch means). */
const QUANTILE_BATCHES = 20;

export class Accumulator {
  days = 0;
  private readonly lateR = new RatioOverDays();
  private readonly over30R = new RatioOverDays();
  private readonly over45R = new RatioOverDays();
  private readonly maeQ = new RatioOverDays();
  private readonly over10Q = new RatioOverDays();
  private readonly pointMaeQ = new RatioOverDays();
  private readonly pointOver10Q = new RatioOverDays();
  private readonly inRangeQ = new RatioOverDays();
  private readonly widthQ = new RatioOverDays();
  private readonly openQ = new RatioOverDays();
  private readonly dayWaits: Float64Array[] = [];
  private byService: { counted: number; late: number }[] = [];
  p50 = 0;
  p95 = 0;
  p99 = 0;
  max = 0;
  abs = 0;
  npred = 0;
  counted = 0;
  unserved = 0;
  add(f: DayFigures): void {
    this.days++;
    this.lateR.add(f.late, f.counted);
    this.over30R.add(f.over30, f.counted);
    this.over45R.add(f.over45, f.counted);
    this.maeQ.add(f.queuedAbsErrSum, f.queuedPredicted);
    this.over10Q.add(f.queuedOver10, f.queuedPredicted);
    this.pointMaeQ.add(f.queuedPointAbsErrSum, f.queuedPredicted);
    this.pointOver10Q.add(f.queuedPointOver10, f.queuedPredicted);
    this.inRangeQ.add(f.queuedInRange, f.queuedPredicted);
    this.widthQ.add(f.queuedWidthSum, f.queuedClosed);
    this.openQ.add(f.queuedOpen, f.queuedPredicted);
    this.dayWaits.push(f.waits);
    f.byService.forEach((b, i) => {
      const acc = (this.byService[i] ??= { counted: 0, late: 0 });
      acc.counted += b.counted;
      acc.late += b.late;
    });
    this.p50 += quantile(f.waits, 0.5);
    this.p95 += quantile(f.waits, 0.95);
    this.p99 += quantile(f.waits, 0.99);
    this.max += f.waits.length > 0 ? f.waits[f.waits.length - 1]! : 0;
    this.abs += f.absErrSum;
    this.npred += f.predicted;
    this.counted += f.counted;
    this.unserved += f.unserved;
  }
  /** Quantile q over all visitors, and its standard error by batch means over QUANTILE_BATCHES batches of consecutive days. */
  private visitorQuantile(q: number): { value: number; se: number } {
    const all = (days: readonly Float64Array[]): Float64Array => {
      let n = 0;
      for (const w of days) n += w.length;
      const out = new Float64Array(n);
      let k = 0;
      for (const w of days) {
        out.set(w, k);
        k += w.length;
      }
      return out.sort();
    };
    const value = quantile(all(this.dayWaits), q);
    const b = Math.min(QUANTILE_BATCHES, this.dayWaits.length);
    if (b < 2) return { value, se: 0 };
    const per = this.dayWaits.length / b;
    const qs: number[] = [];
    for (let i = 0; i < b; i++) qs.push(quantile(all(this.dayWaits.slice(Math.round(i * per), Math.round((i + 1) * per))), q));
    const mean = qs.reduce((a, x) => a + x, 0) / b;
    const variance = qs.reduce((a, x) => a + (x - mean) ** 2, 0) / (b - 1);
    return { value, se: Math.sqrt(variance / b) };
  }
  summary(scenario: string, policy: PolicyName, serviceCodes: readonly string[] = []): PolicySummary {
    const d = Math.max(1, this.days);
    const p95 = this.visitorQuantile(0.95);
    const p99 = this.visitorQuantile(0.99);
    const lateBy: Record<string, number> = {};
    this.byService.forEach((b, i) => {
      lateBy[serviceCodes[i] ?? `#${i}`] = b.counted > 0 ? b.late / b.counted : 0;
    });
    const queued = this.maeQ;
    const hasQueued = this.npred > 0;
    return {
      scenario,
      policy,
      days: this.days,
      late: this.lateR.value,
      late_se: this.lateR.se,
      over30: this.over30R.value,
      over30_se: this.over30R.se,
      over45: this.over45R.value,
      over45_se: this.over45R.se,
      visitor_p95: p95.value,
      visitor_p95_se: p95.se,
      visitor_p99: p99.value,
      visitor_p99_se: p99.se,
      late_by_service: lateBy,
      p50: this.p50 / d,
      p95: this.p95 / d,
      p99: this.p99 / d,
      max: this.max / d,
      predict_mae: hasQueued ? this.abs / this.npred : null,
      predict_mae_queued: hasQueued ? queued.value : null,
      predict_mae_queued_se: hasQueued ? queued.se : null,
      predict_over10: hasQueued ? this.over10Q.value : null,
      predict_over10_se: hasQueued ? this.over10Q.se : null,
      predict_mae_queued_point: hasQueued ? this.pointMaeQ.value : null,
      predict_over10_point: hasQueued ? this.pointOver10Q.value : null,
      predict_in_range: hasQueued ? this.inRangeQ.value : null,
      predict_range_width: hasQueued ? this.widthQ.value : null,
      predict_open: hasQueued ? this.openQ.value : null,
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
  return opts.policies.map((p, i) => accs[i]!.summary(s.name, p, serviceIds));
}
