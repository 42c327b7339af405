/**
 * Expectations about the near future that dispatch and wait prediction share: when a counter is
 * expected to be free, and when each waiting ticket would start if a given counter stayed out.
 */
import { MS_PER_MIN, Skill, deadline, expectedServiceMs, skillFor, tieBreak } from './skills';
import type { CounterView, DispatchConfig, QueuedTicket, ServiceStats } from './types';

/** Assumed length of a pause whose end is unknown. */
export const UNKNOWN_PAUSE_MS = 15 * MS_PER_MIN;
const DEFAULT_CV = 0.8;

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
export function expectedFreeAt(c: CounterView, now: number, stats: ServiceStats, config: DispatchConfig): number {
  switch (c.status) {
    case 'idle':
      return now;
    case 'closed':
      return Infinity;
    case 'paused':
      return typeof c.pausedUntil === 'number' && Number.isFinite(c.pausedUntil) ? Math.max(now, c.pausedUntil) : now + UNKNOWN_PAUSE_MS;
    case 'busy': {
      const sid = c.currentServiceId;
      if (sid === null) return now;
      const skill = skillFor(c, sid, config.policy);
      const mean = expectedServiceMs(stats, sid, skill === Skill.Secondary ? Skill.Secondary : Skill.Primary, config);
      const elapsed = c.busySince !== null && Number.isFinite(c.busySince) ? Math.max(0, now - c.busySince) : 0;
      return now + meanResidual(mean, statCv(stats, sid), elapsed);
    }
    default:
      return Infinity;
  }
}

/**
 * Expected start of each waiting ticket if counter `without` took none of them: the other counters,
 * as they become free, take the waiting tickets in deadline order, each ticket going to the eligible
 * counter free first (list scheduling with expected service times). Returns starts in queue order;
 * Infinity when no other counter may serve the ticket.
 */
export function startsWithout(
  queue: readonly QueuedTicket[],
  counters: readonly CounterView[],
  without: string,
  now: number,
  stats: ServiceStats,
  config: DispatchConfig,
): Float64Array {
  const policy = config.policy;
  const others: CounterView[] = [];
  const free: number[] = [];
  for (const c of counters) {
    if (c.id === without) continue;
    const f = expectedFreeAt(c, now, stats, config);
    if (f === Infinity) continue;
    others.push(c);
    free.push(f);
  }
  const order = queue.map((_, i) => i);
  const dl = queue.map((t) => deadline(t, config));
  order.sort((a, b) => dl[a]! - dl[b]! || tieBreak(queue[a]!, queue[b]!));
  const out = new Float64Array(queue.length).fill(Infinity);
  for (const i of order) {
    const t = queue[i]!;
    let bestK = -1;
    let bestFree = Infinity;
    let bestSkill: Skill = Skill.None;
    for (let k = 0; k < others.length; k++) {
      const c = others[k]!;
      if (t.targetCounterId !== null && t.targetCounterId !== c.id) continue;
      const skill = t.targetCounterId === c.id ? Skill.Primary : skillFor(c, t.serviceId, policy);
      if (skill === Skill.None) continue;
      const f = free[k]!;
      if (f < bestFree) {
        bestFree = f;
        bestK = k;
        bestSkill = skill;
      }
    }
    if (bestK < 0) continue;
    const start = Math.max(now, bestFree);
    out[i] = start;
    free[bestK] = start + expectedServiceMs(stats, t.serviceId, bestSkill, config);
  }
  return out;
}
