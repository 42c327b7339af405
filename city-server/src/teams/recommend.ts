/**
 * Where to send which mobile-team member now: each ward's `WardBalancingState` built from what the
 * dashboard already knows, and `recommendTeamMoves` (shared/src/team-balancing.ts) run on it.
 *
 * - Live state: the overview's `wards()` (live.ts), the one query of all wards: open counters,
 *   people waiting. The per-field detail the overview does not carry is read for those wards only
 *   (`profile`): who waits now per field, and the same-weekday history of the last four weeks (the
 *   basis of the dashboard's forecast) per field and hour, with the measured service time.
 * - Opening hours and fields: the ward's catalogue (`SyncCatalog.booking.openingHours`). A ward
 *   without hours for today, or closed today, is left out and listed with the reason.
 * - Counters: the city knows how many counters are open, not which fields each serves; the model
 *   pools them (every open counter serves every field of the ward). Before any counter opens, the
 *   counters the catalogue says serve the ward's services stand in.
 * - Members: the roster's active members; one with an assignment of today that is sent, delivered
 *   or accepted and not over is at that ward (from its start); the others are at the base.
 *
 * The figures are the recommender's: a fluid queue model with Erlang C waits on the forecast, not
 * a measurement. Shown as "ước tính mô hình" (model estimate): good for ranking moves against each
 * other, not a promise of a ward's late share.
 */
import type { Pool } from 'pg';
import { addDays, businessDay, localMidnight, recommendTeamMoves, sessionsOf, SyncCatalog, weekdayIndex, type BalancingInput, type Clock, type FieldForecast, type TeamMemberState, type WardBalancingState } from '@motcua/shared';
import type { LiveQueries, WardSummary } from '../live';
import type { TeamAssignmentRecord, TeamMember, TeamService } from './teams';
import { ACTIVE_STATUSES } from './teams';

export interface RecommendedMove {
  memberId: number;
  memberName: string;
  /** The ward the member leaves now (null: from the base), and the assignment there this move replaces. */
  fromHubId: string | null;
  fromHubName: string | null;
  replaces: string | null;
  hubId: string;
  hubName: { vi: string; en: string };
  fieldCodes: string[];
  day: string;
  /** Local HH:MM of the ward's day. */
  from: string;
  to: string;
  /** Expected late visitors avoided (model). */
  gain: number;
  /** The destination ward's modelled late share for the rest of the day, without and with all the moves. */
  lateWithout: number;
  lateWith: number;
}

export interface ModelledWard {
  hubId: string;
  name: { vi: string; en: string };
  lateWithout: number;
  lateWith: number;
  /** Expected visitors for the rest of the day. */
  visitors: number;
  /** Same weekdays of history behind the forecast (0: none, the ward is modelled on its queue now only). */
  basisDays: number;
}

export type LeftOutReason = 'no_hours' | 'closed_today' | 'day_over';

export interface MemberState {
  member: TeamMember;
  /** Today's assignment that places the member now (null: at the base, free). */
  at: TeamAssignmentRecord | null;
}

export interface Recommendation {
  day: string;
  generatedAt: number;
  travelMin: number;
  moves: RecommendedMove[];
  wards: ModelledWard[];
  leftOut: { hubId: string; name: { vi: string; en: string }; reason: LeftOutReason }[];
  members: MemberState[];
}

interface FieldProfile {
  waiting: number;
  /** Mean arrivals per local hour (index = hour of the day, 0–23) on the basis days. */
  perHour: number[];
  serviceMs: number;
  serviceN: number;
}

const pad = (n: number): string => String(n).padStart(2, '0');
const hhmm = (min: number): string => `${pad(Math.floor(min / 60))}:${pad(Math.round(min) % 60)}`;
/** Service minutes when a field has no measured service yet (fewer than 5 served on the basis days). */
const FALLBACK_SERVICE_MIN = 10;

export class TeamRecommender {
  constructor(
    private readonly pool: Pool,
    private readonly live: LiveQueries,
    private readonly teams: TeamService,
    private readonly clock: Clock,
    private readonly o: { timeZone: string; targetWaitMin: number; travelMin: number },
  ) {}

  /** Per ward and field: waiting now, same-weekday arrivals per hour, measured service time. */
  private async profile(hubIds: string[], day: string): Promise<{ fields: Map<string, Map<string, FieldProfile>>; basis: Map<string, number> }> {
    const days = [1, 2, 3, 4].map((k) => addDays(day, -7 * k));
    const r = await this.pool.query<{ hub_id: string; field_code: string; h: number | null; n: string; svc_ms: string | null; svc_n: string }>(
      `SELECT hub_id, field_code, NULL::int AS h, count(*) AS n, NULL AS svc_ms, 0 AS svc_n
         FROM city_tickets WHERE hub_id = ANY($1) AND day = $2 AND state = 'waiting' GROUP BY hub_id, field_code
       UNION ALL
       SELECT hub_id, field_code, extract(hour FROM to_timestamp(queued_at / 1000.0) AT TIME ZONE $4)::int AS h, count(*) AS n,
              sum(finished_at - first_called_at) FILTER (WHERE state = 'done' AND first_called_at IS NOT NULL AND finished_at > first_called_at) AS svc_ms,
              count(*) FILTER (WHERE state = 'done' AND first_called_at IS NOT NULL AND finished_at > first_called_at) AS svc_n
         FROM city_tickets WHERE hub_id = ANY($1) AND day = ANY($3) AND queued_at IS NOT NULL GROUP BY 1, 2, 3`,
      [hubIds, day, days, this.o.timeZone],
    );
    const basisRows = await this.pool.query<{ hub_id: string; n: string }>('SELECT hub_id, count(DISTINCT day) AS n FROM city_daily WHERE hub_id = ANY($1) AND day = ANY($2) AND issued > 0 GROUP BY hub_id', [hubIds, days]);
    const basis = new Map(basisRows.rows.map((x) => [x.hub_id, Number(x.n)]));
    const fields = new Map<string, Map<string, FieldProfile>>();
    for (const row of r.rows) {
      let ward = fields.get(row.hub_id);
      if (!ward) fields.set(row.hub_id, (ward = new Map<string, FieldProfile>()));
      let f = ward.get(row.field_code);
      if (!f) ward.set(row.field_code, (f = { waiting: 0, perHour: new Array<number>(24).fill(0), serviceMs: 0, serviceN: 0 }));
      if (row.h === null) f.waiting += Number(row.n);
      else {
        const nDays = basis.get(row.hub_id) ?? 0;
        if (nDays > 0 && row.h >= 0 && row.h < 24) f.perHour[row.h] = (f.perHour[row.h] ?? 0) + Number(row.n) / nDays;
        f.serviceMs += Number(row.svc_ms ?? 0);
        f.serviceN += Number(row.svc_n);
      }
    }
    return { fields, basis };
  }

  private cache: { at: number; value: Promise<Recommendation> } | null = null;

  /** The recommendation, computed at most once per `maxAgeMs` (the live page asks on every nudge). */
  current(maxAgeMs = 15_000): Promise<Recommendation> {
    const now = this.clock.now();
    if (this.cache && now - this.cache.at < maxAgeMs) return this.cache.value;
    const value = this.recommend();
    this.cache = { at: now, value };
    value.catch(() => {
      if (this.cache?.value === value) this.cache = null;
    });
    return value;
  }

  /** Forgets the cached recommendation (after an assignment or a withdrawal). */
  invalidate(): void {
    this.cache = null;
  }

  async recommend(): Promise<Recommendation> {
    const now = this.clock.now();
    const day = businessDay(now, this.o.timeZone);
    const midnight = localMidnight(now, this.o.timeZone);
    const nowOfDay = (now - midnight) / 60_000;
    const wards = await this.live.wards();
    const ids = wards.map((w) => w.hubId);
    const catalogs = await this.pool.query<{ hub_id: string; catalog: unknown }>('SELECT hub_id, catalog FROM city_hubs WHERE hub_id = ANY($1)', [ids]);
    const catalogOf = new Map(catalogs.rows.map((c) => [c.hub_id, SyncCatalog.safeParse(c.catalog)]));
    const leftOut: Recommendation['leftOut'] = [];
    const hours = new Map<string, { open: number; close: number; catalog: SyncCatalog }>();
    for (const w of wards) {
      const c = catalogOf.get(w.hubId);
      const setup = c?.success ? c.data.booking : undefined;
      if (!c?.success || !setup) {
        leftOut.push({ hubId: w.hubId, name: w.name, reason: 'no_hours' });
        continue;
      }
      const hoursToday = setup.openingHours[weekdayIndex(day)];
      const sessions = hoursToday ? sessionsOf(hoursToday) : [];
      const first = sessions[0];
      const last = sessions[sessions.length - 1];
      if (!first || !last) leftOut.push({ hubId: w.hubId, name: w.name, reason: 'closed_today' });
      else if (last.close <= nowOfDay) leftOut.push({ hubId: w.hubId, name: w.name, reason: 'day_over' });
      else hours.set(w.hubId, { open: first.open, close: last.close, catalog: c.data });
    }
    const modelled = wards.filter((w) => hours.has(w.hubId));
    const members = (await this.teams.members()).filter((m) => m.active);
    const today = await this.teams.assignments({ from: day, to: day });
    const current = new Map<number, TeamAssignmentRecord>();
    for (const a of today) {
      if (!ACTIVE_STATUSES.includes(a.status) || Number(a.to.slice(0, 2)) * 60 + Number(a.to.slice(3)) <= nowOfDay) continue;
      const had = current.get(a.memberId);
      if (!had || a.from < had.from) current.set(a.memberId, a);
    }
    const memberStates: MemberState[] = members.map((m) => ({ member: m, at: current.get(m.memberId) ?? null }));
    const base: Recommendation = { day, generatedAt: now, travelMin: this.o.travelMin, moves: [], wards: [], leftOut, members: memberStates };
    if (modelled.length === 0) return base;

    const { fields, basis } = await this.profile(
      modelled.map((w) => w.hubId),
      day,
    );
    // The model's clock: minutes since the earliest opening among the wards (they open together in the model).
    const open0 = Math.min(...[...hours.values()].map((h) => h.open));
    const states: WardBalancingState[] = modelled.map((w) => this.wardState(w, hours.get(w.hubId)!, fields.get(w.hubId) ?? new Map<string, FieldProfile>(), open0));
    const nowMin = Math.max(0, nowOfDay - open0);
    const memberInput: TeamMemberState[] = [];
    for (const s of memberStates) {
      const at = s.at;
      if (at && !hours.has(at.hubId)) continue; // at a ward the model leaves out: not available
      memberInput.push({ id: String(s.member.memberId), name: s.member.name, fields: s.member.fieldCodes, atWardId: at?.hubId ?? null, arrivesAtMin: at ? Math.max(0, hhmmMinutes(at.from) - open0) : 0 });
    }
    const input: BalancingInput = { nowMin, travelMin: this.o.travelMin, cutoffMin: Math.max(...states.map((s) => s.dayLengthMin)) - 60, wards: states, members: memberInput };
    const result = recommendTeamMoves(input);
    const byHub = new Map(wards.map((w) => [w.hubId, w]));
    const effect = new Map(result.wards.map((e) => [e.wardId, e]));
    return {
      ...base,
      moves: result.moves.map((m) => {
        const s = memberStates.find((x) => String(x.member.memberId) === m.memberId);
        const e = effect.get(m.wardId);
        return {
          memberId: Number(m.memberId),
          memberName: m.memberName,
          fromHubId: m.fromWardId,
          fromHubName: m.fromWardId ? (byHub.get(m.fromWardId)?.name.vi ?? m.fromWardId) : null,
          replaces: m.fromWardId !== null ? (s?.at?.assignmentId ?? null) : null,
          hubId: m.wardId,
          hubName: byHub.get(m.wardId)?.name ?? { vi: m.wardId, en: m.wardId },
          fieldCodes: m.fieldCodes,
          day,
          from: hhmm(Math.ceil((open0 + m.fromMin) / 5) * 5),
          to: hhmm(Math.min(24 * 60, open0 + m.toMin)),
          gain: m.gain,
          lateWithout: e?.lateWithout ?? 0,
          lateWith: e?.lateWith ?? 0,
        };
      }),
      wards: result.wards.map((e) => ({ hubId: e.wardId, name: byHub.get(e.wardId)?.name ?? { vi: e.wardId, en: e.wardId }, lateWithout: e.lateWithout, lateWith: e.lateWith, visitors: e.visitors, basisDays: basis.get(e.wardId) ?? 0 })),
    };
  }

  private wardState(w: WardSummary, h: { open: number; close: number; catalog: SyncCatalog }, profile: Map<string, FieldProfile>, open0: number): WardBalancingState {
    const catalog = h.catalog;
    const codeOfField = new Map(catalog.fields.map((f) => [f.id, f.code]));
    const setup = catalog.booking!;
    // Catalogue service minutes per field, for fields with too few measured services.
    const catalogMin = new Map<string, number[]>();
    for (const s of catalog.services) {
      const code = codeOfField.get(s.fieldId);
      const m = setup.services[s.id]?.expectedServiceMin;
      if (code && m) catalogMin.set(code, [...(catalogMin.get(code) ?? []), m]);
    }
    const codes = new Set([...catalog.fields.map((f) => f.code), ...profile.keys()]);
    const fields: FieldForecast[] = [];
    const waiting: Record<string, number> = {};
    const hoursLong = Math.ceil((h.close - open0) / 60);
    for (const code of codes) {
      const p = profile.get(code);
      const cat = catalogMin.get(code);
      const meanMin = p && p.serviceN >= 5 ? p.serviceMs / p.serviceN / 60_000 : cat?.length ? cat.reduce((a, b) => a + b, 0) / cat.length : FALLBACK_SERVICE_MIN;
      // Index 0 of the model's hours is the hour starting at open0 (minutes of the day).
      const arrivalsPerHour = Array.from({ length: hoursLong }, (_, k) => {
        const start = open0 + k * 60;
        const hour = Math.floor(start / 60);
        const within = (start % 60) / 60;
        const a = p?.perHour[hour] ?? 0;
        const b = p?.perHour[hour + 1] ?? 0;
        return a * (1 - within) + b * within;
      });
      fields.push({ fieldCode: code, meanMin, arrivalsPerHour });
      if (p?.waiting) waiting[code] = p.waiting;
    }
    const ownFields = catalog.fields.map((f) => f.code);
    const catalogCounters = Math.max(0, ...Object.values(setup.services).map((s) => s.counters));
    const nCounters = w.openCounters > 0 ? w.openCounters : catalogCounters;
    return {
      wardId: w.hubId,
      dayLengthMin: h.close - open0,
      targetWaitMin: this.o.targetWaitMin,
      fields,
      counters: Array.from({ length: nCounters }, () => ({ fields: ownFields })),
      waiting,
    };
  }
}

function hhmmMinutes(s: string): number {
  return Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5));
}
