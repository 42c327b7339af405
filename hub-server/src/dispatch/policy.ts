/**
 * Who is called next. `selectNextTicket` answers "the counter asks for its next visitor";
 * `chooseCounterForArrival` answers "a visitor arrives and several eligible counters are idle".
 * Both are pure and never throw: an unknown counter, an unknown service or an empty queue gives
 * `null`, never an exception. Both are work-conserving: when the counter may serve any waiting
 * ticket, `selectNextTicket` returns one.
 */
import { CounterForecast, ForecastTable, listSchedule } from './forecast';
import { MS_PER_MIN, Skill, deadline, expectedServiceMs, isAppointment, mayServe, skillFor, tieBreak, waitStart } from './skills';
import { ageCapMs, backlogPerCounterMin, motcuaTuning, tailLimitMs } from './tuning';
import type { CounterView, DispatchConfig, DispatchDecision, DispatchInput, QueuedTicket, ServiceStats } from './types';

export const DEFAULT_DISPATCH_CONFIG: DispatchConfig = {
  policy: 'motcua',
  targetWaitMin: 20,
  appointmentGraceMin: 10,
  secondarySlowdown: 1.3,
  ageCapMin: 90,
  priority: { maxInRow: 2 },
};

function isPriority(t: QueuedTicket): boolean {
  return t.priorityGroup !== null;
}

/**
 * The fair priority rule, common to every policy: a priority ticket (elderly, disabled, pregnant,
 * merit, child) goes before other visitors, but at most `maxInRow` priority calls in a row while a
 * non-priority visitor this counter may serve is waiting. Ageing comes from the age cap, which
 * outranks priority. Takes and returns indices into `queue`: the tickets to choose among.
 */
export function applyPriorityRule(queue: readonly QueuedTicket[], eligible: readonly number[], priorityStreak: number, config: DispatchConfig): readonly number[] {
  let nPriority = 0;
  for (const i of eligible) if (isPriority(queue[i]!)) nPriority++;
  if (nPriority === 0 || nPriority === eligible.length) return eligible;
  const maxInRow = Number.isFinite(config.priority.maxInRow) ? Math.max(0, Math.floor(config.priority.maxInRow)) : 0;
  const streak = Number.isFinite(priorityStreak) ? priorityStreak : 0;
  const priorityTurn = streak < maxInRow;
  return eligible.filter((i) => isPriority(queue[i]!) === priorityTurn);
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

/**
 * The ticket waiting longest (from max(arrival, slot)), ties by queue time then id. `startOf` may
 * move a ticket's start (motcua: later by the margin for a counter's secondary skill).
 */
function oldest(tickets: readonly QueuedTicket[], startOf: (t: QueuedTicket) => number = waitStart): QueuedTicket | null {
  let best: QueuedTicket | null = null;
  let bestS = Infinity;
  for (const t of tickets) {
    const s = startOf(t);
    if (best === null || s < bestS || (s === bestS && tieBreak(t, best) < 0)) {
      best = t;
      bestS = s;
    }
  }
  return best;
}

/**
 * When a late ticket counts as having started waiting, for `counter`: one it would serve as a
 * secondary skill later by `marginMs` (`secondaryLateMarginMin`), so late tickets go oldest first
 * with that margin.
 */
function lateStartFor(counter: CounterView, t: QueuedTicket, marginMs: number): number {
  return waitStart(t) + (marginMs > 0 && skillFor(counter, t.serviceId, 'motcua') === Skill.Secondary ? marginMs : 0);
}

function findCounter(counters: readonly CounterView[], id: string): CounterView | null {
  for (const c of counters) if (c.id === id) return c;
  return null;
}

/** The tickets that can still be called on time (queue indices), earliest deadline first. */
function onTimeOrder(input: DispatchInput): number[] {
  const { queue, now, config } = input;
  const order: number[] = [];
  const dl = new Float64Array(queue.length);
  queue.forEach((t, i) => {
    const d = deadline(t, config);
    dl[i] = d;
    if (d >= now) order.push(i);
  });
  order.sort((a, b) => dl[a]! - dl[b]! || tieBreak(queue[a]!, queue[b]!));
  return order;
}

/**
 * Expected start of every on-time ticket of the queue if counter `without` took none of them: the
 * other counters take them in deadline order as they become free. Late tickets are left out: motcua
 * defers them, so they do not hold up on-time ones.
 */
function onTimeStartsWithout(input: DispatchInput, without: string): Float64Array {
  return listSchedule(input.queue, onTimeOrder(input), new CounterForecast(new ForecastTable(input.counters, input.now, input.stats, input.config, without)));
}

/**
 * First come, first served within a line: the on-time ticket of the same line as `picked` (same
 * service, same kind — walk-in or appointment —, same priority class, same target counter) that has
 * waited longest, ties by queue time then id. Such a ticket takes the same time at this counter, so
 * calling it instead leaves the schedule unchanged except for who waits, and a later number is
 * never called before an earlier one of the same line while both are on time.
 */
function firstInLine(picked: QueuedTicket, eligible: readonly number[], input: DispatchInput): QueuedTicket {
  const { queue, now, config } = input;
  const appointment = isAppointment(picked);
  const priority = isPriority(picked);
  let best = picked;
  let bestS = waitStart(picked);
  for (const i of eligible) {
    const t = queue[i]!;
    if (t.serviceId !== picked.serviceId || isAppointment(t) !== appointment || isPriority(t) !== priority || t.targetCounterId !== picked.targetCounterId) continue;
    if (deadline(t, config) < now) continue;
    const s = waitStart(t);
    if (s < bestS || (s === bestS && tieBreak(t, best) < 0)) {
      best = t;
      bestS = s;
    }
  }
  return best;
}

/**
 * motcua, in this order ("oldest first" below counts a ticket this counter would serve as a
 * secondary skill as having waited `secondaryLateMarginMin` less: a secondary skill is slower, and
 * over capacity calling late tickets strictly oldest first had counters swap work at the slower speed):
 * 1. age cap: whoever has waited `ageCapMin` is called first, oldest first (see selectNextTicket: it
 *    comes before transfers and the priority rule);
 * 2. tail: a late ticket that would otherwise reach the tail limit (its wait plus the service this
 *    counter would start instead) is called, oldest first. The limit is 28 min, raised to
 *    `tailPerBacklog` × the backlog per counter when the centre is far behind, so an ordinary bad
 *    hour keeps a short tail and real overload may sacrifice a few to keep the many on time;
 * 3. slack: a late ticket, oldest first, when every on-time ticket can afford the delay;
 * 4. on time: among tickets that can still be called on time, those that would be late if this
 *    counter left them to the others (their expected free times, list-scheduled in deadline order)
 *    come first, by slack + shortWeight × expected service (+ a penalty for a secondary skill): near a
 *    deadline short services go first (the generalized cμ rule). Then the rest, closest to needing
 *    this counter first. The ticket chosen is then swapped for the first come of its line
 *    (firstInLine), so within a line on-time tickets are called first come, first served;
 * 5. late tickets, oldest first.
 * Triage (backlog above `triageBacklogMin`) weighs short services more (`triageShortWeight`).
 */
function selectMotcua(counter: CounterView, eligible: readonly number[], input: DispatchInput): DispatchDecision {
  const { now, config, stats, queue } = input;
  const tun = motcuaTuning(config);
  const backlog = backlogPerCounterMin(queue, input.counters, stats);
  const shortWeight = backlog > tun.triageBacklogMin ? tun.triageShortWeight : 0;
  const tailMs = tailLimitMs(tun, backlog, config);
  const secPenalty = tun.secondaryPenaltyMin * MS_PER_MIN;
  const starts = tun.useAlternatives ? onTimeStartsWithout(input, counter.id) : null;
  let best: QueuedTicket | null = null;
  let bestCat = 2;
  let bestKey = Infinity;
  let bestSvc = 0;
  let minSlack = Infinity;
  const lateMargin = tun.secondaryLateMarginMin * MS_PER_MIN;
  let late: QueuedTicket | null = null;
  let lateStart = Infinity;
  let lateKey = Infinity;
  for (const i of eligible) {
    const t = queue[i]!;
    const start = waitStart(t);
    const dl = deadline(t, config);
    const slack = dl - now;
    if (slack < 0) {
      // Oldest first with the margin; a ticket that started after the best key so far cannot win.
      if (late !== null && start > lateKey) continue;
      const key = lateStartFor(counter, t, lateMargin);
      if (late === null || key < lateKey || (key === lateKey && tieBreak(t, late) < 0)) {
        late = t;
        lateStart = start;
        lateKey = key;
      }
      continue;
    }
    const skill = skillFor(counter, t.serviceId, 'motcua');
    const svc = expectedServiceMs(stats, t.serviceId, skill === Skill.None ? Skill.Primary : skill, config);
    const penalty = skill === Skill.Secondary ? secPenalty : 0;
    let cat = 0;
    let key = slack + shortWeight * svc + penalty;
    if (starts !== null) {
      const altSlack = dl - (starts[i] ?? Infinity);
      if (altSlack >= 0) {
        cat = 1;
        key = altSlack + penalty;
      }
    }
    if (slack < minSlack) minSlack = slack;
    if (best === null || cat < bestCat || (cat === bestCat && (key < bestKey || (key === bestKey && tieBreak(t, best) < 0)))) {
      best = t;
      bestCat = cat;
      bestKey = key;
      bestSvc = svc;
    }
  }
  if (late !== null) {
    if (now + bestSvc - lateStart >= tailMs) return { ticketId: late.id, reason: 'tail' };
    const skill = skillFor(counter, late.serviceId, 'motcua');
    const svc = expectedServiceMs(stats, late.serviceId, skill === Skill.None ? Skill.Primary : skill, config);
    if (minSlack > svc + tun.lateSlackMarginMin * MS_PER_MIN) return { ticketId: late.id, reason: 'late-in-slack' };
  }
  if (best !== null) return { ticketId: firstInLine(best, eligible, input).id, reason: bestCat === 0 ? 'deadline' : 'help' };
  if (late !== null) return { ticketId: late.id, reason: 'late' };
  return null;
}

/**
 * The two-line rule (a baseline from the independent review, issue 16): a late ticket that has
 * waited the cap max(28 min, 3 × backlog per open counter) goes first, oldest first; otherwise
 * earliest deadline first against the target among the on-time tickets; otherwise the oldest late one.
 */
function selectTwoLine(eligible: readonly number[], input: DispatchInput): DispatchDecision {
  const { now, queue, config } = input;
  const capMs = Math.max(28, 3 * backlogPerCounterMin(queue, input.counters, input.stats)) * MS_PER_MIN;
  const tickets = eligible.map((i) => queue[i]!);
  const held = oldest(tickets.filter((t) => deadline(t, config) < now && now - waitStart(t) >= capMs));
  if (held !== null) return { ticketId: held.id, reason: 'tail' };
  const onTime = earliestDeadline(
    tickets.filter((t) => deadline(t, config) >= now),
    config,
  );
  if (onTime !== null) return { ticketId: onTime.id, reason: 'earliest-deadline' };
  const late = oldest(tickets);
  return late === null ? null : { ticketId: late.id, reason: 'late' };
}

/**
 * The ticket the calling counter should call now, or null when it may serve none of the waiting
 * tickets (or the queue is empty, or the counter is unknown). Only tickets the counter may serve
 * under the policy are returned: its primary skills (and secondary ones except under `dedicated`;
 * anything under `pooled`), or a ticket transferred to it by name. Under motcua the age cap comes
 * first; then a ticket transferred to this counter; then the priority rule; then the policy.
 */
export function selectNextTicket(input: DispatchInput): DispatchDecision {
  const counter = findCounter(input.counters, input.counterId);
  const queue = input.queue;
  if (counter === null || queue.length === 0) return null;
  const policy = input.config.policy;
  const eligibleAll: number[] = [];
  let targeted: QueuedTicket[] | null = null;
  for (let i = 0; i < queue.length; i++) {
    const t = queue[i]!;
    if (!mayServe(counter, t, policy)) continue;
    eligibleAll.push(i);
    if (t.targetCounterId === counter.id) (targeted ??= []).push(t);
  }
  if (eligibleAll.length === 0) return null;
  if (policy === 'motcua') {
    // The age cap outranks everything, the priority rule included: that is the ageing that keeps it fair.
    const capMs = ageCapMs(input.config);
    const marginMs = motcuaTuning(input.config).secondaryLateMarginMin * MS_PER_MIN;
    const capped = oldest(
      eligibleAll.map((i) => queue[i]!).filter((t) => input.now - waitStart(t) >= capMs),
      (t) => lateStartFor(counter, t, marginMs),
    );
    if (capped !== null) return { ticketId: capped.id, reason: 'age-cap' };
  }
  if (targeted !== null) {
    const t = oldest(targeted);
    if (t !== null) return { ticketId: t.id, reason: 'transferred-here' };
  }
  const eligible = applyPriorityRule(queue, eligibleAll, input.priorityStreak, input.config);
  if (policy === 'motcua') return selectMotcua(counter, eligible, input);
  if (policy === 'two-line') return selectTwoLine(eligible, input);
  const t = earliestDeadline(eligible.map((i) => queue[i]!), input.config);
  return t === null ? null : { ticketId: t.id, reason: 'earliest-deadline' };
}

export interface ArrivalInput {
  now: number;
  ticket: QueuedTicket;
  counters: readonly CounterView[];
  stats: ServiceStats;
  config: DispatchConfig;
}

/** Number of services a counter may serve: the less flexible, the better it is to give it the arrival. */
function flexibility(c: CounterView): number {
  return c.primary.length + c.secondary.length;
}

/**
 * Which idle counter takes an arriving visitor, or null if no idle counter may serve them (the
 * ticket then waits in the queue). Baselines: the longest-idle eligible counter. motcua: a counter
 * that serves the service as a primary skill before one that would be slower, then the least
 * flexible (flexible counters stay free for what only they can do), then the longest idle.
 */
export function chooseCounterForArrival(input: ArrivalInput): string | null {
  const { ticket, config } = input;
  const policy = config.policy;
  let best: CounterView | null = null;
  let bestSpeed = 0;
  let bestFlex = 0;
  let bestIdle = 0;
  for (const c of input.counters) {
    if (c.status !== 'idle' || !mayServe(c, ticket, policy)) continue;
    const idle = c.idleSince ?? -Infinity;
    let speed = 0;
    let flex = 0;
    if (policy === 'motcua') {
      speed = ticket.targetCounterId === c.id || skillFor(c, ticket.serviceId, policy) === Skill.Primary ? 0 : 1;
      flex = flexibility(c);
    }
    const better =
      best === null ||
      speed < bestSpeed ||
      (speed === bestSpeed && (flex < bestFlex || (flex === bestFlex && (idle < bestIdle || (idle === bestIdle && c.id < best.id)))));
    if (better) {
      best = c;
      bestSpeed = speed;
      bestFlex = flex;
      bestIdle = idle;
    }
  }
  return best === null ? null : best.id;
}
