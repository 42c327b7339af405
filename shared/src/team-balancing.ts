/**
 * Mobile support teams (đội hỗ trợ lưu động): which team member to send to which ward, for which
 * fields and hours, from each ward's same-weekday forecast and its live state. Pure domain code, used
 * by the city server (`city-server/src/teams/`) and by the city simulation (`npm run sim:city`).
 *
 * Each ward is modelled for the rest of its day in 5-minute steps as one pool of counters with a
 * backlog of work per field (a fluid model: arrivals add their expected service minutes, counters
 * drain them). A visitor arriving in a step is late with probability 1 when the backlog already means
 * a wait over the target, else with the M/M/c (Erlang C) probability of waiting longer than what is
 * left of the target at that step's load. A team member adds a counter that only drains the fields
 * they know, from their arrival (now + travel unless already there) to the end of the ward's day.
 *
 * The recommender is greedy: it repeatedly takes the (member, ward) pair that removes most expected
 * late visitors, given the moves already chosen, until no pair removes at least `minGain`. A member
 * goes to one ward at a time; moving a member who is already at a ward means leaving it now and
 * travelling. No move is announced after the day's cutoff.
 */

/** Same-weekday forecast of one field at a ward. */
export interface FieldForecast {
  fieldCode: string;
  /** Expected service time at a counter, minutes. */
  meanMin: number;
  /** Expected arrivals per hour of the ward's day (index 0 = the first hour after opening). */
  arrivalsPerHour: readonly number[];
}

export interface WardBalancingState {
  wardId: string;
  /** Minutes from opening to the last ticket. */
  dayLengthMin: number;
  targetWaitMin: number;
  fields: readonly FieldForecast[];
  /** The ward's own counters open today, by the fields each serves. */
  counters: readonly { fields: readonly string[] }[];
  /** Minutes after which the hub passes nobody over (dispatch's age cap; default 90). */
  ageCapMin?: number;
  /** Live: visitors waiting now, per field code. */
  waiting: Readonly<Record<string, number>>;
}

export interface TeamMemberState {
  id: string;
  name: string;
  /** Field codes the member can serve. */
  fields: readonly string[];
  /** Ward the member is at (or travelling to) now, or null at the team's base. */
  atWardId: string | null;
  /** Minutes since opening from which the member is at `atWardId` (used when they stay). */
  arrivesAtMin: number;
}

export interface BalancingInput {
  /** Minutes since the wards' opening (all wards of a city open together). */
  nowMin: number;
  /** Travel time between wards (and from the base), minutes. */
  travelMin: number;
  /** No move is announced after this many minutes since opening. */
  cutoffMin: number;
  wards: readonly WardBalancingState[];
  members: readonly TeamMemberState[];
  /** Smallest expected number of late visitors a move must avoid (default 1). */
  minGain?: number;
}

export interface WardEffect {
  wardId: string;
  /** Expected share of the rest of the day's visitors waiting over the target, without and with the moves. */
  lateWithout: number;
  lateWith: number;
  /** Expected visitors for the rest of the day. */
  visitors: number;
}

export interface TeamMove {
  memberId: string;
  memberName: string;
  /** Ward the member leaves now (null: from the base or a member not placed yet). */
  fromWardId: string | null;
  wardId: string;
  /** The fields the member serves there (those they know that the ward has). */
  fieldCodes: string[];
  /** Minutes since opening: arrival (after travel) and end of the stay. */
  fromMin: number;
  toMin: number;
  /** Expected late visitors avoided. */
  gain: number;
}

export interface BalancingResult {
  moves: TeamMove[];
  /** Per ward (input order), the simulated effect of all the moves. */
  wards: WardEffect[];
}

const STEP_MIN = 5;
const DEFAULT_AGE_CAP_MIN = 90;
/** Share of a counter's time spent serving (breaks, walk-aways). */
const COUNTER_EFFICIENCY = 0.93;

/** Probability that an arrival waits at all in M/M/c with offered load `a` erlangs (a < c). */
export function erlangC(c: number, a: number): number {
  if (c <= 0) return 1;
  if (a <= 0) return 0;
  if (a >= c) return 1;
  // Erlang B by recursion, then C from B.
  let b = 1;
  for (let k = 1; k <= c; k++) b = (a * b) / (k + a * b);
  const rho = a / c;
  return b / (1 - rho + rho * b);
}

/** A member (or a ward's own counter) as extra capacity in the model. */
interface Helper {
  fields: ReadonlySet<string>;
  fromMin: number;
  toMin: number;
}

interface WardModel {
  state: WardBalancingState;
  fieldIndex: Map<string, number>;
  /** Per field: mean service minutes. */
  meanMin: Float64Array;
  /** arrivals[step][field] for the rest of the day. */
  arrivals: Float64Array[];
  steps: number;
  startStep: number;
}

function buildModel(w: WardBalancingState, nowMin: number): WardModel {
  const fieldIndex = new Map<string, number>();
  w.fields.forEach((f, i) => fieldIndex.set(f.fieldCode, i));
  const meanMin = Float64Array.from(w.fields.map((f) => f.meanMin));
  const totalSteps = Math.ceil(w.dayLengthMin / STEP_MIN);
  const startStep = Math.min(totalSteps, Math.max(0, Math.floor(nowMin / STEP_MIN)));
  const arrivals: Float64Array[] = [];
  for (let s = startStep; s < totalSteps; s++) {
    const hour = Math.floor((s * STEP_MIN) / 60);
    const row = new Float64Array(w.fields.length);
    w.fields.forEach((f, i) => {
      row[i] = ((f.arrivalsPerHour[hour] ?? 0) * STEP_MIN) / 60;
    });
    arrivals.push(row);
  }
  return { state: w, fieldIndex, meanMin, arrivals, steps: arrivals.length, startStep };
}

/**
 * Expected late visitors and visitors for the rest of the ward's day with these helpers, and the
 * expected late visitors per step (for trimming a stay to the hours where it helps).
 *
 * The hub's dispatch serves the visitors who can still be on time first, so an overload does not
 * make everybody late: the work that cannot start within the target (the backlog beyond what the
 * counters able to serve a field clear in `targetWaitMin`) overflows into a late backlog, counted
 * once as late visitors, and is served when the counters have time. Visitors who are not pushed over
 * get the M/M/c probability of waiting longer than what is left of the target.
 */
function simulateWard(m: WardModel, helpers: readonly Helper[]): { late: number; visitors: number; lateByStep: Float64Array } {
  const w = m.state;
  const nf = w.fields.length;
  const target = w.targetWaitMin;
  const fresh = new Float64Array(nf);
  /** Overdue work in arrival order: [step it overflowed, field, minutes of work]. */
  const overdue: { k: number; i: number; work: number }[] = [];
  const ageCapSteps = Math.ceil(((w.ageCapMin ?? DEFAULT_AGE_CAP_MIN) - target) / STEP_MIN);
  for (const [code, n] of Object.entries(w.waiting)) {
    const i = m.fieldIndex.get(code);
    if (i !== undefined && n > 0) fresh[i] = fresh[i]! + n * m.meanMin[i]!;
  }
  const own = w.counters.map((c) => new Set(c.fields));
  const lateByStep = new Float64Array(m.steps);
  let late = 0;
  let visitors = 0;
  const perServer = STEP_MIN * COUNTER_EFFICIENCY;
  const servedBy = new Float64Array(nf);
  for (let k = 0; k < m.steps; k++) {
    const t = (m.startStep + k) * STEP_MIN;
    const servers: ReadonlySet<string>[] = [...own];
    for (const h of helpers) if (h.fromMin <= t && t < h.toMin) servers.push(h.fields);
    const row = m.arrivals[k]!;
    let work = 0;
    let n = 0;
    let totalFresh = 0;
    for (let i = 0; i < nf; i++) {
      work += row[i]! * m.meanMin[i]!;
      n += row[i]!;
      fresh[i] = fresh[i]! + row[i]! * m.meanMin[i]!;
      totalFresh += fresh[i]!;
    }
    // Only the servers able to take some of the work in hand count for the ward's room and its
    // random waits: a helper for fields nobody is asking for shortens no queue.
    let c = 0;
    for (const s of servers) if (w.fields.some((f, i) => fresh[i]! > 1e-9 && s.has(f.fieldCode))) c++;
    // Overflow: per field (the counters able to serve it), then over the whole ward.
    let lateNow = 0;
    servedBy.fill(0);
    for (const s of servers) for (let i = 0; i < nf; i++) if (s.has(w.fields[i]!.fieldCode)) servedBy[i] = servedBy[i]! + 1;
    for (let i = 0; i < nf; i++) {
      const room = servedBy[i]! * COUNTER_EFFICIENCY * target;
      const over = fresh[i]! - room;
      if (over > 0) {
        fresh[i] = room;
        overdue.push({ k, i, work: over });
        totalFresh -= over;
        lateNow += over / m.meanMin[i]!;
      }
    }
    const wardRoom = c * COUNTER_EFFICIENCY * target;
    if (totalFresh > wardRoom && totalFresh > 0) {
      const cut = (totalFresh - wardRoom) / totalFresh;
      for (let i = 0; i < nf; i++) {
        const over = fresh[i]! * cut;
        fresh[i] = fresh[i]! - over;
        if (over > 0) overdue.push({ k, i, work: over });
        lateNow += over / m.meanMin[i]!;
      }
      totalFresh = wardRoom;
    }
    // Random waits of those still on time: Erlang C at this step's load with the target left.
    // A short overload shows in the fluid backlog; the random part is taken at a load below saturation.
    const a = Math.min(work / STEP_MIN / COUNTER_EFFICIENCY, 0.95 * c);
    const mean = n > 0 ? work / n : 1;
    const queueWait = c > 0 ? Math.max(0, totalFresh - work) / (c * COUNTER_EFFICIENCY) : target;
    const left = Math.max(0, target - queueWait);
    const pLate = c === 0 ? 1 : erlangC(c, a) * Math.exp((-(c - a) * left) / mean);
    lateNow = Math.min(n, lateNow + Math.max(0, n - lateNow) * pLate);
    lateByStep[k] = lateNow;
    late += lateNow;
    visitors += n;
    // Each server drains STEP_MIN × efficiency: overdue work past the age cap first (the hub then
    // passes nobody over), then the on-time work of its fields (longest first), then other overdue work.
    for (const s of servers) {
      let cap = perServer;
      const takeOverdue = (aged: boolean): void => {
        for (const o of overdue) {
          if (cap <= 1e-9) return;
          if (aged && k - o.k < ageCapSteps) return;
          if (o.work <= 1e-9 || !s.has(w.fields[o.i]!.fieldCode)) continue;
          const take = Math.min(cap, o.work);
          o.work -= take;
          cap -= take;
        }
      };
      takeOverdue(true);
      while (cap > 1e-9) {
        let best = -1;
        for (let i = 0; i < nf; i++) if (fresh[i]! > 1e-9 && s.has(w.fields[i]!.fieldCode) && (best < 0 || fresh[i]! > fresh[best]!)) best = i;
        if (best < 0) break;
        const take = Math.min(cap, fresh[best]!);
        fresh[best] = fresh[best]! - take;
        cap -= take;
      }
      takeOverdue(false);
    }
    while (overdue.length > 0 && overdue[0]!.work <= 1e-9) overdue.shift();
  }
  return { late, visitors, lateByStep };
}

/** Recommends moves of team members between wards; see the module comment. */
export function recommendTeamMoves(input: BalancingInput): BalancingResult {
  const minGain = input.minGain ?? 1;
  const models = input.wards.map((w) => buildModel(w, input.nowMin));
  const byId = new Map(models.map((m) => [m.state.wardId, m]));
  /** Helpers placed per ward: members who stay where they are start here, moved ones are added. */
  const placed = new Map<string, Map<string, Helper>>();
  for (const m of models) placed.set(m.state.wardId, new Map());
  for (const mem of input.members) {
    if (mem.atWardId === null) continue;
    const ward = placed.get(mem.atWardId);
    const model = byId.get(mem.atWardId);
    if (ward && model) ward.set(mem.id, { fields: new Set(mem.fields), fromMin: mem.arrivesAtMin, toMin: model.state.dayLengthMin });
  }
  const base = new Map(models.map((m) => [m.state.wardId, simulateWard(m, [...placed.get(m.state.wardId)!.values()])]));
  const lateNow = new Map([...base].map(([k, v]) => [k, v.late]));
  const moves: TeamMove[] = [];
  const moved = new Set<string>();
  if (input.nowMin <= input.cutoffMin) {
    for (;;) {
      let best: (TeamMove & { lateFrom: number; lateTo: number }) | null = null;
      for (const mem of input.members) {
        if (moved.has(mem.id)) continue;
        const known = new Set(mem.fields);
        // Leaving the current ward costs what the member avoids there.
        let lossFrom = 0;
        let lateFromAfter = 0;
        if (mem.atWardId !== null) {
          const fromModel = byId.get(mem.atWardId);
          if (fromModel) {
            const rest = [...placed.get(mem.atWardId)!.entries()].filter(([id]) => id !== mem.id).map(([, h]) => h);
            lateFromAfter = simulateWard(fromModel, rest).late;
            lossFrom = lateFromAfter - lateNow.get(mem.atWardId)!;
          }
        }
        for (const model of models) {
          const wid = model.state.wardId;
          if (wid === mem.atWardId) continue;
          const fieldCodes = model.state.fields.map((f) => f.fieldCode).filter((c) => known.has(c));
          if (fieldCodes.length === 0) continue;
          const fromMin = input.nowMin + input.travelMin;
          if (fromMin >= model.state.dayLengthMin) continue;
          const helper: Helper = { fields: new Set(fieldCodes), fromMin, toMin: model.state.dayLengthMin };
          const others = [...placed.get(wid)!.values()];
          const after = simulateWard(model, [...others, helper]);
          const gain = lateNow.get(wid)! - after.late - lossFrom;
          if (gain < minGain || (best !== null && gain <= best.gain)) continue;
          // The stay ends after the last step where the ward still has late visitors to avoid.
          const before = simulateWard(model, others).lateByStep;
          let lastUseful = -1;
          for (let k = 0; k < before.length; k++) if (before[k]! - after.lateByStep[k]! > 0.02) lastUseful = k;
          const toMin = Math.min(model.state.dayLengthMin, Math.max(fromMin + 60, (model.startStep + lastUseful + 1) * STEP_MIN));
          best = { memberId: mem.id, memberName: mem.name, fromWardId: mem.atWardId, wardId: wid, fieldCodes, fromMin, toMin, gain, lateFrom: lateFromAfter, lateTo: after.late };
        }
      }
      if (best === null) break;
      const { lateFrom, lateTo, ...move } = best;
      moves.push(move);
      moved.add(move.memberId);
      if (move.fromWardId !== null) {
        placed.get(move.fromWardId)!.delete(move.memberId);
        lateNow.set(move.fromWardId, lateFrom);
      }
      placed.get(move.wardId)!.set(move.memberId, { fields: new Set(move.fieldCodes), fromMin: move.fromMin, toMin: move.toMin });
      // The stay may have been trimmed to the useful hours: the ward's figure is that of the trimmed stay.
      lateNow.set(move.wardId, move.toMin < byId.get(move.wardId)!.state.dayLengthMin ? simulateWard(byId.get(move.wardId)!, [...placed.get(move.wardId)!.values()]).late : lateTo);
    }
  }
  const wards = models.map((m) => {
    const b = base.get(m.state.wardId)!;
    const share = (x: number): number => (b.visitors > 0 ? x / b.visitors : 0);
    const withMoves = moves.some((x) => x.wardId === m.state.wardId || x.fromWardId === m.state.wardId)
      ? simulateWard(m, [...placed.get(m.state.wardId)!.values()]).late
      : b.late;
    return { wardId: m.state.wardId, lateWithout: share(b.late), lateWith: share(withMoves), visitors: b.visitors };
  });
  return { moves, wards };
}
