/**
 * Expectations about the near future that dispatch and wait prediction share: when a counter is
 * expected to be free, and when waiting tickets are expected to start if the counters take them in
 * a given order (list scheduling with expected service times).
 */
import { MS_PER_MIN, Skill, expectedServiceMs, skillFor } from './skills';
import type { CounterView, DispatchConfig, QueuedTicket, ServiceStats } from './types';

/** Assumed length of a pause whose end is unknown. */
export const UNKNOWN_PAUSE_MS = 15 * MS_PER_MIN;
const DEFAULT_CV = 0.8;

/** Inverse of the standard normal CDF (Acklam's rational approximation, relative error below 1.2e-9). */
function phiInv(p: number): number {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  if (p > 1 - lo) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return -(((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}

function mulberry(state: number): number {
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
}

/**
 * Service times drawn from their lognormal distributions, from a small deterministic generator
 * seeded by the caller (dispatch never reads a global random source): a forecast run with a sampler
 * is one possible future; many runs give the spread of the wait, not just its mean.
 *
 * With `runs` > 0 the draws are Latin-hypercube stratified: the caller numbers its runs 0…runs−1
 * with `startRun`, and the j-th draw of each run falls in a different 1/runs slice of its
 * distribution in every run. A median over 15 runs then moves far less with the seed (the same
 * queue no longer prints a wait that differs by several minutes from one ticket to the next).
 */
export class ServiceSampler {
  private s: number;
  /** Generator of the slices' permutations when runs are independent (else the draws' own). */
  private p: number;
  /** Per draw position, the slice each run draws from (built lazily; a permutation of 0…runs−1). */
  private readonly slices: Uint16Array[] = [];
  private run = 0;
  private drawIndex = 0;
  /**
   * `independentRuns`: the j-th draw of run k depends only on the seed, k and j, not on how many
   * draws earlier runs made (each run restarts its own stream; the slices come from a separate one).
   * Two forecasts that differ only after some booking (a ticket added at the end, or a kiosk's probe
   * that takes no counter time) then see the same futures up to it (predictQueue).
   */
  constructor(
    private readonly seed: number,
    private readonly runs = 0,
    private readonly independentRuns = false,
  ) {
    this.s = seed | 0;
    this.p = (seed ^ 0x5bd1e995) | 0;
  }
  /** Begins run `k` (0 ≤ k < runs) of a stratified sampler. */
  startRun(k: number): void {
    this.run = k;
    this.drawIndex = 0;
    if (this.independentRuns) this.s = (this.seed ^ Math.imul(k + 1, 0x9e3779b1)) | 0;
  }
  /** Uniform in (0, 1) (mulberry32). */
  private next(): number {
    this.s = (this.s + 0x6d2b79f5) | 0;
    return mulberry(this.s);
  }
  private nextSlice(): number {
    if (!this.independentRuns) return this.next();
    this.p = (this.p + 0x6d2b79f5) | 0;
    return mulberry(this.p);
  }
  /** Uniform in (0, 1): plain, or within this run's slice for the current draw position. */
  uniform(): number {
    if (this.runs <= 0) return this.next();
    const j = this.drawIndex++;
    let perm = this.slices[j];
    if (perm === undefined) {
      perm = new Uint16Array(this.runs);
      for (let i = 0; i < this.runs; i++) perm[i] = i;
      for (let i = this.runs - 1; i > 0; i--) {
        const r = Math.floor(this.nextSlice() * (i + 1));
        const tmp = perm[i]!;
        perm[i] = perm[r]!;
        perm[r] = tmp;
      }
      this.slices[j] = perm;
    }
    return (perm[this.run % this.runs]! + this.next()) / this.runs;
  }
  /** A service time with this mean and cv, or, when `elapsed` > 0, the remaining time of one that has already run that long. */
  draw(mean: number, cv: number, elapsed = 0): number {
    if (!(cv > 0)) return Math.max(0, mean - elapsed);
    const s2 = Math.log(1 + cv * cv);
    const sd = Math.sqrt(s2);
    const mu = Math.log(mean) - s2 / 2;
    const from = elapsed > 0 ? phi((Math.log(elapsed) - mu) / sd) : 0;
    const u = from + (1 - from) * this.uniform();
    const x = Math.exp(mu + sd * phiInv(Math.min(u, 1 - 1e-12)));
    return Math.max(0, x - elapsed);
  }
}

/** A 32-bit hash of a string (FNV-1a), to seed a sampler from a ticket id. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Standard normal CDF (Abramowitz–Stegun erfc, error below 1.2e-7). */
function phi(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * z);
  const erfc =
    t *
    Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return x >= 0 ? 1 - erfc / 2 : erfc / 2;
}

/** Mean remaining time of a lognormal service (mean, cv) that has already run `elapsed` (same unit as mean). */
export function meanResidual(mean: number, cv: number, elapsed: number): number {
  if (!(elapsed > 0)) return mean;
  if (!(cv > 0)) return Math.max(mean - elapsed, 0);
  const s2 = Math.log(1 + cv * cv);
  const s = Math.sqrt(s2);
  const mu = Math.log(mean) - s2 / 2;
  const z = (Math.log(elapsed) - mu) / s;
  const tail = phi(-z);
  if (tail < 1e-9) return elapsed * s2; // far in the tail: the remaining time grows with the time already spent
  return Math.max(0, (mean * phi(s - z)) / tail - elapsed);
}

export function statCv(stats: ServiceStats, serviceId: string): number {
  const s = Object.prototype.hasOwnProperty.call(stats, serviceId) ? stats[serviceId] : undefined;
  const cv = s?.cv;
  return typeof cv === 'number' && Number.isFinite(cv) && cv >= 0 ? cv : DEFAULT_CV;
}

/**
 * When the counter is expected to be free to call someone: now if idle; the expected end of the
 * service under way if busy; the end of the pause if paused (15 minutes if unknown); never if closed.
 */
export function expectedFreeAt(c: CounterView, now: number, stats: ServiceStats, config: DispatchConfig, sampler: ServiceSampler | null = null): number {
  switch (c.status) {
    case 'idle':
      return now;
    case 'paused':
      return typeof c.pausedUntil === 'number' && Number.isFinite(c.pausedUntil) ? Math.max(now, c.pausedUntil) : now + UNKNOWN_PAUSE_MS;
    case 'busy': {
      const sid = c.currentServiceId;
      if (sid === null) return now;
      const skill = skillFor(c, sid, config.policy);
      const mean = expectedServiceMs(stats, sid, skill === Skill.Secondary ? Skill.Secondary : Skill.Primary, config);
      const elapsed = c.busySince !== null && Number.isFinite(c.busySince) ? Math.max(0, now - c.busySince) : 0;
      const cv = statCv(stats, sid);
      return now + (sampler === null ? meanResidual(mean, cv, elapsed) : sampler.draw(mean, cv, elapsed));
    }
    default:
      return Infinity;
  }
}

interface ServiceRow {
  /** Indices (into ForecastTable.counters) of the counters that may serve the service, and how. */
  ks: number[];
  skills: Skill[];
  /** Expected ms at each of those counters. */
  means: number[];
  cv: number;
}

/**
 * Who may serve what and how long it takes, for the counters a forecast uses (open or paused ones,
 * minus `without`): computed once, shared by many forecast runs.
 */
export class ForecastTable {
  readonly counters: CounterView[] = [];
  private readonly rows = new Map<string, ServiceRow>();

  constructor(
    all: readonly CounterView[],
    readonly now: number,
    readonly stats: ServiceStats,
    readonly config: DispatchConfig,
    without: string | null = null,
  ) {
    for (const c of all) if (c.id !== without && c.status !== 'closed') this.counters.push(c);
  }

  row(t: QueuedTicket): ServiceRow {
    const key = t.targetCounterId === null ? t.serviceId : `${t.serviceId}\u0000${t.targetCounterId}`;
    let r = this.rows.get(key);
    if (r !== undefined) return r;
    r = { ks: [], skills: [], means: [], cv: statCv(this.stats, t.serviceId) };
    this.counters.forEach((c, k) => {
      if (t.targetCounterId !== null && t.targetCounterId !== c.id) return;
      const skill = t.targetCounterId === c.id ? Skill.Primary : skillFor(c, t.serviceId, this.config.policy);
      if (skill === Skill.None) return;
      r.ks.push(k);
      r.skills.push(skill);
      r.means.push(expectedServiceMs(this.stats, t.serviceId, skill, this.config));
    });
    this.rows.set(key, r);
    return r;
  }
}

/**
 * One run of a forecast: when each counter is next free (expected, or drawn when a sampler is given),
 * with its planned breaks; tickets are booked one by one on the eligible counter free first.
 */
export class CounterForecast {
  private readonly free: Float64Array;
  private readonly nextBreak: Int32Array;
  /** Set by earliest(): the counter, moment and position in the service row of the best slot. */
  k = -1;
  at = Infinity;
  private j = -1;
  private row: ServiceRow | null = null;

  constructor(
    private readonly table: ForecastTable,
    private readonly sampler: ServiceSampler | null = null,
  ) {
    const n = table.counters.length;
    this.free = new Float64Array(n);
    this.nextBreak = new Int32Array(n);
    table.counters.forEach((c, k) => {
      this.free[k] = expectedFreeAt(c, table.now, table.stats, table.config, sampler);
    });
  }

  /** When counter k can next start someone, after any break that is due by then. */
  private readyAt(k: number): number {
    let f = this.free[k]!;
    const bs = this.table.counters[k]!.upcomingBreaks;
    if (bs !== undefined && bs.length > 0) {
      let nb = this.nextBreak[k]!;
      for (let b = bs[nb]; b !== undefined && b.at <= f; b = bs[++nb]) f += Math.max(0, b.lengthMs);
      this.free[k] = f;
      this.nextBreak[k] = nb;
    }
    return f;
  }

  /** Finds the eligible counter that can start `t` first (sets k and at); false when none may serve it. */
  earliest(t: QueuedTicket): boolean {
    const row = this.table.row(t);
    this.row = row;
    this.k = -1;
    this.at = Infinity;
    this.j = -1;
    for (let j = 0; j < row.ks.length; j++) {
      const k = row.ks[j]!;
      const at = Math.max(this.table.now, this.readyAt(k));
      if (at < this.at) {
        this.at = at;
        this.k = k;
        this.j = j;
      }
    }
    return this.k >= 0;
  }

  /** Books the ticket of the last earliest() call on the counter found, for its (expected or drawn) service time. */
  book(): void {
    const row = this.row;
    if (row === null || this.k < 0) return;
    const mean = row.means[this.j]!;
    this.free[this.k] = this.at + (this.sampler === null ? mean : this.sampler.draw(mean, row.cv));
  }
}

/**
 * Expected start of the tickets `order` (queue indices, in the order the counters would take them)
 * when each goes to the eligible counter that is free first. Starts are returned by queue index;
 * tickets not in `order`, or that no counter may serve, get Infinity.
 */
export function listSchedule(queue: readonly QueuedTicket[], order: readonly number[], forecast: CounterForecast): Float64Array {
  const out = new Float64Array(queue.length).fill(Infinity);
  for (const i of order) {
    const t = queue[i];
    if (t === undefined || !forecast.earliest(t)) continue;
    out[i] = forecast.at;
    forecast.book();
  }
  return out;
}
