/**
 * Who is called next. `selectNextTicket` answers "the counter asks for its next visitor";
 * `chooseCounterForArrival` answers "a visitor arrives and several eligible counters are idle".
 * Both are pure and never throw: an unknown counter, an unknown service or an empty queue gives
 * `null`, never an exception.
 */
import { startsWithout } from './forecast';
import { MS_PER_MIN, Skill, deadline, expectedServiceMs, mayServe, meanServiceMin, skillFor, tieBreak, waitStart } from './skills';
import type { CounterView, DispatchConfig, DispatchDecision, DispatchInput, MotcuaTuning, QueuedTicket, ServiceStats } from './types';

export const DEFAULT_DISPATCH_CONFIG: DispatchConfig = {
  policy: 'motcua',
  targetWaitMin: 20,
  appointmentGraceMin: 10,
  secondarySlowdown: 1.3,
  ageCapMin: 28,
  priority: { maxInRow: 2 },
};

function isPriority(t: QueuedTicket): boolean {
  return t.priorityGroup !== null;
}

/**
 * The fair priority rule, common to every policy: a priority ticket (elderly, disabled, pregnant,
 * merit, child) goes before walk-ins, but at most `maxInRow` priority calls in a row while a
 * non-priority visitor this counter may serve is waiting. Returns the tickets to choose among.
 */
export function applyPriorityRule(eligible: readonly QueuedTicket[], priorityStreak: number, config: DispatchConfig): readonly QueuedTicket[] {
  let nPriority = 0;
  for (const t of eligible) if (isPriority(t)) nPriority++;
  if (nPriority === 0 || nPriority === eligible.length) return eligible;
  const maxInRow = Number.isFinite(config.priority.maxInRow) ? Math.max(0, Math.floor(config.priority.maxInRow)) : 0;
  const streak = Number.isFinite(priorityStreak) ? priorityStreak : 0;
  const priorityTurn = streak < maxInRow;
  return eligible.filter((t) => isPriority(t) === priorityTurn);
}

/** Earliest deadline first, ties by queue time then id. */
function earliestDeadline(tickets: readonly QueuedTicket[], config: DispatchConfig): QueuedTicket | null {
  let best: QueuedTicket | null = null;
  let bestD = Infinity;
  for (const t of tickets) {
    const d = deadline(t, config);
    if (best === null || d < bestD || (d === bestD && tieBreak(t, best) < 0)) {
      best = t;
      bestD = d;
    }
  }
  return best;
}

function oldest(tickets: readonly QueuedTicket[]): QueuedTicket | null {
  let best: QueuedTicket | null = null;
  let bestS = Infinity;
  for (const t of tickets) {
    const s = waitStart(t);
    if (best === null || s < bestS || (s === bestS && tieBreak(t, best) < 0)) {
      best = t;
      bestS = s;
    }
  }
  return best;
}

function findCounter(counters: readonly CounterView[], id: string): CounterView | null {
  for (const c of counters) if (c.id === id) return c;
  return null;
}

/** Benchmarked defaults of the motcua knobs (see MotcuaTuning in types.ts). */
export const MOTCUA_DEFAULTS: Required<MotcuaTuning> = {
  shortWeight: 0,
  triageShortWeight: 0,
  secondaryPenaltyMin: 0,
  lateSlackMarginMin: 0,
  tailMin: 28,
  triageBacklogMin: 25,
  useAlternatives: true,
  holdMarginMin: Infinity,
  tailPerBacklog: 0,
  localBacklog: false,
};

function tuning(config: DispatchConfig): Required<MotcuaTuning> {
  const t = config.motcua;
  if (t === undefined) return MOTCUA_DEFAULTS;
  const num = (x: number | undefined, d: number): number => (typeof x === 'number' && !Number.isNaN(x) ? x : d);
  return {
    shortWeight: num(t.shortWeight, MOTCUA_DEFAULTS.shortWeight),
    triageShortWeight: num(t.triageShortWeight, MOTCUA_DEFAULTS.triageShortWeight),
    secondaryPenaltyMin: num(t.secondaryPenaltyMin, MOTCUA_DEFAULTS.secondaryPenaltyMin),
    lateSlackMarginMin: num(t.lateSlackMarginMin, MOTCUA_DEFAULTS.lateSlackMarginMin),
    tailMin: num(t.tailMin, MOTCUA_DEFAULTS.tailMin),
    triageBacklogMin: num(t.triageBacklogMin, MOTCUA_DEFAULTS.triageBacklogMin),
    useAlternatives: typeof t.useAlternatives === 'boolean' ? t.useAlternatives : MOTCUA_DEFAULTS.useAlternatives,
    holdMarginMin: num(t.holdMarginMin, MOTCUA_DEFAULTS.holdMarginMin),
    tailPerBacklog: num(t.tailPerBacklog, MOTCUA_DEFAULTS.tailPerBacklog),
    localBacklog: typeof t.localBacklog === 'boolean' ? t.localBacklog : MOTCUA_DEFAULTS.localBacklog,
  };
}

/**
 * Minutes of work waiting per open counter: the whole queue at full speed, shared by the counters
 * that are open. Above `triageBacklogMin` not everyone can be called on time, whatever the order.
 */
function backlogPerCounterMin(queue: readonly QueuedTicket[], counters: readonly CounterView[], stats: ServiceStats): number {
  let open = 0;
  for (const c of counters) if (c.status === 'idle' || c.status === 'busy') open++;
  let work = 0;
  for (const t of queue) work += meanServiceMin(stats, t.serviceId);
  return work / Math.max(1, open);
}

/**
 * Minutes of work waiting per counter in this counter's neighbourhood: the tickets it may serve, shared
 * by the open counters that may serve at least one of their services.
 */
function localBacklogMin(counter: CounterView, eligible: readonly QueuedTicket[], counters: readonly CounterView[], stats: ServiceStats, config: DispatchConfig): number {
  const services = new Set<string>();
  let work = 0;
  for (const t of eligible) {
    services.add(t.serviceId);
    work += meanServiceMin(stats, t.serviceId);
  }
  let open = 0;
  for (const c of counters) {
    if (c.status !== 'idle' && c.status !== 'busy' && c.id !== counter.id) continue;
    for (const sid of services) {
      if (skillFor(c, sid, config.policy) !== Skill.None) {
        open++;
        break;
      }
    }
  }
  return work / Math.max(1, open);
}

/**
 * motcua. In priority order:
 * 1. the age cap: whoever has waited `ageCapMin` is called first, oldest first;
 * 2. outside triage, a late ticket about to wait `tailMin` (counting the service this counter would
 *    otherwise start), oldest first, which keeps the tail short on an ordinary bad day;
 * 3. a late ticket, oldest first, when every on-time ticket can afford the delay (served in the slack);
 * 4. an on-time ticket that would be late if this counter left it to the others (their expected free
 *    times, list-scheduled in deadline order), smallest key first: slack + shortWeight × expected
 *    service (+ a penalty when this counter would serve it as a secondary skill), so near a deadline
 *    short services go first (the generalized cμ rule);
 * 5. otherwise the on-time ticket closest to needing this counter; or, when this counter would only
 *    serve it as a secondary skill and the others will manage with `holdMarginMin` to spare, nobody
 *    (the counter stays free for its own services);
 * 6. late tickets, oldest first.
 * Triage: when the work waiting per open counter exceeds `triageBacklogMin`, not everyone can make
 * it, so tickets that still can go first (step 2 is skipped) and short services weigh more.
 */
function selectMotcua(counter: CounterView, eligible: readonly QueuedTicket[], input: DispatchInput): DispatchDecision {
  const { now, config, stats } = input;
  const tun = tuning(config);
  const ageCapMs = (Number.isFinite(config.ageCapMin) && config.ageCapMin > 0 ? config.ageCapMin : Infinity) * MS_PER_MIN;
  const backlog = tun.localBacklog ? localBacklogMin(counter, eligible, input.counters, stats, config) : backlogPerCounterMin(input.queue, input.counters, stats);
  const triage = backlog > tun.triageBacklogMin;
  const tailMs = Math.min(ageCapMs, Math.max(tun.tailMin, tun.tailPerBacklog * backlog) * MS_PER_MIN);
  const shortWeight = triage ? tun.triageShortWeight : tun.shortWeight;
  const secPenalty = tun.secondaryPenaltyMin * MS_PER_MIN;
  let starts: Float64Array | null = null;
  let indexOf: Map<QueuedTicket, number> | null = null;
  if (tun.useAlternatives) {
    starts = startsWithout(input.queue, input.counters, counter.id, now, stats, config);
    indexOf = new Map();
    input.queue.forEach((t, i) => indexOf?.set(t, i));
  }
  let capped: QueuedTicket | null = null;
  let cappedStart = Infinity;
  let best: QueuedTicket | null = null;
  let bestCat = 2;
  let bestKey = Infinity;
  let bestSvc = 0;
  let bestSecondary = false;
  let minSlack = Infinity;
  let bestLate: QueuedTicket | null = null;
  let bestLateStart = Infinity;
  for (const t of eligible) {
    const start = waitStart(t);
    if (now - start >= ageCapMs) {
      if (capped === null || start < cappedStart || (start === cappedStart && tieBreak(t, capped) < 0)) {
        capped = t;
        cappedStart = start;
      }
      continue;
    }
    const dl = deadline(t, config);
    const slack = dl - now;
    if (slack < 0) {
      if (bestLate === null || start < bestLateStart || (start === bestLateStart && tieBreak(t, bestLate) < 0)) {
        bestLate = t;
        bestLateStart = start;
      }
      continue;
    }
    const skill = skillFor(counter, t.serviceId, 'motcua');
    const svc = expectedServiceMs(stats, t.serviceId, skill === Skill.None ? Skill.Primary : skill, config);
    const secondary = skill === Skill.Secondary;
    let cat = 0;
    let key = slack + shortWeight * svc + (secondary ? secPenalty : 0);
    if (starts !== null && indexOf !== null) {
      const i = indexOf.get(t);
      const altSlack = i === undefined ? -Infinity : dl - starts[i]!;
      if (altSlack >= 0) {
        cat = 1;
        key = altSlack + (secondary ? secPenalty : 0);
      }
    }
    if (slack < minSlack) minSlack = slack;
    if (best === null || cat < bestCat || (cat === bestCat && (key < bestKey || (key === bestKey && tieBreak(t, best) < 0)))) {
      best = t;
      bestCat = cat;
      bestKey = key;
      bestSvc = svc;
      bestSecondary = secondary;
    }
  }
  if (capped !== null) return { ticketId: capped.id, reason: 'age-cap' };
  if (bestLate !== null) {
    if (now + bestSvc - bestLateStart >= (tun.tailPerBacklog > 0 ? tailMs : triage ? Infinity : tun.tailMin * MS_PER_MIN)) return { ticketId: bestLate.id, reason: 'tail' };
    const skill = skillFor(counter, bestLate.serviceId, 'motcua');
    const svc = expectedServiceMs(stats, bestLate.serviceId, skill === Skill.None ? Skill.Primary : skill, config);
    if (minSlack > svc + tun.lateSlackMarginMin * MS_PER_MIN) return { ticketId: bestLate.id, reason: 'late-in-slack' };
  }
  if (best !== null) {
    if (bestCat === 1 && bestSecondary && bestKey - secPenalty > tun.holdMarginMin * MS_PER_MIN && bestLate === null) return null;
    return { ticketId: best.id, reason: bestCat === 0 ? 'deadline' : 'help' };
  }
  if (bestLate !== null) return { ticketId: bestLate.id, reason: 'late' };
  return null;
}

/**
 * The ticket the calling counter should call now, or null when it should not call anyone (empty
 * queue, nothing it may serve, unknown or closed counter). Only tickets the counter may serve under
 * the policy are ever returned.
 */
export function selectNextTicket(input: DispatchInput): DispatchDecision {
  const counter = findCounter(input.counters, input.counterId);
  if (counter === null || input.queue.length === 0) return null;
  const policy = input.config.policy;
  const eligibleAll: QueuedTicket[] = [];
  for (const t of input.queue) if (mayServe(counter, t, policy)) eligibleAll.push(t);
  if (eligibleAll.length === 0) return null;
  // A ticket transferred to this counter by name comes first: a clerk sent it here on purpose.
  const targeted = eligibleAll.filter((t) => t.targetCounterId === counter.id);
  const eligible = targeted.length > 0 ? targeted : applyPriorityRule(eligibleAll, input.priorityStreak, input.config);
  if (policy === 'motcua') return selectMotcua(counter, eligible, input);
  const t = earliestDeadline(eligible, input.config);
  return t === null ? null : { ticketId: t.id, reason: 'earliest-deadline' };
}

export interface ArrivalInput {
  now: number;
  ticket: QueuedTicket;
  counters: readonly CounterView[];
  stats: ServiceStats;
  config: DispatchConfig;
}

/** Number of services a counter may serve under the policy: the less flexible, the better to take an arrival. */
function flexibility(c: CounterView): number {
  return c.primary.length + c.secondary.length;
}

/**
 * Which idle counter takes an arriving visitor, or null if no idle counter may serve them.
 * Baselines: the longest-idle eligible counter. motcua: a counter that serves the service as a
 * primary skill before one that would be slower, then the least flexible (keep flexible counters
 * free for what only they can do), then the longest idle.
 */
export function chooseCounterForArrival(input: ArrivalInput): string | null {
  const { ticket, config } = input;
  const policy = config.policy;
  let best: CounterView | null = null;
  let bestKey0 = 0;
  let bestKey1 = 0;
  for (const c of input.counters) {
    if (c.status !== 'idle' || !mayServe(c, ticket, policy)) continue;
    const idle = c.idleSince ?? -Infinity;
    let k0 = 0;
    let k1 = 0;
    if (policy === 'motcua') {
      k0 = skillFor(c, ticket.serviceId, policy) === Skill.Primary || ticket.targetCounterId === c.id ? 0 : 1;
      k1 = flexibility(c);
    }
    if (
      best === null ||
      k0 < bestKey0 ||
      (k0 === bestKey0 && (k1 < bestKey1 || (k1 === bestKey1 && (idle < (best.idleSince ?? -Infinity) || (idle === (best.idleSince ?? -Infinity) && c.id < best.id)))))
    ) {
      best = c;
      bestKey0 = k0;
      bestKey1 = k1;
    }
  }
  return best === null ? null : best.id;
}
