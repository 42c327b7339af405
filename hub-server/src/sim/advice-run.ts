/**
 * Measures the staffing advice: every day is run twice with motcua, once as is and once following
 * the advice (every `everyMin` the simulated manager asks `staffingAdvice` with what the hub would
 * know, and applies the best item: a reserve clerk opens a counter, or a counter takes an extra
 * skill for a while). Both runs see the same visitors and service times.
 */
import { staffingAdvice } from '../dispatch/advice';
import type { AdviceService, StaffingAdviceItem, StaffingAdviceOptions } from '../dispatch/advice';
import type { DispatchConfig } from '../dispatch/types';
import { MS_PER_MIN, demandOf, generateDay } from './day';
import { simulateDay } from '../dispatch/engine';
import type { EngineAdjustment, EngineSnapshot } from '../dispatch/engine';
import { Accumulator, dayFigures, scenarioConfig, scenarioCounters, scenarioStats } from './run';
import type { PolicySummary } from './run';
import type { Scenario } from './scenario';

export interface AdviceRunOptions {
  days: number;
  seed: number;
  /** Minutes between the manager's looks at the advice (default 15). */
  everyMin?: number;
  /** Simulated futures per candidate inside the advice (default 8). */
  samples?: number;
  config?: DispatchConfig;
  /** Local time of the day's start, minutes after midnight, for the advice's text (default 450 = 07:30). */
  dayStartLocalMin?: number;
  /** Reserve clerk-hours per day the advice may use (`--advice-budget H`; default: no limit). */
  budgetHours?: number;
  /** Items the manager applies per look, best first, at most one change per counter (default 2). */
  itemsPerLook?: number;
  /** The advice's trigger: forecast share over the target above this (default: staffingAdvice's). */
  lateThreshold?: number;
  /** Other options of the advice (windows, gain), for experiments. */
  advice?: Pick<StaffingAdviceOptions, 'minGain' | 'skillWindowsMin' | 'reserveLateThreshold'>;
}

export interface AdviceRunSummary {
  without: PolicySummary;
  with: PolicySummary;
  /** Mean per day. */
  reserveClerkHours: number;
  extraSkillHours: number;
  /** Temporary extra skills applied (cross-training a counter for a while). */
  skillChanges: number;
  /** Clerks moved to another counter's work for a while, and the hours of those moves. */
  clerkMoves: number;
  clerkMoveHours: number;
  itemsApplied: number;
  /** A few advice texts given, for the reader. */
  examples: string[];
}

/** The forecast the hub would have: the scenario's expected walk-ins per hour and service. */
export function scenarioForecast(s: Scenario): AdviceService[] {
  const d = demandOf(s);
  return s.services.map((svc) => ({
    id: svc.code,
    name: { vi: svc.name, en: svc.name },
    meanMin: svc.meanMin,
    cv: svc.cv,
    walkInsPerHour: d.walkInsPerHour.map((r) => r * svc.share),
  }));
}

export function runWithAdvice(s: Scenario, opts: AdviceRunOptions): AdviceRunSummary {
  const config = scenarioConfig(s, 'motcua', opts.config);
  const stats = scenarioStats(s);
  const counters = scenarioCounters(s);
  const serviceIds = s.services.map((x) => x.code);
  const services = scenarioForecast(s);
  const every = (opts.everyMin ?? 15) * MS_PER_MIN;
  const lastTicketAt = s.day.lastTicketMin * MS_PER_MIN;
  const checkpointTimes: number[] = [];
  for (let t = 0; t < lastTicketAt; t += every) checkpointTimes.push(t);
  const accWithout = new Accumulator();
  const accWith = new Accumulator();
  let reserveMs = 0;
  let skillMs = 0;
  let applied = 0;
  let skillChanges = 0;
  let moves = 0;
  let moveMs = 0;
  const budgetMs = (opts.budgetHours ?? Infinity) * 60 * MS_PER_MIN;
  const examples: string[] = [];
  for (let d = 0; d < opts.days; d++) {
    const day = generateDay(s, opts.seed, d);
    const base = { serviceIds, stats, counters, config, secondarySlowdown: s.secondarySlowdown, walkAwayCostMs: s.walkAway.counterCostMin * MS_PER_MIN, day, predict: false };
    accWithout.add(dayFigures(s, day, simulateDay(base)));
    let reserveUntil = -Infinity;
    let reserveToday = 0;
    const skillUntil = new Map<string, number>();
    // A counter whose clerk has moved to other work is not changed again until the move ends.
    const movedUntil = new Map<string, number>();
    const decide = (snap: EngineSnapshot): EngineAdjustment[] => {
      const appointments: { serviceId: string; slotAt: number }[] = [];
      for (let i = 0; i < day.n; i++) {
        if (day.arrival[i]! > snap.now && !Number.isNaN(day.slot[i]!)) appointments.push({ serviceId: serviceIds[day.service[i]!]!, slotAt: day.slot[i]! });
      }
      const advice = staffingAdvice({
        now: snap.now,
        clock: { dayStart: 0, dayStartLocalMin: opts.dayStartLocalMin ?? 450 },
        lastTicketAt,
        services,
        appointments,
        counters: snap.counters.map((c) => ({ ...c, label: c.id.replace(/^Q/, '') })),
        queue: snap.queue,
        config,
        // A reserve clerk only while the day's budget lasts (at least half an hour of it).
        reserve: snap.now >= reserveUntil && budgetMs - reserveToday >= 30 * MS_PER_MIN ? { counterId: 'R', label: 'R' } : null,
        options: {
          samples: opts.samples ?? 8,
          seed: (opts.seed * 1000003 + d * 1009 + Math.floor(snap.now / MS_PER_MIN)) | 0,
          maxItems: 3,
          ...(opts.lateThreshold !== undefined ? { lateThreshold: opts.lateThreshold } : {}),
          ...opts.advice,
        },
      });
      const touched = new Set<string>();
      const applicable = (it: StaffingAdviceItem): boolean => {
        if (touched.has(it.counterId) || (it.like !== undefined && touched.has(it.like))) return false;
        if (it.kind === 'open-counter') return snap.now >= reserveUntil;
        if (snap.now < (movedUntil.get(it.counterId) ?? -Infinity)) return false;
        if (it.kind === 'move-clerk') return [...skillUntil.entries()].every(([k, until]) => !k.startsWith(`${it.counterId}|`) || snap.now >= until);
        return snap.now >= (skillUntil.get(`${it.counterId}|${it.serviceIds.join(',')}`) ?? -Infinity);
      };
      const adjustments: EngineAdjustment[] = [];
      for (const item of advice.items) {
        if (adjustments.length >= (opts.itemsPerLook ?? 2)) break;
        if (!applicable(item)) continue;
        const adj = apply(item, snap);
        if (adj === null) continue;
        touched.add(item.counterId);
        if (item.like !== undefined) touched.add(item.like);
        adjustments.push(adj);
      }
      return adjustments;
    };
    const apply = (item: StaffingAdviceItem, snap: EngineSnapshot): EngineAdjustment | null => {
      applied++;
      if (examples.length < 3) examples.push(`day ${d} ${item.text.vi} / ${item.text.en}`);
      if (item.kind === 'open-counter') {
        const to = Math.min(item.to, item.from + (budgetMs - reserveToday));
        reserveUntil = to;
        reserveMs += to - item.from;
        reserveToday += to - item.from;
        return { kind: 'open-counter', counter: { id: `${item.counterId}${applied}`, primary: item.serviceIds, secondary: [], breaks: [], opensAt: snap.now, closesAt: to } };
      }
      if (item.kind === 'move-clerk') {
        const like = snap.counters.find((c) => c.id === item.like);
        if (like === undefined) return null;
        movedUntil.set(item.counterId, item.to);
        moves++;
        moveMs += item.to - item.from;
        return { kind: 'add-skill', counterId: item.counterId, window: { serviceIds: like.secondary, primary: like.primary, from: item.from, to: item.to } };
      }
      skillUntil.set(`${item.counterId}|${item.serviceIds.join(',')}`, item.to);
      skillMs += item.to - item.from;
      skillChanges++;
      return { kind: 'add-skill', counterId: item.counterId, window: { serviceIds: item.serviceIds, from: item.from, to: item.to } };
    };
    const out = simulateDay({ ...base, checkpoints: { at: checkpointTimes, decide } });
    accWith.add(dayFigures(s, day, out));
  }
  const days = Math.max(1, opts.days);
  return {
    without: accWithout.summary(s.name, 'motcua', serviceIds),
    with: accWith.summary(s.name, 'motcua', serviceIds),
    reserveClerkHours: reserveMs / days / (60 * MS_PER_MIN),
    extraSkillHours: skillMs / days / (60 * MS_PER_MIN),
    skillChanges: skillChanges / days,
    clerkMoves: moves / days,
    clerkMoveHours: moveMs / days / (60 * MS_PER_MIN),
    itemsApplied: applied / days,
    examples,
  };
}
