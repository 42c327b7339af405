/**
 * The discrete-event simulation of one ward day. It owns the clock and the counters' states and asks
 * the production dispatch code (`selectNextTicket`, `chooseCounterForArrival`, and `predictQueue` for
 * the wait printed at issue) every decision, exactly as the hub does. Pure: no I/O, no wall clock, randomness only through the day.
 */
import { chooseCounterForArrival, selectNextTicket } from './policy';
import { predictQueue } from './predict';
import { Skill, skillFor } from './skills';
import type { CounterView, DispatchConfig, QueuedTicket, ServiceStats } from './types';

/**
 * One simulated day's visitors, in arrival order, in typed arrays (made by the simulator's day
 * generator, sim/day.ts, or by the staffing advice from the hub's forecast).
 */
export interface SimDay {
  n: number;
  /** Ticket time, ms since the day's start. */
  arrival: Float64Array;
  /** Appointment slot start in ms, or NaN for a walk-in. */
  slot: Float64Array;
  /** Index into scenario.services. */
  service: Int32Array;
  /** Service time at full speed (primary skill), ms. */
  baseMs: Float64Array;
  /** 1 if the visitor walked away before being called (calling them costs counterCostMin; not counted). */
  walkAway: Uint8Array;
  /** 1 if the visitor belongs to a priority group. */
  priority: Uint8Array;
}

export interface EngineBreak {
  /** Taken when the counter is free at or after this moment (ms). */
  at: number;
  lengthMs: number;
}

/**
 * A change of a counter's skills for a while. Without `primary`: extra secondary skills (staffing
 * advice: "take Đất đai until 11:00"). With `primary`: the counter serves exactly `primary` (full
 * speed) and `serviceIds` (secondary) in the window — its clerk has moved to another counter's work
 * ("the clerk of counter 2 serves Đất đai at counter 2 until 11:00"), and its own services go to the others.
 */
export interface SkillWindow {
  serviceIds: readonly string[];
  from: number;
  to: number;
  primary?: readonly string[];
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
  /** Extra secondary skills during windows. */
  extraSkills?: readonly SkillWindow[];
}

/** State at the start of the simulated period (used to simulate "the rest of today"). */
export interface EngineStart {
  now: number;
  /** Tickets already waiting, with their service time at full speed. */
  queue: readonly { ticket: QueuedTicket; serviceIndex: number; baseMs: number }[];
  /** Per counter (same order as `counters`): busy until this moment, or null if free now. */
  busyUntil: readonly (number | null)[];
  /** Per counter: breaks already taken (default: those that ended before `now`). */
  breaksTaken?: readonly number[];
}

/** What the simulation looks like at a checkpoint, as the hub would see it. */
export interface EngineSnapshot {
  now: number;
  queue: readonly QueuedTicket[];
  counters: readonly CounterView[];
  /** Per counter: the moment its current service ends (the simulator knows; the hub would not). */
  busyUntil: readonly (number | null)[];
}

/** Changes a checkpoint may make: open an extra counter, or change a counter's skills for a while (extra ones, or another counter's work). */
export type EngineAdjustment = { kind: 'open-counter'; counter: EngineCounter } | { kind: 'add-skill'; counterId: string; window: SkillWindow };

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
  /** Predict each ticket's wait at its issue, as the hub does (`predictQueue` for the queue with the ticket added). */
  predict: boolean;
  start?: EngineStart;
  /** Called at these moments (ascending); the adjustments it returns take effect at once. */
  checkpoints?: { at: readonly number[]; decide: (s: EngineSnapshot) => readonly EngineAdjustment[] };
}

export interface DayOutcome {
  /** Call time per visitor (NaN if never called: nobody could serve the service). The start queue follows the day's visitors. */
  callAt: Float64Array;
  /** Wait per visitor in ms, from max(arrival, slot), at least 0. */
  waitMs: Float64Array;
  /** Predicted wait in ms at issue, from then (the median; NaN when not predicted). */
  predictedMs: Float64Array;
  /**
   * The rest of the forecast at issue, as the hub turns it into the printed figure (shared
   * place-and-wait.ts): the ends of its range (`RANGE_QUANTILES`) in ms from issue, 1 where the wait is the
   * policy's tail limit (capped), and the people ahead (NaN / 0 when not predicted).
   */
  predictedLowMs: Float64Array;
  predictedHighMs: Float64Array;
  predictedCapped: Uint8Array;
  predictedAhead: Int32Array;
  /** Index of the counter that served each visitor (in `counters`, then counters opened at checkpoints), -1 if none. */
  servedBy: Int16Array;
  /** Visitors never called because no counter could serve them. */
  unserved: number;
  /** Moment the last visitor was done. */
  endAt: number;
  /** Adjustments made at checkpoints, in order. */
  adjustments: EngineAdjustment[];
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

interface CounterState {
  def: EngineCounter;
  index: number;
  view: CounterView;
  state: number;
  until: number;
  nextBreak: number;
  /** Pending skill changes: [time, primary and secondary lists from then on], ascending. */
  skillChanges: SkillChange[];
}

interface SkillChange {
  at: number;
  primary: readonly string[];
  secondary: readonly string[];
}

function skillChangesOf(def: EngineCounter): SkillChange[] {
  const windows = def.extraSkills ?? [];
  if (windows.length === 0) return [];
  const times = [...new Set(windows.flatMap((w) => [w.from, w.to]))].sort((a, b) => a - b);
  return times.map((at) => {
    const active = windows.filter((w) => w.from <= at && at < w.to);
    const moved = active.find((w) => w.primary !== undefined);
    const primary = moved?.primary ?? def.primary;
    const base = moved ? [] : def.secondary;
    const extra = active.flatMap((w) => w.serviceIds);
    return { at, primary, secondary: [...new Set([...base, ...extra])].filter((s) => !primary.includes(s)) };
  });
}

/** Simulates one day (or the rest of one) and returns every visitor's call time and wait. */
export function simulateDay(input: EngineInput): DayOutcome {
  const { day, config, stats, serviceIds } = input;
  const policy = config.policy;
  const startExtra = input.start?.queue.length ?? 0;
  const total = day.n + startExtra;
  const callAt = new Float64Array(total).fill(NaN);
  const waitMs = new Float64Array(total).fill(NaN);
  const predictedMs = new Float64Array(total).fill(NaN);
  const predictedLowMs = new Float64Array(total).fill(NaN);
  const predictedHighMs = new Float64Array(total).fill(NaN);
  const predictedCapped = new Uint8Array(total);
  const predictedAhead = new Int32Array(total);
  const servedBy = new Int16Array(total).fill(-1);
  const waitFrom = new Float64Array(total);
  const walkAway = new Uint8Array(total);
  const adjustments: EngineAdjustment[] = [];

  const cs: CounterState[] = [];
  const views: CounterView[] = [];
  const queue: SimTicket[] = [];
  let priorityStreak = 0;
  let now = input.start?.now ?? 0;
  let endAt = now;

  const startService = (c: CounterState, t: SimTicket, at: number): void => {
    const v = c.view;
    callAt[t.idx] = at;
    servedBy[t.idx] = c.index;
    waitMs[t.idx] = Math.max(0, at - waitFrom[t.idx]!);
    const dur = walkAway[t.idx] === 1 ? input.walkAwayCostMs : t.baseMs * (skillFor(v, t.serviceId, policy) === Skill.Secondary ? input.secondarySlowdown : 1);
    priorityStreak = t.priorityGroup !== null ? priorityStreak + 1 : 0;
    c.state = BUSY;
    c.until = at + dur;
    v.status = 'busy';
    v.busySince = at;
    v.idleSince = null;
    v.currentServiceId = t.serviceId;
    if (c.until > endAt) endAt = c.until;
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

  const setIdle = (c: CounterState, at: number): void => {
    c.state = IDLE;
    c.view.status = 'idle';
    c.view.idleSince = at;
    c.view.busySince = null;
    c.view.currentServiceId = null;
    c.view.pausedUntil = null;
  };

  /** Asks dispatch for the counter's next ticket; true if it started one. */
  const callNext = (c: CounterState, at: number): boolean => {
    if (queue.length === 0) return false;
    const d = selectNextTicket({ now: at, counterId: c.def.id, queue, counters: views, stats, config, priorityStreak });
    if (d === null) return false;
    const t = removeFromQueue(d.ticketId);
    if (t === null) return false;
    startService(c, t, at);
    return true;
  };

  /** The counter is free at `at`: close, take a due break, or call the next ticket. */
  const becomeFree = (c: CounterState, at: number): void => {
    const v = c.view;
    if (at >= c.def.closesAt) {
      c.state = CLOSED;
      v.status = 'closed';
      v.busySince = null;
      v.currentServiceId = null;
      return;
    }
    const b = c.def.breaks[c.nextBreak];
    if (b !== undefined && b.at <= at) {
      c.nextBreak++;
      c.state = BREAK;
      c.until = at + b.lengthMs;
      v.status = 'paused';
      v.pausedUntil = c.until;
      v.busySince = null;
      v.currentServiceId = null;
      v.upcomingBreaks = c.def.breaks.slice(c.nextBreak);
      return;
    }
    v.status = 'idle';
    if (callNext(c, at)) return;
    setIdle(c, at);
  };

  const addCounter = (def: EngineCounter, k: number): CounterState => {
    const view: CounterView = {
      id: def.id,
      primary: def.primary,
      secondary: def.secondary,
      status: 'closed',
      idleSince: null,
      busySince: null,
      currentServiceId: null,
      pausedUntil: null,
      upcomingBreaks: def.breaks,
    };
    const c: CounterState = { def, index: cs.length, view, state: CLOSED, until: Infinity, nextBreak: 0, skillChanges: skillChangesOf(def) };
    const taken = input.start?.breaksTaken?.[k];
    if (taken !== undefined) c.nextBreak = taken;
    else if (input.start) while (def.breaks[c.nextBreak] !== undefined && def.breaks[c.nextBreak]!.at + def.breaks[c.nextBreak]!.lengthMs <= now) c.nextBreak++;
    view.upcomingBreaks = def.breaks.slice(c.nextBreak);
    const busy = input.start?.busyUntil[k] ?? null;
    if (def.opensAt > now) {
      c.state = BEFORE_OPEN;
      c.until = def.opensAt;
    } else if (now >= def.closesAt) {
      c.state = CLOSED;
    } else if (busy !== null && busy > now) {
      c.state = BUSY;
      c.until = busy;
      view.status = 'busy';
      view.busySince = now;
    } else {
      setIdle(c, now);
      view.idleSince = -Infinity;
    }
    cs.push(c);
    views.push(view);
    return c;
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

  input.counters.forEach((def, k) => addCounter(def, k));
  if (input.start) {
    input.start.queue.forEach((q, j) => {
      const t = makeTicket(day.n + j, q.serviceIndex, q.ticket.queuedAt, q.ticket.slotAt ?? NaN, q.ticket.priorityGroup !== null, q.baseMs);
      t.id = q.ticket.id;
      t.serviceId = q.ticket.serviceId;
      t.channel = q.ticket.channel;
      t.targetCounterId = q.ticket.targetCounterId;
      t.priorityGroup = q.ticket.priorityGroup;
      queue.push(t);
    });
    // Idle counters look at the queue at once.
    for (const c of cs) if (c.state === IDLE && callNext(c, now)) continue;
  }

  const applySkillChange = (c: CounterState, at: number): void => {
    const ch = c.skillChanges.shift();
    if (ch === undefined) return;
    c.view.primary = ch.primary;
    c.view.secondary = ch.secondary;
    if (c.state === IDLE) callNext(c, at);
  };

  const checkpoints = input.checkpoints;
  let ci = 0;
  const takeCheckpoint = (at: number): void => {
    if (!checkpoints) return;
    const snap: EngineSnapshot = { now: at, queue: [...queue], counters: views.map((v) => ({ ...v })), busyUntil: cs.map((c) => (c.state === BUSY ? c.until : null)) };
    for (const adj of checkpoints.decide(snap)) {
      adjustments.push(adj);
      if (adj.kind === 'open-counter') {
        const c = addCounter(adj.counter, -1);
        if (c.state === IDLE) callNext(c, at);
      } else {
        const c = cs.find((x) => x.def.id === adj.counterId);
        if (!c) continue;
        const def: EngineCounter = adj.window.primary !== undefined ? { ...c.def, extraSkills: [adj.window] } : { ...c.def, primary: c.view.primary, secondary: c.view.secondary, extraSkills: [adj.window] };
        c.skillChanges = skillChangesOf(def)
          .filter((x) => x.at >= at)
          .concat(c.skillChanges.filter((x) => x.at > adj.window.to));
        c.skillChanges.sort((a, b) => a.at - b.at);
        while (c.skillChanges[0] !== undefined && c.skillChanges[0].at <= at) applySkillChange(c, at);
      }
    }
  };

  let ai = 0;
  const n = day.n;
  for (;;) {
    // Next counter event: end of service or break, opening, a due break or closing of an idle counter, a skill change.
    let next: CounterState | null = null;
    let tNext = Infinity;
    let isSkill = false;
    for (const c of cs) {
      const s = c.state;
      let t = Infinity;
      if (s === BUSY || s === BREAK || s === BEFORE_OPEN) t = c.until;
      else if (s === IDLE) {
        const b = c.def.breaks[c.nextBreak];
        t = b !== undefined ? Math.max(b.at, now) : Infinity;
        if (c.def.closesAt < t) t = Math.max(c.def.closesAt, now);
      }
      if (t < tNext) {
        tNext = t;
        next = c;
        isSkill = false;
      }
      const sc = c.skillChanges[0];
      if (sc !== undefined && sc.at < tNext) {
        tNext = Math.max(sc.at, now);
        next = c;
        isSkill = true;
      }
    }
    const tArr = ai < n ? day.arrival[ai]! : Infinity;
    const tCheck = checkpoints && ci < checkpoints.at.length ? checkpoints.at[ci]! : Infinity;
    if (tCheck <= tNext && tCheck <= tArr && tCheck < Infinity) {
      now = Math.max(now, tCheck);
      ci++;
      takeCheckpoint(now);
      continue;
    }
    if (tArr === Infinity && next === null) break;
    if (tArr === Infinity && queue.length === 0 && !cs.some((c) => c.state === BUSY)) break;
    if (next !== null && tNext <= tArr) {
      now = tNext;
      if (isSkill) applySkillChange(next, now);
      else becomeFree(next, now);
      continue;
    }
    // Arrival.
    now = tArr;
    const idx = ai++;
    walkAway[idx] = day.walkAway[idx]!;
    const t = makeTicket(idx, day.service[idx]!, tArr, day.slot[idx]!, day.priority[idx] === 1, day.baseMs[idx]!);
    if (input.predict) {
      const p = predictQueue({ now, queue: [...queue, t], counters: views, stats, config }).get(t.id);
      if (p?.servable) {
        predictedMs[idx] = p.minutes * 60_000;
        predictedLowMs[idx] = p.lowMin * 60_000;
        predictedHighMs[idx] = p.highMin * 60_000;
        predictedCapped[idx] = p.capped ? 1 : 0;
        predictedAhead[idx] = p.peopleAhead;
      }
    }
    const id = chooseCounterForArrival({ now, ticket: t, counters: views, stats, config });
    const c = id === null ? undefined : cs.find((x) => x.def.id === id);
    if (c !== undefined && c.state === IDLE) {
      startService(c, t, now);
      continue;
    }
    queue.push(t);
  }
  let unserved = 0;
  for (let i = 0; i < total; i++) if (Number.isNaN(callAt[i]!)) unserved++;
  return { callAt, waitMs, predictedMs, predictedLowMs, predictedHighMs, predictedCapped, predictedAhead, servedBy, unserved, endAt, adjustments };
}
