/**
 * The city simulation (`npm run sim:city`): a city of wards generated from the ward-day scenario
 * families, each ward day run by the production dispatch engine, with a mobile support team of K
 * staff sent by the city's recommender (`recommendTeamMoves`, @motcua/shared, the same code the city
 * server uses). Every day is run three times on the same visitors and service times: without moves,
 * with the recommender's moves, and with a fixed daily rota of the same staff-hours.
 */
import { recommendTeamMoves } from '@motcua/shared';
import type { TeamMemberState, WardBalancingState } from '@motcua/shared';
import { simulateDay } from '../dispatch/engine';
import type { EngineCounter, EngineSnapshot, SimDay } from '../dispatch/engine';
import { createRandom } from '../dispatch/rng';
import { MS_PER_MIN, generateDay } from './day';
import { dayFigures, scenarioConfig, scenarioCounters, scenarioStats } from './run';
import { benchScenarioDir, loadScenario, scenarioFilesIn } from './scenario';
import type { Scenario } from './scenario';

export interface CityOptions {
  seed: number;
  wards: number;
  days: number;
  /** Team size; default 5 % of the city's counter staff (rounded, at least 1). */
  k?: number;
  /** Travel between wards and from the base, minutes (default 30). */
  travelMin?: number;
  /** No move announced after this many minutes since opening (default 240). */
  cutoffMin?: number;
  /** When the city looks at its wards and plans, minutes since opening (default 0, 120, 240). */
  planAtMin?: readonly number[];
}

export interface CityWard {
  id: string;
  family: string;
  scenario: Scenario;
  /** visitorsPerDay / the family's. */
  load: number;
}

export interface CityMember {
  id: string;
  name: string;
  fields: string[];
}

export interface City {
  wards: CityWard[];
  members: CityMember[];
  staff: number;
}

export interface CitySummary {
  seed: number;
  wards: number;
  days: number;
  staff: number;
  k: number;
  travel_min: number;
  cutoff_min: number;
  /** City-wide share of counted visitors waiting over the target (20 min), over all days. */
  late_without_moves: number;
  late_with_moves: number;
  late_fixed_rota: number;
  /** Moves announced, total over the days. */
  moves: number;
  /** Staff-hours of the moves (travel and stay), total over the days; the rota gets the same per day. */
  staff_hours_moved: number;
  /** Wards (of `wards`) over the target on their own: late share without moves above 10 %. */
  wards_over_capacity: number;
}

/** The ward-day scenario families of hub-server/bench/scenarios (the city's wards are drawn from them). */
export function loadFamilies(dir: string = benchScenarioDir()): Scenario[] {
  return scenarioFilesIn(dir).map((f) => {
    const r = loadScenario(f);
    if (!r.ok) throw r.error;
    return r.scenario;
  });
}

/** Builds the city: `n` wards from the families with loads 0.8–1.2 × the family's, and the team. */
export function buildCity(families: readonly Scenario[], opts: Pick<CityOptions, 'seed' | 'wards' | 'k'>): City {
  if (families.length === 0) throw new Error('no scenario family');
  const r = createRandom(opts.seed, 0x717, 1);
  const wards: CityWard[] = [];
  for (let i = 0; i < opts.wards; i++) {
    const fam = families[i % families.length]!;
    const load = 0.8 + 0.4 * r.next();
    const id = `P${String(i + 1).padStart(2, '0')}`;
    wards.push({ id, family: fam.name, load, scenario: { ...fam, name: `${id}-${fam.name}`, visitorsPerDay: fam.visitorsPerDay * load } });
  }
  const staff = wards.reduce((n, w) => n + w.scenario.counters.length, 0);
  const k = opts.k ?? Math.max(1, Math.round(staff * 0.05));
  // Each member knows three or four fields, the more common a field the likelier (drawn by share).
  const services = families[0]!.services;
  const members: CityMember[] = [];
  for (let i = 0; i < k; i++) {
    const want = Math.min(services.length, 3 + (r.next() < 0.5 ? 1 : 0));
    const known = new Set<string>();
    while (known.size < want) {
      const left = services.filter((x) => !known.has(x.code));
      let u = r.next() * left.reduce((a, x) => a + x.share, 0);
      const pick = left.find((x) => (u -= x.share) <= 0) ?? left[left.length - 1]!;
      known.add(pick.code);
    }
    members.push({ id: `M${String(i + 1).padStart(2, '0')}`, name: `Cán bộ ${i + 1}`, fields: [...known].sort() });
  }
  return { wards, members, staff };
}

/** The recommender's view of a ward at `nowMin`: its same-weekday forecast and the queue in the snapshot. */
export function wardBalancingState(w: CityWard, snap: EngineSnapshot | null): WardBalancingState {
  const s = w.scenario;
  const waiting: Record<string, number> = {};
  for (const t of snap?.queue ?? []) waiting[t.serviceId] = (waiting[t.serviceId] ?? 0) + 1;
  return {
    wardId: w.id,
    dayLengthMin: s.day.lastTicketMin,
    targetWaitMin: s.targetWaitMin,
    fields: s.services.map((svc) => ({ fieldCode: svc.code, meanMin: svc.meanMin, arrivalsPerHour: s.day.hourlyShare.map((h) => s.visitorsPerDay * h * svc.share) })),
    counters: s.counters.map((c) => ({ fields: [...c.primary, ...c.secondary] })),
    waiting,
  };
}

/** One member's stay at a ward, minutes since opening. */
export interface Stint {
  memberId: string;
  wardId: string;
  fields: string[];
  fromMin: number;
  toMin: number;
}

function stintCounters(stints: readonly Stint[], wardId: string): EngineCounter[] {
  return stints
    .filter((x) => x.wardId === wardId && x.toMin > x.fromMin)
    .map((x, i) => ({ id: `team-${x.memberId}-${i}`, primary: x.fields, secondary: [], breaks: [], opensAt: x.fromMin * MS_PER_MIN, closesAt: x.toMin * MS_PER_MIN }));
}

interface WardRun {
  counted: number;
  late: number;
}

function runWard(w: CityWard, day: SimDay, extra: readonly EngineCounter[], snapAtMin: number | null): WardRun & { snap: EngineSnapshot | null } {
  const s = w.scenario;
  let snap: EngineSnapshot | null = null;
  const out = simulateDay({
    serviceIds: s.services.map((x) => x.code),
    stats: scenarioStats(s),
    counters: [...scenarioCounters(s), ...extra],
    config: scenarioConfig(s, 'motcua'),
    secondarySlowdown: s.secondarySlowdown,
    walkAwayCostMs: s.walkAway.counterCostMin * MS_PER_MIN,
    day,
    predict: false,
    ...(snapAtMin !== null && snapAtMin > 0
      ? {
          checkpoints: {
            at: [snapAtMin * MS_PER_MIN],
            decide: (x: EngineSnapshot) => {
              snap = x;
              return [];
            },
          },
        }
      : {}),
  });
  const f = dayFigures(s, day, out);
  return { counted: f.counted, late: f.late, snap };
}

/** Where each member is at `nowMin`, from the stints so far. */
function memberStates(city: City, stints: readonly Stint[], nowMin: number): TeamMemberState[] {
  return city.members.map((m) => {
    const mine = stints.filter((x) => x.memberId === m.id && x.toMin > nowMin);
    const cur = mine[mine.length - 1];
    return { id: m.id, name: m.name, fields: m.fields, atWardId: cur ? cur.wardId : null, arrivesAtMin: cur ? cur.fromMin : nowMin };
  });
}

/** The day's moves: the city plans at each plan time from the forecast and the live queues. */
export function planDay(city: City, days: readonly SimDay[], opts: Required<Pick<CityOptions, 'travelMin' | 'cutoffMin' | 'planAtMin'>>): { stints: Stint[]; moves: number } {
  const stints: Stint[] = [];
  let moves = 0;
  for (const at of opts.planAtMin) {
    if (at > opts.cutoffMin) break;
    const states = city.wards.map((w, i) => {
      const snap = at > 0 ? runWard(w, days[i]!, stintCounters(stints, w.id), at).snap : null;
      return wardBalancingState(w, snap);
    });
    const rec = recommendTeamMoves({ nowMin: at, travelMin: opts.travelMin, cutoffMin: opts.cutoffMin, wards: states, members: memberStates(city, stints, at) });
    for (const mv of rec.moves) {
      // Leaving a ward ends the stay there now.
      for (const x of stints) if (x.memberId === mv.memberId && x.toMin > at) x.toMin = Math.max(x.fromMin, at);
      stints.push({ memberId: mv.memberId, wardId: mv.wardId, fields: mv.fieldCodes, fromMin: mv.fromMin, toMin: mv.toMin });
      moves++;
    }
  }
  return { stints, moves };
}

/** Staff-hours of stints: the stay plus the travel before it. */
export function stintHours(stints: readonly Stint[], travelMin: number): number {
  return stints.reduce((h, x) => h + (x.toMin - x.fromMin + travelMin) / 60, 0);
}

/**
 * A fixed daily rota of the same staff-hours: the members are spread over the wards in a fixed
 * order that turns by one team-width each day (every ward gets its turn), each staying the same
 * length from the start of the day (after travel), whatever the load.
 */
export function fixedRota(city: City, dayIndex: number, staffHours: number, travelMin: number, dayLengthMin: number): Stint[] {
  const k = city.members.length;
  const n = city.wards.length;
  if (k === 0 || staffHours <= 0) return [];
  const stayMin = Math.min(dayLengthMin - travelMin, (staffHours * 60) / k - travelMin);
  if (stayMin <= 0) return [];
  return city.members.flatMap((m, i) => {
    const w = city.wards[(i + dayIndex * k) % n]!;
    const fields = m.fields.filter((f) => w.scenario.services.some((s) => s.code === f));
    return fields.length === 0 ? [] : [{ memberId: m.id, wardId: w.id, fields, fromMin: travelMin, toMin: travelMin + stayMin }];
  });
}

export function runCity(families: readonly Scenario[], opts: CityOptions): CitySummary {
  const city = buildCity(families, opts);
  const travelMin = opts.travelMin ?? 30;
  const cutoffMin = opts.cutoffMin ?? 240;
  const planAtMin = opts.planAtMin ?? [0, 120, 240];
  const dayLengthMin = Math.min(...city.wards.map((w) => w.scenario.day.lastTicketMin));
  const tot = { without: { counted: 0, late: 0 }, with: { counted: 0, late: 0 }, rota: { counted: 0, late: 0 } };
  let moves = 0;
  let hours = 0;
  const lateShare = city.wards.map(() => ({ counted: 0, late: 0 }));
  const add = (acc: { counted: number; late: number }, r: WardRun): void => {
    acc.counted += r.counted;
    acc.late += r.late;
  };
  for (let d = 0; d < opts.days; d++) {
    // Each ward has its own stream of days (ward i, day d), so adding a ward does not change the others.
    const days = city.wards.map((w, i) => generateDay(w.scenario, opts.seed * 1000 + i, d));
    const plan = planDay(city, days, { travelMin, cutoffMin, planAtMin });
    const h = stintHours(plan.stints, travelMin);
    const rota = fixedRota(city, d, h, travelMin, dayLengthMin);
    moves += plan.moves;
    hours += h;
    city.wards.forEach((w, i) => {
      const without = runWard(w, days[i]!, [], null);
      add(tot.without, without);
      add(lateShare[i]!, without);
      add(tot.with, runWard(w, days[i]!, stintCounters(plan.stints, w.id), null));
      add(tot.rota, runWard(w, days[i]!, stintCounters(rota, w.id), null));
    });
  }
  const share = (a: { counted: number; late: number }): number => (a.counted > 0 ? a.late / a.counted : 0);
  return {
    seed: opts.seed,
    wards: city.wards.length,
    days: opts.days,
    staff: city.staff,
    k: city.members.length,
    travel_min: travelMin,
    cutoff_min: cutoffMin,
    late_without_moves: share(tot.without),
    late_with_moves: share(tot.with),
    late_fixed_rota: share(tot.rota),
    moves,
    staff_hours_moved: hours,
    wards_over_capacity: lateShare.filter((x) => share(x) > 0.1).length,
  };
}
