/**
 * Staffing advice: when the forecast says waits will pass the target, tell the manager what to
 * change, with the simulated effect of doing it. For example
 *   vi "Quầy 4: nhận thêm lĩnh vực Đất đai đến 11:00 (dự kiến chờ quá 20 phút 18% → 6%)"
 *   en "Counter 4: also take Đất đai until 11:00 (expected waiting over 20 min 18% → 6%)".
 *
 * How: the rest of the period (`horizonMin`) is simulated many times from the current state (the
 * queue, the counters' services under way, their planned breaks) with arrivals drawn from the
 * forecast and the production dispatch policy, first as is, then with each candidate change:
 * opening a reserve counter for a while, or giving a counter an extra (secondary) skill for a while.
 * Every candidate is run on the same drawn futures, so the comparison is fair. Pure and deterministic
 * for a given seed: randomness comes from a seeded generator, never from the wall clock.
 *
 * Levers in order of cost: an extra skill for a while (cross-training a counter for a service few
 * counters serve) before a reserve counter; a reserve counter is advised only when no extra skill
 * gets at least half its gain. A change is never advised when its own forecast is worse on the tail
 * (the 95th percentile of the wait rises). Waits are judged within the horizon: a visitor not called
 * by its end counts as waiting at least until then, so figures stay within what a manager can check.
 */
import { t as sharedText } from '@motcua/shared';
import { simulateDay } from './engine';
import type { EngineAdjustment, EngineCounter, EngineStart, SimDay } from './engine';
import { createRandom, lognormal, poisson } from './rng';
import { ServiceSampler, expectedFreeAt } from './forecast';
import { MS_PER_MIN, Skill, skillFor, waitStart } from './skills';
import type { CounterView, DispatchConfig, QueuedTicket, ServiceStats } from './types';

export interface AdviceText {
  vi: string;
  en: string;
}

export interface AdviceService {
  id: string;
  name: AdviceText;
  meanMin: number;
  cv?: number;
  /** Expected walk-ins per hour; entry h covers [clock.dayStart + h hours, + 1 hour). */
  walkInsPerHour: readonly number[];
}

export interface AdviceCounter extends CounterView {
  /** What people call the counter ("4" for "Quầy 4"); defaults to the id. */
  label?: string;
}

export interface ReserveClerk {
  /** Id the reserve counter gets while open. */
  counterId: string;
  label?: string;
  /** Services the reserve clerk can serve (default: every service). */
  skills?: readonly string[];
  /** Minutes of the day's reserve budget left: no window longer than this is advised (default: no limit). */
  maxMin?: number;
}

export interface StaffingAdviceInput {
  now: number;
  /** How to print times: the day's start on the caller's clock and its local minute of day (450 = 07:30). */
  clock: { dayStart: number; dayStartLocalMin: number };
  /** No walk-in tickets after this moment. */
  lastTicketAt: number;
  services: readonly AdviceService[];
  /** Booked appointments not yet arrived. */
  appointments?: readonly { serviceId: string; slotAt: number }[];
  counters: readonly AdviceCounter[];
  queue: readonly QueuedTicket[];
  config: DispatchConfig;
  /** A clerk who can open one more counter, if there is one. */
  reserve?: ReserveClerk | null;
  options?: StaffingAdviceOptions;
}

export interface StaffingAdviceOptions {
  /** Simulated futures per candidate (default 16). */
  samples?: number;
  seed?: number;
  /** Minutes ahead that are simulated and judged (default 120). */
  horizonMin?: number;
  /** Advice is given when the forecast late share exceeds this (default 0.03) or p95 exceeds the target wait. */
  lateThreshold?: number;
  /**
   * The reserve counter (the costliest lever) is tried only when the forecast share over the target
   * exceeds this (or the share over 30 minutes a third of it, or the forecast p95 is over the target;
   * default 0.10): below it only the cheap levers
   * (extra skill, clerk move), so a day's few reserve hours are kept for the busy spell. Measured on
   * M-280 and S-140, 40 days with `--advice-budget 2` (late / over30, %): trying the reserve from 0.03
   * spent it early, 1.48 / 0.72 and 1.53 / 0.68; from 0.06, 1.22 / 0.54 and 1.14 / 0.39; M-280 from
   * 0.10, 1.08 / 0.46 (sim/README.md has the table).
   */
  reserveLateThreshold?: number;
  /** A change must cut the late share by at least this (default 0.01) to be advised. */
  minGain?: number;
  /** At most this many items (default 2). */
  maxItems?: number;
  /** Windows (minutes from now) tried for an extra skill and a clerk move (default [60, 90]). */
  skillWindowsMin?: readonly number[];
}

export interface AdviceEffect {
  /** Share of the visitors in the horizon waiting over their target, without / with the change (0–1). */
  lateWithout: number;
  lateWith: number;
  /** Share of the visitors in the horizon waiting over 30 minutes, without / with the change (0–1): the tail, weighed with the late share. */
  over30Without: number;
  over30With: number;
  /** 95th percentile of the wait, minutes, at most `horizonMin` (a visitor still waiting at the horizon counts as waiting that long). */
  p95WithoutMin: number;
  p95WithMin: number;
  /** The horizon judged, minutes: a p95 equal to it means "at least this long". */
  horizonMin: number;
}

/** Who waits now: the figures a manager can check on the live queue. */
export interface AdvicePressure {
  waiting: number;
  /** Waiting now for longer than their target (20 minutes for a walk-in, the grace after the slot for an appointment). */
  overTarget: number;
  /** Longest wait so far, minutes (0 with nobody waiting). */
  oldestWaitMin: number;
  /** Open counters (idle or busy) and counters not serving (paused or closed). */
  openCounters: number;
  closedCounters: number;
}

/** The levers, cheapest first: cross-train a counter for a while, move a clerk to another counter's work, open a reserve counter. */
export type AdviceKind = 'add-skill' | 'move-clerk' | 'open-counter';

/** Cost rank of a lever (lower is cheaper). */
const LEVER_COST: Readonly<Record<AdviceKind, number>> = { 'add-skill': 0, 'move-clerk': 1, 'open-counter': 2 };

export interface StaffingAdviceItem {
  kind: AdviceKind;
  /** The counter that changes (for move-clerk: the counter whose clerk takes over `like`'s work; for open-counter: the reserve counter). */
  counterId: string;
  /** move-clerk: the counter whose work (primary and secondary services) it takes on. */
  like?: string;
  serviceIds: readonly string[];
  /** The window the change applies to (caller's clock, ms). */
  from: number;
  to: number;
  text: AdviceText;
  effect: AdviceEffect;
}

export interface StaffingAdvice {
  /** The forecast without any change. */
  forecast: { late: number; p95Min: number; samples: number };
  /** The queue now (so an empty list of items is never silence while citizens are over the target). */
  pressure: AdvicePressure;
  /** Best first; empty when waits are not expected to pass the target or nothing helps enough. */
  items: StaffingAdviceItem[];
}

interface Candidate {
  kind: AdviceKind;
  counterId: string;
  like?: string;
  serviceIds: readonly string[];
  from: number;
  to: number;
  adjust: EngineAdjustment;
}

function hhmm(ms: number, clock: StaffingAdviceInput['clock']): string {
  const min = Math.round(clock.dayStartLocalMin + (ms - clock.dayStart) / MS_PER_MIN);
  const m = ((min % 1440) + 1440) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

function pct(x: number): string {
  return `${Math.round(x * 100)}%`;
}

/** One simulated future: its arrivals and the state at `now`. */
interface Future {
  day: SimDay;
  start: EngineStart;
}

function drawFutures(input: StaffingAdviceInput, horizonEnd: number, samples: number, seed: number): Future[] {
  const { now, services, clock, config } = input;
  const index = new Map(services.map((s, i) => [s.id, i] as const));
  const futures: Future[] = [];
  const arrivalEnd = Math.min(horizonEnd, input.lastTicketAt);
  for (let k = 0; k < samples; k++) {
    const rng = createRandom(seed, k);
    const sampler = new ServiceSampler((seed * 7919 + k * 104729) | 0);
    const visitors: { arrival: number; slot: number; service: number; baseMs: number }[] = [];
    services.forEach((svc, si) => {
      svc.walkInsPerHour.forEach((rate, h) => {
        const from = Math.max(now, clock.dayStart + h * 60 * MS_PER_MIN);
        const to = Math.min(arrivalEnd, clock.dayStart + (h + 1) * 60 * MS_PER_MIN);
        if (!(to > from) || !(rate > 0)) return;
        const count = poisson(rng, (rate * (to - from)) / (60 * MS_PER_MIN));
        for (let j = 0; j < count; j++) {
          visitors.push({ arrival: from + rng.next() * (to - from), slot: NaN, service: si, baseMs: lognormal(rng, svc.meanMin, svc.cv ?? 0.8) * MS_PER_MIN });
        }
      });
    });
    for (const a of input.appointments ?? []) {
      const si = index.get(a.serviceId);
      const svc = si === undefined ? undefined : services[si];
      if (si === undefined || svc === undefined || a.slotAt > horizonEnd) continue;
      // Appointments tend to come a little early; the exact moment is not known.
      visitors.push({ arrival: Math.max(now, a.slotAt - 5 * MS_PER_MIN), slot: a.slotAt, service: si, baseMs: lognormal(rng, svc.meanMin, svc.cv ?? 0.8) * MS_PER_MIN });
    }
    visitors.sort((a, b) => a.arrival - b.arrival);
    const n = visitors.length;
    const day: SimDay = {
      n,
      arrival: Float64Array.from(visitors, (v) => v.arrival),
      slot: Float64Array.from(visitors, (v) => v.slot),
      service: Int32Array.from(visitors, (v) => v.service),
      baseMs: Float64Array.from(visitors, (v) => v.baseMs),
      walkAway: new Uint8Array(n),
      priority: new Uint8Array(n),
    };
    const queue = input.queue.map((ticket) => {
      const si = index.get(ticket.serviceId) ?? -1;
      const svc = services[si];
      return { ticket, serviceIndex: si, baseMs: lognormal(rng, svc?.meanMin ?? 8, svc?.cv ?? 0.8) * MS_PER_MIN };
    });
    const busyUntil = input.counters.map((c) => (c.status === 'busy' || c.status === 'paused' ? expectedFreeAt(c, now, statsOf(services), config, sampler) : null));
    futures.push({ day, start: { now, queue, busyUntil, breaksTaken: input.counters.map(() => 0) } });
  }
  return futures;
}

function statsOf(services: readonly AdviceService[]): ServiceStats {
  const out: Record<string, { meanMin: number; cv?: number }> = {};
  for (const s of services) out[s.id] = s.cv === undefined ? { meanMin: s.meanMin } : { meanMin: s.meanMin, cv: s.cv };
  return out;
}

function engineCounters(input: StaffingAdviceInput): EngineCounter[] {
  return input.counters.map((c) => ({
    id: c.id,
    primary: c.primary,
    secondary: c.secondary,
    breaks: c.upcomingBreaks ?? [],
    opensAt: c.status === 'closed' ? Infinity : input.now,
    closesAt: Infinity,
  }));
}

interface Outcome {
  late: number;
  /** Share of the visitors waiting over 30 minutes (the tail: issue 16's second target). */
  over30: number;
  p95Min: number;
  /** Late visitors per service id over all futures. */
  lateBy: Map<string, number>;
}

/** The tail the advice also weighs: waits over this many minutes. */
const TAIL_MIN = 30;

/** What a change is judged on: the share over the target plus the share over 30 minutes (the tail counts twice). */
function score(o: Outcome): number {
  return o.late + o.over30;
}

function evaluate(input: StaffingAdviceInput, futures: readonly Future[], horizonEnd: number, adjust: EngineAdjustment | null): Outcome {
  const { config, services } = input;
  const stats = statsOf(services);
  const serviceIds = services.map((s) => s.id);
  const counters = engineCounters(input);
  let late = 0;
  let over30 = 0;
  let counted = 0;
  const waits: number[] = [];
  const lateBy = new Map<string, number>();
  for (const f of futures) {
    const out = simulateDay({
      serviceIds,
      stats,
      counters,
      config,
      secondarySlowdown: config.secondarySlowdown,
      walkAwayCostMs: 0,
      day: f.day,
      predict: false,
      start: f.start,
      checkpoints: adjust === null ? undefined : { at: [input.now], decide: () => [adjust] },
    });
    const judge = (i: number, serviceId: string, appointment: boolean, arrival: number): void => {
      if (arrival > horizonEnd) return;
      const raw = out.waitMs[i];
      // Never called (no open counter serves the service): not a wait this advice can judge.
      if (raw === undefined || Number.isNaN(raw)) return;
      // Not called by the horizon: waiting at least until the horizon (not a simulated 2003 minutes).
      const w = arrival + raw > horizonEnd ? Math.max(0, horizonEnd - arrival) : raw;
      counted++;
      waits.push(w / MS_PER_MIN);
      if (w > TAIL_MIN * MS_PER_MIN) over30++;
      if (w > (appointment ? config.appointmentGraceMin : config.targetWaitMin) * MS_PER_MIN) {
        late++;
        lateBy.set(serviceId, (lateBy.get(serviceId) ?? 0) + 1);
      }
    };
    for (let i = 0; i < f.day.n; i++) judge(i, serviceIds[f.day.service[i]!] ?? '', !Number.isNaN(f.day.slot[i]!), f.day.arrival[i]!);
    f.start.queue.forEach((q, j) => judge(f.day.n + j, q.ticket.serviceId, q.ticket.slotAt !== null, waitStart(q.ticket)));
  }
  waits.sort((a, b) => a - b);
  const p95 = waits.length > 0 ? (waits[Math.min(waits.length - 1, Math.floor(0.95 * waits.length))] ?? 0) : 0;
  return { late: counted > 0 ? late / counted : 0, over30: counted > 0 ? over30 / counted : 0, p95Min: p95, lateBy };
}

function candidates(input: StaffingAdviceInput, base: Outcome, horizonEnd: number): Candidate[] {
  const { now } = input;
  const out: Candidate[] = [];
  const windowsOf = (mins: readonly number[]): number[] => mins.map((m) => Math.min(horizonEnd, now + m * MS_PER_MIN)).filter((t, i, a) => t > now && a.indexOf(t) === i);
  const windows = windowsOf([60, 90, 120]);
  const skillWindows = windowsOf(input.options?.skillWindowsMin ?? [60, 90]);
  const r = input.reserve;
  if (r) {
    const skills = r.skills ?? input.services.map((s) => s.id);
    const budgetEnd = now + (r.maxMin ?? Infinity) * MS_PER_MIN;
    for (const to of [...new Set(windows.map((t) => Math.min(t, budgetEnd)))]) {
      // Its own id in the simulation: the hub's reserve is one of its closed counters, already in `counters`.
      const counter: EngineCounter = { id: `reserve:${r.counterId}`, primary: skills, secondary: [], breaks: [], opensAt: now, closesAt: to };
      out.push({ kind: 'open-counter', counterId: r.counterId, serviceIds: skills, from: now, to, adjust: { kind: 'open-counter', counter } });
    }
  }
  // Extra skills: the services with most late visitors, given to the open counters that do not serve
  // them, least busy with their own services first.
  const worst = [...base.lateBy.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 2);
  const ownLate = (c: CounterView): number => c.primary.reduce((s, id) => s + (base.lateBy.get(id) ?? 0), 0);
  const open = input.counters.filter((c) => c.status !== 'closed');
  for (const [serviceId] of worst) {
    // Move a clerk: a counter whose own services the others also serve takes on the work of a counter
    // that has the service as a primary skill (full speed, unlike an extra skill), for a while.
    const like = open.find((c) => c.primary.includes(serviceId));
    if (like) {
      const movers = open
        .filter((c) => c.id !== like.id && !c.primary.includes(serviceId) && c.primary.every((p) => open.some((o) => o.id !== c.id && (o.primary.includes(p) || o.secondary.includes(p)))))
        .sort((a, b) => ownLate(a) - ownLate(b) || (a.id < b.id ? -1 : 1))
        .slice(0, 2);
      for (const c of movers) {
        for (const to of skillWindows) {
          const window = { serviceIds: like.secondary, primary: like.primary, from: now, to };
          out.push({ kind: 'move-clerk', counterId: c.id, like: like.id, serviceIds: like.primary, from: now, to, adjust: { kind: 'add-skill', counterId: c.id, window } });
        }
      }
    }
    const helpers = input.counters
      .filter((c) => c.status !== 'closed' && skillFor(c, serviceId, 'shared-edf') === Skill.None)
      .sort((a, b) => ownLate(a) - ownLate(b) || (a.id < b.id ? -1 : 1))
      .slice(0, 3);
    for (const c of helpers) {
      for (const to of windows.slice(0, 2)) {
        out.push({ kind: 'add-skill', counterId: c.id, serviceIds: [serviceId], from: now, to, adjust: { kind: 'add-skill', counterId: c.id, window: { serviceIds: [serviceId], from: now, to } } });
      }
    }
  }
  return out;
}

function describe(c: Candidate, input: StaffingAdviceInput, effect: AdviceEffect): AdviceText {
  const labelOf = (id: string): string => input.counters.find((x) => x.id === id)?.label ?? id;
  const label = c.kind === 'open-counter' ? (input.reserve?.label ?? c.counterId) : labelOf(c.counterId);
  const names = c.serviceIds.map((id) => input.services.find((s) => s.id === id)?.name ?? { vi: id, en: id });
  const from = hhmm(c.from, input.clock);
  const to = hhmm(c.to, input.clock);
  // The share over the target; when the change shows there only past the rounding, the share over
  // 30 minutes it does cut (a manager read "90% → 90%" for a move chosen for its tail).
  const late = { target: input.config.targetWaitMin, without: pct(effect.lateWithout), with: pct(effect.lateWith) };
  const tail = { target: 30, without: pct(effect.over30Without), with: pct(effect.over30With) };
  const effectText = sharedText.both('advice.effect', late.without === late.with && tail.without !== tail.with ? tail : late);
  if (c.kind === 'open-counter') return sharedText.both('advice.openCounter', { label, from, to, effect: effectText.vi }, { effect: effectText.en });
  if (c.kind === 'move-clerk') {
    return sharedText.both(
      'advice.moveClerk',
      { label, like: labelOf(c.like ?? ''), to, fields: names.map((n) => n.vi).join(', '), effect: effectText.vi },
      { fields: names.map((n) => n.en).join(', '), effect: effectText.en },
    );
  }
  return sharedText.both(
    'advice.takeField',
    { label, to, fields: names.map((n) => n.vi).join(', '), effect: effectText.vi },
    { fields: names.map((n) => n.en).join(', '), effect: effectText.en },
  );
}

/**
 * Advice for the manager: nothing when the forecast keeps waits within the target, otherwise up to
 * `maxItems` changes that each cut the forecast late share by at least `minGain`, best first, each
 * with its simulated effect. Pure and deterministic for a given `options.seed`; never throws.
 */
export function staffingAdvice(input: StaffingAdviceInput): StaffingAdvice {
  const o = input.options ?? {};
  const samples = Math.max(1, Math.floor(o.samples ?? 16));
  const horizonMin = o.horizonMin ?? 120;
  const horizonEnd = input.now + horizonMin * MS_PER_MIN;
  const pressure = pressureOf(input);
  const futures = drawFutures(input, horizonEnd, samples, o.seed ?? 1);
  const base = evaluate(input, futures, horizonEnd, null);
  const forecast = { late: base.late, p95Min: base.p95Min, samples };
  const calm = (threshold: number): boolean => base.late <= threshold && base.over30 <= threshold / 3 && base.p95Min <= input.config.targetWaitMin;
  const lateThreshold = o.lateThreshold ?? 0.03;
  if (calm(lateThreshold)) return { forecast, pressure, items: [] };
  const cheapOnly = calm(Math.max(lateThreshold, o.reserveLateThreshold ?? 0.1));
  const scored: { c: Candidate; effect: AdviceEffect; cost: number; gain: number }[] = [];
  for (const c of candidates(cheapOnly ? { ...input, reserve: null } : input, base, horizonEnd)) {
    const r = evaluate(input, futures, horizonEnd, c.adjust);
    scored.push({ c, effect: { lateWithout: base.late, lateWith: r.late, over30Without: base.over30, over30With: r.over30, p95WithoutMin: base.p95Min, p95WithMin: r.p95Min, horizonMin }, cost: c.to - c.from, gain: score(base) - score(r) });
  }
  const minGain = o.minGain ?? 0.01;
  // Useful: cuts the share over the target and over 30 minutes enough, and never makes the share over
  // the target or the tail (p95) worse by its own forecast.
  const useful = scored.filter((s) => s.gain >= minGain && s.effect.lateWith <= s.effect.lateWithout && s.effect.p95WithMin <= s.effect.p95WithoutMin);
  // Per kind and counter, the shortest window that gets most (90%) of that change's best gain.
  const chosen: typeof useful = [];
  const groups = new Map<string, typeof useful>();
  for (const s of useful) {
    const key = `${s.c.kind}|${s.c.counterId}|${s.c.like ?? ''}|${s.c.serviceIds.join(',')}`;
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  for (const g of groups.values()) {
    const bestGain = Math.max(...g.map((s) => s.gain));
    const pick = g.filter((s) => s.gain >= 0.9 * bestGain).sort((a, b) => a.cost - b.cost)[0];
    if (pick) chosen.push(pick);
  }
  chosen.sort((a, b) => b.gain - a.gain || a.cost - b.cost || (a.c.counterId < b.c.counterId ? -1 : 1));
  // Cheaper levers first: the cheapest lever whose best item gets at least half the best gain of any
  // lever goes first (an extra skill, then moving a clerk, then a reserve counter).
  const bestGain = chosen[0]?.gain ?? 0;
  const firstKind = (Object.keys(LEVER_COST) as AdviceKind[])
    .sort((a, b) => LEVER_COST[a] - LEVER_COST[b])
    .find((k) => chosen.some((x) => x.c.kind === k && x.gain >= 0.5 * bestGain));
  if (firstKind !== undefined) chosen.sort((a, b) => (a.c.kind === b.c.kind ? 0 : a.c.kind === firstKind ? -1 : b.c.kind === firstKind ? 1 : 0));
  const items = chosen.slice(0, Math.max(0, o.maxItems ?? 2)).map(({ c, effect }) => ({
    kind: c.kind,
    counterId: c.counterId,
    ...(c.like !== undefined ? { like: c.like } : {}),
    serviceIds: c.serviceIds,
    from: c.from,
    to: c.to,
    text: describe(c, input, effect),
    effect,
  }));
  return { forecast, pressure, items };
}

/** The queue now: how many wait, how many are over their target, the longest wait, counters open and not. */
export function pressureOf(input: Pick<StaffingAdviceInput, 'now' | 'queue' | 'counters' | 'config'>): AdvicePressure {
  const { now, config } = input;
  let overTarget = 0;
  let oldest = 0;
  for (const t of input.queue) {
    const w = Math.max(0, now - waitStart(t));
    if (w > (t.slotAt !== null ? config.appointmentGraceMin : config.targetWaitMin) * MS_PER_MIN) overTarget++;
    if (w > oldest) oldest = w;
  }
  let open = 0;
  for (const c of input.counters) if (c.status === 'idle' || c.status === 'busy') open++;
  return { waiting: input.queue.length, overTarget, oldestWaitMin: Math.floor(oldest / MS_PER_MIN), openCounters: open, closedCounters: input.counters.length - open };
}
