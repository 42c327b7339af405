/**
 * The discrete-event simulation of one ward day. It owns the clock and the counters' states and asks
 * the production dispatch code (`selectNextTicket`, `chooseCounterForArrival`, `predictWait`) every
 * decision, exactly as the hub does. Pure: no I/O, no wall clock, randomness only through the day.
 */
import { chooseCounterForArrival, selectNextTicket } from '../dispatch/policy';
import { predictWait } from '../dispatch/predict';
import { Skill, skillFor } from '../dispatch/skills';
import type { CounterView, DispatchConfig, QueuedTicket, ServiceStats } from '../dispatch/types';
import type { SimDay } from './day';

export interface EngineBreak {
  /** Taken when the counter is free at or after this moment (ms). */
  at: number;
  lengthMs: number;
}

export interface EngineCounter {
  id: string;
  primary: readonly string[];
  secondary: readonly string[];
  breaks: readonly EngineBreak[];
  /** The counter opens at this moment (ms; 0 for a regular counter). */
  opensAt: number;
  /** After this moment the counter finishes its visitor and closes (Infinity for a regular counter). */
  closesAt: number;
}

/** Optional state at the start of the simulated period (used to simulate "the rest of today"). */
export interface EngineStart {
  now: number;
  /** Tickets already waiting. Their `baseMs` is the service time at full speed. */
  queue: readonly { ticket: QueuedTicket; serviceIndex: number; baseMs: number }[];
  /** Per counter (same order as `counters`): busy until this moment, or null if free now. */
  busyUntil: readonly (number | null)[];
}

export interface EngineInput {
  /** Service ids by index (the day's `service` values index this). */
  serviceIds: readonly string[];
  stats: ServiceStats;
  counters: readonly EngineCounter[];
  config: DispatchConfig;
  /** The true slowdown of a secondary-skill service (the scenario's), used for service times. */
  secondarySlowdown: number;
  walkAwayCostMs: number;
  day: SimDay;
  /** Call predictWait at each ticket's issue. */
  predict: boolean;
  /**
   * Idle counters ask dispatch again after every event and at least this often while tickets wait
   * (a policy may leave a counter free on purpose; the hub re-asks the same way). Default 60 s.
   */
  repollMs?: number;
  start?: EngineStart;
}

export interface DayOutcome {
  /** Call time per visitor (NaN if never called: nobody could serve the service). */
  callAt: Float64Array;
  /** Wait per visitor in ms, from max(arrival, slot), at least 0. */
  waitMs: Float64Array;
  /** Predicted wait in ms at issue (NaN when not predicted). */
  predictedMs: Float64Array;
  /** Visitors never called because no counter could serve them. */
  unserved: number;
  /** Moment the last visitor was done. */
  endAt: number;
}

const IDLE = 0;
const BUSY = 1;
const BREAK = 2;
const BEFORE_OPEN = 3;
const CLOSED = 4;

interface SimTicket extends QueuedTicket {
  idx: number;
  baseMs: number;
}

/** Simulates one day (or the rest of one) and returns every visitor's call time and wait. */
export function simulateDay(input: EngineInput): DayOutcome {
  const { day, config, stats, serviceIds, counters } = input;
  const policy = config.policy;
  const nc = counters.length;
  const startExtra = input.start?.queue.length ?? 0;
  const total = day.n + startExtra;
  const callAt = new Float64Array(total).fill(NaN);
  const waitMs = new Float64Array(total).fill(NaN);
  const predictedMs = new Float64Array(total).fill(NaN);
  const waitFrom = new Float64Array(total);
  const walkAway = new Uint8Array(total);

  const state = new Uint8Array(nc);
  const until = new Float64Array(nc);
  const nextBreak = new Int32Array(nc);
  const views: CounterView[] = counters.map((c) => ({
    id: c.id,
    primary: c.primary,
    secondary: c.secondary,
    status: 'closed',
    idleSince: null,
    busySince: null,
    currentServiceId: null,
    pausedUntil: null,
    upcomingBreaks: c.breaks,
  }));

  const queue: SimTicket[] = [];
  let priorityStreak = 0;
  let now = input.start?.now ?? 0;
  let endAt = now;

  const startService = (k: number, t: SimTicket, at: number): void => {
    const v = views[k];
    if (!v) return;
    callAt[t.idx] = at;
    waitMs[t.idx] = Math.max(0, at - waitFrom[t.idx]!);
    let dur: number;
    if (walkAway[t.idx] === 1) dur = input.walkAwayCostMs;
    else dur = t.baseMs * (skillFor(v, t.serviceId, policy) === Skill.Secondary ? input.secondarySlowdown : 1);
    priorityStreak = t.priorityGroup !== null ? priorityStreak + 1 : 0;
    state[k] = BUSY;
    until[k] = at + dur;
    v.status = 'busy';
    v.busySince = at;
    v.idleSince = null;
    v.currentServiceId = t.serviceId;
    if (until[k]! > endAt) endAt = until[k]!;
  };

  const removeFromQueue = (id: string): SimTicket | null => {
    for (let i = 0; i < queue.length; i++) {
      const t = queue[i]!;
      if (t.id === id) {
        queue[i] = queue[queue.length - 1]!;
        queue.pop();
        return t;
      }
    }
    return null;
  };

  const setIdle = (k: number, at: number): void => {
    const v = views[k]!;
    state[k] = IDLE;
    v.status = 'idle';
    v.idleSince = at;
    v.busySince = null;
    v.currentServiceId = null;
  };

  /** The counter is free at `at`: close, take a due break, or call the next ticket. */
  const becomeFree = (k: number, at: number): void => {
    const c = counters[k]!;
    const v = views[k]!;
    if (at >= c.closesAt) {
      state[k] = CLOSED;
      v.status = 'closed';
      v.busySince = null;
      v.currentServiceId = null;
      return;
    }
    const b = c.breaks[nextBreak[k]!];
    if (b !== undefined && b.at <= at) {
      nextBreak[k]!++;
      state[k] = BREAK;
      until[k] = at + b.lengthMs;
      v.status = 'paused';
      v.pausedUntil = until[k]!;
      v.upcomingBreaks = c.breaks.slice(nextBreak[k]);
      v.busySince = null;
      v.currentServiceId = null;
      return;
    }
    if (queue.length > 0) {
      v.status = 'idle';
      const d = selectNextTicket({ now: at, counterId: c.id, queue, counters: views, stats, config, priorityStreak });
      if (d !== null) {
        const t = removeFromQueue(d.ticketId);
        if (t !== null) {
          startService(k, t, at);
          return;
        }
      }
    }
    setIdle(k, at);
  };

  /** Idle counters, longest idle first, ask for a ticket again (a policy may have held them free). */
  const repollIdle = (at: number): void => {
    if (queue.length === 0) return;
    const idle: number[] = [];
    for (let k = 0; k < nc; k++) if (state[k] === IDLE) idle.push(k);
    if (idle.length === 0) return;
    idle.sort((a, b) => (views[a]!.idleSince ?? -Infinity) - (views[b]!.idleSince ?? -Infinity) || a - b);
    for (const k of idle) {
      if (queue.length === 0) return;
      const d = selectNextTicket({ now: at, counterId: counters[k]!.id, queue, counters: views, stats, config, priorityStreak });
      if (d === null) continue;
      const t = removeFromQueue(d.ticketId);
      if (t !== null) startService(k, t, at);
    }
  };
  const repollMs = input.repollMs ?? 60_000;
  let nextRepoll = Infinity;
  const anyIdle = (): boolean => {
    for (let k = 0; k < nc; k++) if (state[k] === IDLE) return true;
    return false;
  };

  const afterEvent = (at: number): void => {
    if (queue.length === 0) {
      nextRepoll = Infinity;
      return;
    }
    repollIdle(at);
    nextRepoll = queue.length > 0 && anyIdle() ? Math.min(nextRepoll, at + repollMs) : Infinity;
  };

  let seq = 0;
  const makeTicket = (idx: number, serviceIndex: number, arrival: number, slot: number, prio: boolean, baseMs: number): SimTicket => {
    const isAppt = !Number.isNaN(slot);
    waitFrom[idx] = isAppt && slot > arrival ? slot : arrival;
    return {
      id: `t${seq++}`,
      idx,
      baseMs,
      serviceId: serviceIds[serviceIndex] ?? `#${serviceIndex}`,
      channel: isAppt ? 'appointment' : 'kiosk',
      priorityGroup: prio ? 'elderly' : null,
      queuedAt: arrival,
      slotAt: isAppt ? slot : null,
      targetCounterId: null,
    };
  };

  // Initial state.
  for (let k = 0; k < nc; k++) {
    const c = counters[k]!;
    // Breaks already past at the start are assumed taken.
    while (input.start && c.breaks[nextBreak[k]!] !== undefined && c.breaks[nextBreak[k]!]!.at + c.breaks[nextBreak[k]!]!.lengthMs <= now) nextBreak[k]!++;
    views[k]!.upcomingBreaks = c.breaks.slice(nextBreak[k]);
    const busy = input.start?.busyUntil[k] ?? null;
    if (c.opensAt > now) {
      state[k] = BEFORE_OPEN;
      until[k] = c.opensAt;
    } else if (busy !== null && busy > now) {
      state[k] = BUSY;
      until[k] = busy;
      views[k]!.status = 'busy';
      views[k]!.busySince = now;
    } else if (now >= c.closesAt) {
      state[k] = CLOSED;
    } else {
      setIdle(k, now);
      views[k]!.idleSince = -Infinity;
    }
  }
  if (input.start) {
    input.start.queue.forEach((q, j) => {
      const idx = day.n + j;
      const t = makeTicket(idx, q.serviceIndex, q.ticket.queuedAt, q.ticket.slotAt ?? NaN, q.ticket.priorityGroup !== null, q.baseMs);
      t.id = q.ticket.id;
      t.priorityGroup = q.ticket.priorityGroup;
      queue.push(t);
    });
    // Idle counters look at the queue at once.
    for (let k = 0; k < nc; k++) if (state[k] === IDLE) becomeFree(k, now);
  }

  let ai = 0;
  const n = day.n;
  for (;;) {
    // Next counter event.
    let kNext = -1;
    let tNext = Infinity;
    for (let k = 0; k < nc; k++) {
      const s = state[k];
      let t = Infinity;
      if (s === BUSY || s === BREAK || s === BEFORE_OPEN) t = until[k]!;
      else if (s === IDLE) {
        const c = counters[k]!;
        const b = c.breaks[nextBreak[k]!];
        t = b !== undefined ? Math.max(b.at, now) : Infinity;
        if (c.closesAt < t) t = Math.max(c.closesAt, now);
      }
      if (t < tNext) {
        tNext = t;
        kNext = k;
      }
    }
    const tArr = ai < n ? day.arrival[ai]! : Infinity;
    if (nextRepoll < tNext && nextRepoll < tArr) {
      now = nextRepoll;
      repollIdle(now);
      nextRepoll = queue.length > 0 && anyIdle() ? now + repollMs : Infinity;
      continue;
    }
    if (tArr === Infinity && kNext < 0) break;
    if (tArr === Infinity && queue.length === 0) {
      // Nothing left to do but finish current services.
      let busy = false;
      for (let k = 0; k < nc; k++) if (state[k] === BUSY) busy = true;
      if (!busy) break;
    }
    if (kNext >= 0 && tNext <= tArr) {
      now = tNext;
      // End of a service or a break, opening time, or a due break or closing time of an idle counter.
      becomeFree(kNext, now);
      afterEvent(now);
      continue;
    }
    // Arrival.
    now = tArr;
    const idx = ai++;
    walkAway[idx] = day.walkAway[idx]!;
    const t = makeTicket(idx, day.service[idx]!, tArr, day.slot[idx]!, day.priority[idx] === 1, day.baseMs[idx]!);
    if (input.predict) {
      const p = predictWait({ now, ticket: t, queue, counters: views, stats, config });
      predictedMs[idx] = p.minutes * 60_000;
    }
    const k = chooseCounterForArrival({ now, ticket: t, counters: views, stats, config });
    if (k !== null) {
      const ki = views.findIndex((v) => v.id === k);
      if (ki >= 0 && state[ki] === IDLE) {
        startService(ki, t, now);
        continue;
      }
    }
    queue.push(t);
    afterEvent(now);
  }
  let unserved = 0;
  for (let i = 0; i < total; i++) if (Number.isNaN(callAt[i]!)) unserved++;
  return { callAt, waitMs, predictedMs, unserved, endAt };
}
