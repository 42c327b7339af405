/**
 * Wait prediction at issue time: the kiosk prints "about N people ahead, about M minutes".
 *
 * The prediction plays the production dispatch policy forward from the current snapshot with
 * expected service times: each open counter becomes free when its current service is expected to
 * end (the mean remaining time of a lognormal service that has already run this long), takes its
 * planned break if one is due, and then calls whom `selectNextTicket` would call. The new ticket's
 * predicted wait is the moment it is called. Future arrivals are not known and not simulated.
 */
import { expectedFreeAt } from './forecast';
import { chooseCounterForArrival, selectNextTicket } from './policy';
import { MS_PER_MIN, Skill, expectedServiceMs, meanServiceMin, skillFor, waitStart } from './skills';
import type { CounterView, DispatchConfig, QueuedTicket, ServiceStats } from './types';

export interface PredictWaitInput {
  now: number;
  ticket: QueuedTicket;
  /** The queue without the new ticket. */
  queue: readonly QueuedTicket[];
  counters: readonly CounterView[];
  stats: ServiceStats;
  config: DispatchConfig;
  /** Consecutive priority calls so far (see DispatchInput); 0 if absent. */
  priorityStreak?: number;
}

export interface WaitPrediction {
  /** Tickets expected to be called before this one. */
  peopleAhead: number;
  /** Expected wait in minutes (0 when a counter takes the visitor at once). */
  minutes: number;
  /**
   * False when no open counter may serve the ticket's service: `minutes` is then only the time
   * until the known queue is worked off, and the kiosk should say that nobody serves it right now.
   */
  servable: boolean;
}

interface VirtualCounter {
  view: CounterView;
  freeAt: number;
  breaks: readonly { at: number; lengthMs: number }[];
  nextBreak: number;
}

/** Predicts the wait of `ticket` if it joins `queue` now. Pure; never throws. */
export function predictWait(input: PredictWaitInput): WaitPrediction {
  const { now, ticket, stats, config } = input;
  if (chooseCounterForArrival({ now, ticket, counters: input.counters, stats, config }) !== null) {
    return { peopleAhead: 0, minutes: 0, servable: true };
  }
  const vcs: VirtualCounter[] = [];
  for (const c of input.counters) {
    const freeAt = expectedFreeAt(c, now, stats, config);
    if (freeAt === Infinity) continue;
    vcs.push({
      view: { id: c.id, primary: c.primary, secondary: c.secondary, status: 'busy', idleSince: null, busySince: null, currentServiceId: null },
      freeAt,
      breaks: c.upcomingBreaks ?? [],
      nextBreak: 0,
    });
  }
  const views = vcs.map((v) => v.view);
  const vq: QueuedTicket[] = [...input.queue, ticket];
  let streak = input.priorityStreak ?? 0;
  let ahead = 0;
  const maxSteps = vq.length + 4 * vcs.length + 8;
  for (let step = 0; step < maxSteps; step++) {
    let best: VirtualCounter | null = null;
    for (const v of vcs) if (v.freeAt < Infinity && (best === null || v.freeAt < best.freeAt)) best = v;
    if (best === null) break;
    const t = best.freeAt;
    const b = best.breaks[best.nextBreak];
    if (b !== undefined && b.at <= t) {
      best.nextBreak++;
      best.freeAt = t + Math.max(0, b.lengthMs);
      continue;
    }
    for (const v of vcs) {
      v.view.status = v.freeAt <= t ? 'idle' : 'busy';
      v.view.idleSince = v.freeAt <= t ? v.freeAt : null;
    }
    const d = selectNextTicket({ now: t, counterId: best.view.id, queue: vq, counters: views, stats, config, priorityStreak: streak });
    if (d === null) {
      // Nothing this counter will take from the known queue; it may still take the new ticket after a break.
      best.freeAt = Infinity;
      continue;
    }
    if (d.ticketId === ticket.id) {
      return { peopleAhead: ahead, minutes: Math.max(0, t - waitStart(ticket)) / MS_PER_MIN, servable: true };
    }
    const i = vq.findIndex((q) => q.id === d.ticketId);
    const called = vq[i];
    if (i < 0 || called === undefined) {
      best.freeAt = Infinity;
      continue;
    }
    vq[i] = vq[vq.length - 1] as QueuedTicket;
    vq.pop();
    ahead++;
    streak = called.priorityGroup !== null ? streak + 1 : 0;
    const skill = skillFor(best.view, called.serviceId, config.policy);
    best.freeAt = t + expectedServiceMs(stats, called.serviceId, skill === Skill.Secondary ? Skill.Secondary : Skill.Primary, config);
  }
  // No open counter will call the ticket: report it rather than guess.
  let worked = 0;
  for (const q of input.queue) worked += meanServiceMin(stats, q.serviceId);
  return { peopleAhead: ahead, minutes: vcs.length > 0 ? worked / vcs.length : 0, servable: false };
}
