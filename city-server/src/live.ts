/**
 * Read side for the dashboard and the kiosk: each ward's live queue, late share and today's
 * totals, its alarms and next-hour forecast (the all-wards overview: `wards()`, the one query of
 * every ward, so it can be pointed at summary tables in one place); per-field detail and ISO-week
 * trends of one ward; wards with shorter waits nearby.
 *
 * Late share today counts those still waiting: a citizen waiting past the threshold now is late
 * whatever happens next, so "424 waiting next to a green 0 %" cannot be shown (those waiting under
 * the threshold are left out until called: their outcome is not known yet).
 *
 * Forecast (next hour): from the ward's own history at the city, the same weekday of the last
 * four weeks, the same hour: the arrivals then; with the calls of the last hour today as the
 * ward's pace now, the queue an hour from now and the wait of someone joining it. No same-weekday
 * history: no figure ("chưa đủ dữ liệu").
 */
import type { Pool } from 'pg';
import { addDays, businessDay, DEFAULT_OPENING_POLICY, duringWorkingHours, localMidnight, SyncBookingSetup, weekOf, type Clock, type NearbyResponse, type NearbyWard } from '@motcua/shared';
import { sqlWindowShare, windowStart } from './db/minutes';
import { histogramQuantile, WAIT_BUCKETS_MIN } from './db/summary';

export interface WardSummary {
  hubId: string;
  name: { vi: string; en: string };
  address: string;
  district: string | null;
  /** Tickets waiting now (today). */
  waiting: number;
  /** Of those, waiting longer than the late threshold now. */
  waitingLate: number;
  /** waitingLate / waiting, 0 when nobody waits. */
  lateShareNow: number;
  /** Being called or served now. */
  serving: number;
  openCounters: number;
  /** Minutes the longest-waiting citizen has waited so far. */
  oldestWaitMin: number;
  today: DayTotals;
  /** Today's waits of those called, median and 90th percentile in minutes, from the summaries' histograms (null: none yet). */
  waitTodayMin: { p50: number | null; p90: number | null };
  /** The seven days up to today: share of waits over the target (null: none measured). */
  lateShareWeek: number | null;
  /** The next hour from the same weekday's history; null: not enough data (no same weekday yet). */
  forecast: Forecast | null;
  /** What needs the city's attention now, worst first. */
  alarms: Alarm[];
  /** 'over': over target now; 'forecast': forecast over target within the hour; 'health': no sync lately or a hub/device problem; 'ok'. */
  risk: RiskLevel;
  /** The ward's hub and devices, as its events and requests tell the city. */
  health: WardHealth;
  /** Events the hub has that the city does not yet (as of its last batch). */
  behind: number;
  lastSeenAt: number | null;
  lastEventAt: number | null;
}

export type RiskLevel = 'over' | 'forecast' | 'health' | 'ok';

/** A device or one of its peripherals not working (peripheral null: the device itself is offline). */
export interface DeviceProblem {
  deviceId: string;
  deviceKind: string;
  peripheral: string | null;
  peripheralKind: string | null;
  /** 'offline', or the peripheral's health: paper_out, paper_near_end, cover_open, offline, error. */
  health: string;
  since: number;
  /**
   * The device is offline outside the ward's working hours (hours + grace): a kiosk or board
   * switched off at night. Still shown (marked "ngoài giờ làm việc"), never an alarm.
   */
  offHours: boolean;
}

export interface WardHealth {
  /** The hub's clock less the city's at its last request (ms); null before any. */
  clockOffsetMs: number | null;
  /** The last storage outage the hub recovered from. */
  storageOutage: { since: number; until: number; code: string; refused: number } | null;
  devices: number;
  devicesOffline: number;
  problems: DeviceProblem[];
}

export type Alarm =
  | { kind: 'over_now'; waitingLate: number; oldestWaitMin: number }
  | { kind: 'forecast_over'; projectedWaitMin: number | null; projectedWaiting: number }
  | { kind: 'device_problem'; problem: DeviceProblem }
  | { kind: 'sync_stale'; minutes: number | null }
  | { kind: 'clock_off'; offsetMs: number }
  | { kind: 'storage_outage'; since: number; until: number; refused: number };

/** A hub clock further than this from the city's raises 'clock_off' (the hub warns its manager at a minute too). */
export const CLOCK_ALARM_MS = 60_000;

export interface Forecast {
  /** Same weekdays of the last four weeks that had tickets at this ward (1–4). */
  basisDays: number;
  /** Mean arrivals in the coming hour on those days. */
  arrivalsNextHour: number;
  /** Citizens called in the last hour today: the ward's pace now. */
  callsLastHour: number;
  /** The queue an hour from now at that pace. */
  projectedWaiting: number;
  /** The wait of someone joining that queue, minutes; null when nobody is being called (no pace). */
  projectedWaitMin: number | null;
  overTarget: boolean;
}

export interface DayTotals {
  issued: number;
  called: number;
  served: number;
  noShow: number;
  cancelled: number;
  avgWaitMin: number | null;
  /** Share of today's called tickets that waited longer than the threshold. */
  lateShare: number | null;
  ratingN: number;
  avgRating: number | null;
}

export interface FieldDetail {
  fieldCode: string;
  name: { vi: string; en: string };
  waiting: number;
  waitingLate: number;
  /** Minutes the longest-waiting citizen of this field has waited; null when nobody waits. */
  oldestWaitMin: number | null;
  serving: number;
  today: DayTotals;
}

/** One ISO week of a ward (and per field), for the trend charts. */
export interface WeekTrend {
  week: string;
  /** False when the city holds no figures of this ward for the week (not synced, not open): shown as "—", not 0. */
  hasData: boolean;
  from: string;
  to: string;
  totals: DayTotals;
  fields: { fieldCode: string; totals: DayTotals }[];
}

export interface WardDetail {
  ward: WardSummary;
  fields: FieldDetail[];
  /** The last 7 business days, oldest first. */
  days: ({ day: string } & DayTotals)[];
  /** The last 8 ISO weeks (Monday–Sunday), oldest first. */
  weeks: WeekTrend[];
}

type Row = Record<string, unknown>;
const int = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const round1 = (x: number): number => Math.round(x * 10) / 10;

/**
 * Totals of a day; `lateWaiting`: those still waiting (never called) past the threshold now,
 * counted as late waits (today only).
 */
function totals(r: Row, lateWaiting = 0): DayTotals {
  const waitN = int(r.wait_n) + lateWaiting;
  const ratingN = int(r.rating_n);
  return {
    issued: int(r.issued),
    called: int(r.called),
    served: int(r.served),
    noShow: int(r.no_show),
    cancelled: int(r.cancelled),
    avgWaitMin: waitN ? round1(int(r.wait_sum_ms) / waitN / 60_000) : null,
    lateShare: waitN ? (int(r.wait_over_n) + lateWaiting) / waitN : null,
    ratingN,
    avgRating: ratingN ? round1(int(r.rating_sum) / ratingN) : null,
  };
}

const SUMS = 'sum(issued) AS issued, sum(called) AS called, sum(served) AS served, sum(no_show) AS no_show, sum(cancelled) AS cancelled, sum(wait_n) AS wait_n, sum(wait_sum_ms) AS wait_sum_ms, sum(wait_over_n) AS wait_over_n, sum(rating_n) AS rating_n, sum(rating_sum) AS rating_sum';

const RISK_ORDER: Record<RiskLevel, number> = { over: 3, forecast: 2, health: 1, ok: 0 };

/** One collator for the overview's sort (`localeCompare` builds one per comparison). */
const compareIds = new Intl.Collator().compare;

/** Risk order of the overview: over target now, then forecast over, then no sync; within each, the most people late, waiting longest, most waiting. */
export function byRisk(a: WardSummary, b: WardSummary): number {
  return RISK_ORDER[b.risk] - RISK_ORDER[a.risk] || b.waitingLate - a.waitingLate || b.oldestWaitMin - a.oldestWaitMin || b.waiting - a.waiting || b.today.issued - a.today.issued || compareIds(a.hubId, b.hubId);
}

const DAY = 86_400_000;
const WEEK = 7 * DAY;

/** The next-hour forecast from same-weekday history (pure). */
export function forecastOf(o: { basisDays: number; arrivals: number; callsLastHour: number; waiting: number; lateThresholdMin: number }): Forecast | null {
  if (o.basisDays === 0) return null;
  const arrivalsNextHour = Math.round((o.arrivals / o.basisDays) * 10) / 10;
  const projectedWaiting = Math.max(0, Math.round(o.waiting + arrivalsNextHour - o.callsLastHour));
  const projectedWaitMin = o.callsLastHour > 0 ? Math.round((projectedWaiting / o.callsLastHour) * 60) : projectedWaiting === 0 ? 0 : null;
  const overTarget = projectedWaitMin === null ? projectedWaiting > 0 : projectedWaitMin > o.lateThresholdMin;
  return { basisDays: o.basisDays, arrivalsNextHour, callsLastHour: o.callsLastHour, projectedWaiting, projectedWaitMin, overTarget };
}

/** A ward's alarms and risk level from its live figures (pure). */
export function alarmsOf(w: Pick<WardSummary, 'waitingLate' | 'oldestWaitMin' | 'forecast' | 'lastSeenAt' | 'health'>, now: number, staleAfterMs: number): { alarms: Alarm[]; risk: RiskLevel } {
  const alarms: Alarm[] = [];
  if (w.waitingLate > 0) alarms.push({ kind: 'over_now', waitingLate: w.waitingLate, oldestWaitMin: w.oldestWaitMin });
  if (w.forecast?.overTarget) alarms.push({ kind: 'forecast_over', projectedWaitMin: w.forecast.projectedWaitMin, projectedWaiting: w.forecast.projectedWaiting });
  for (const problem of w.health.problems) if (!problem.offHours) alarms.push({ kind: 'device_problem', problem });
  if (w.lastSeenAt === null || now - w.lastSeenAt > staleAfterMs) alarms.push({ kind: 'sync_stale', minutes: w.lastSeenAt === null ? null : Math.floor((now - w.lastSeenAt) / 60_000) });
  if (w.health.clockOffsetMs !== null && Math.abs(w.health.clockOffsetMs) > CLOCK_ALARM_MS) alarms.push({ kind: 'clock_off', offsetMs: w.health.clockOffsetMs });
  const outage = w.health.storageOutage;
  if (outage && now - outage.until < 86_400_000) alarms.push({ kind: 'storage_outage', since: outage.since, until: outage.until, refused: outage.refused });
  const risk: RiskLevel = alarms[0]?.kind === 'over_now' ? 'over' : alarms[0]?.kind === 'forecast_over' ? 'forecast' : alarms.length ? 'health' : 'ok';
  return { alarms, risk };
}

/**
 * Device problems worth a technician's visit: a device offline, or a peripheral not ready (unknown
 * is not a problem yet). `working`: whether the ward is within its hours now (`wardWorking`); an
 * offline device outside them is kept but marked `offHours`.
 */
export function problemsOf(offline: unknown, peripherals: unknown, working = true): DeviceProblem[] {
  const out: DeviceProblem[] = [];
  for (const d of (offline as { deviceId: string; kind: string; at: number }[] | null) ?? []) out.push({ deviceId: d.deviceId, deviceKind: d.kind, peripheral: null, peripheralKind: null, health: 'offline', since: Number(d.at), offHours: !working });
  for (const p of (peripherals as { deviceId: string; deviceKind: string | null; peripheral: string; kind: string; health: string; at: number }[] | null) ?? []) {
    out.push({ deviceId: p.deviceId, deviceKind: p.deviceKind ?? 'agent', peripheral: p.peripheral, peripheralKind: p.kind, health: p.health, since: Number(p.at), offHours: false });
  }
  const weight = (h: string): number => (h === 'paper_near_end' ? 1 : 0);
  return out.sort((a, b) => weight(a.health) - weight(b.health) || a.since - b.since);
}

/**
 * Whether a ward is within its working hours at `now`: the opening hours its hub sends in the
 * catalogue (`SyncCatalog.booking.openingHours`), widened by the default grace (the city does not
 * know a ward's own). Unknown hours (an older hub): working, so no alarm is hidden.
 */
export function wardWorking(openingHours: unknown, now: number, timeZone: string): boolean {
  const hours = SyncBookingSetup.shape.openingHours.safeParse(openingHours);
  if (!hours.success) return true;
  return duringWorkingHours({ openingHours: hours.data, opening: DEFAULT_OPENING_POLICY }, now, timeZone);
}

export function haversineKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = (d: number): number => (d * Math.PI) / 180;
  const dLat = rad(b.lat - a.lat);
  const dLon = rad(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}

/** A ward's waits over the six days before today (`LiveQueries.pastWeek`). */
interface PastWeek {
  n: number;
  over: number;
}
/** The past days of the week are read anew in the background after this… */
const PAST_WEEK_REFRESH_MS = 30_000;
/** …and never used older than this. */
const PAST_WEEK_MAX_AGE_MS = 120_000;

export class LiveQueries {
  constructor(
    private readonly pool: Pool,
    private readonly clock: Clock,
    private readonly timeZone: string,
    private readonly lateThresholdMs: number,
    /** A hub not heard from for longer raises the 'sync_stale' alarm (its heartbeat is a minute). */
    private readonly staleAfterMs = 10 * 60_000,
  ) {}

  today(): string {
    return businessDay(this.clock.now(), this.timeZone);
  }

  /**
   * The overview: every active ward (or the given ones) with its alarms, sorted by risk. The one
   * query of all wards (the dashboard, the ward page, the public list and bench:sync's
   * `overview_p95_ms` all run it), from the live tickets of today and the summaries only, never a
   * scan of raw events or of past tickets: each part is one set-wise pass over one day's rows
   * (live tickets of today; today's and the week's `city_daily`; today's and the four same
   * weekdays' `city_minute_hours` and `city_minute_days`; counters and devices), joined to the wards once.
   */
  async wards(hubIds?: string[]): Promise<WardSummary[]> {
    const { now, text, values } = this.wardsQuery(hubIds);
    const [r, past] = await Promise.all([this.pool.query<Row>(text, values), this.pastWeek(now, hubIds)]);
    return this.wardRows(r.rows, now, past);
  }

  /**
   * The six days before today of each ward's week (waits and waits over the target), which only a
   * late upload changes. Reading them from `city_daily` was half of the overview's SQL at 3,321
   * wards (108,000 rows, 87 ms), so the all-wards answer keeps them: at once anew when this
   * process stores a batch of one of those days (`pastDaysStored`), when the day turns, and
   * otherwise refreshed in the background after 30 s (another city process's late upload shows
   * within a minute; an answer never uses figures older than two minutes). A given list of wards
   * (a ward page) reads its own.
   */
  private pastWeekCache: { from: string; to: string; at: number; byHub: Map<string, PastWeek>; refreshing: boolean } | null = null;
  /** Counts the batches of past days stored here: a read that began before one is not kept. */
  private pastWeekGeneration = 0;

  /** Called by the ingest after a batch commits, with the days its events belong to. */
  pastDaysStored(days: readonly string[]): void {
    const today = this.today();
    if (!days.some((d) => d < today)) return;
    this.pastWeekGeneration++;
    this.pastWeekCache = null;
  }

  private async pastWeek(now: number, hubIds?: string[]): Promise<Map<string, PastWeek>> {
    const day = businessDay(now, this.timeZone);
    const from = addDays(day, -6);
    const to = addDays(day, -1);
    if (hubIds) return this.readPastWeek(from, to, hubIds);
    const c = this.pastWeekCache;
    const age = c ? this.clock.now() - c.at : Infinity;
    if (c && c.from === from && c.to === to && age <= PAST_WEEK_MAX_AGE_MS) {
      if (age > PAST_WEEK_REFRESH_MS && !c.refreshing) {
        c.refreshing = true;
        void this.fillPastWeek(from, to).catch(() => {
          c.refreshing = false; // the next answer tries again; this one keeps its figures
        });
      }
      return c.byHub;
    }
    return this.fillPastWeek(from, to);
  }

  private async fillPastWeek(from: string, to: string): Promise<Map<string, PastWeek>> {
    const at = this.clock.now();
    const generation = this.pastWeekGeneration;
    const byHub = await this.readPastWeek(from, to, null);
    if (generation === this.pastWeekGeneration) this.pastWeekCache = { from, to, at, byHub, refreshing: false };
    return byHub;
  }

  private async readPastWeek(from: string, to: string, hubIds: string[] | null): Promise<Map<string, PastWeek>> {
    const r = await this.pool.query<{ hub_id: string; n: string; over: string }>(
      'SELECT hub_id, sum(wait_n) AS n, sum(wait_over_n) AS over FROM city_daily WHERE day BETWEEN $1 AND $2 AND ($3::text[] IS NULL OR hub_id = ANY($3::text[])) GROUP BY hub_id',
      [from, to, hubIds],
    );
    return new Map(r.rows.map((row) => [row.hub_id, { n: Number(row.n), over: Number(row.over) }]));
  }

  /** The overview's one query, as `wards()` runs it now (bench/overview-bench.ts EXPLAINs it). */
  wardsQuery(hubIds?: string[]): { now: number; text: string; values: unknown[] } {
    const now = this.clock.now();
    const day = this.today();
    // Minutes after today's local midnight; the same weekday k weeks back has the same minute
    // (Vietnam keeps no daylight saving: a week is 7 × 24 h).
    const nowMin = Math.floor((now - localMidnight(now, this.timeZone)) / 60_000);
    const sameWeekdays = [1, 2, 3, 4].map((k) => addDays(day, -7 * k));
    const only = '($2::text[] IS NULL OR hub_id = ANY($2::text[]))';
    const text = `WITH live AS (
         SELECT hub_id, count(*) FILTER (WHERE state = 'waiting') AS waiting,
                count(*) FILTER (WHERE state = 'waiting' AND queued_at < $3) AS waiting_late,
                count(*) FILTER (WHERE state = 'waiting' AND queued_at < $3 AND first_called_at IS NULL) AS waiting_late_uncalled,
                count(*) FILTER (WHERE state IN ('called', 'serving')) AS serving,
                min(queued_at) FILTER (WHERE state = 'waiting') AS oldest
         FROM city_tickets WHERE day = $1 AND state IN ('waiting', 'called', 'serving', 'held') AND ${only} GROUP BY hub_id
       ), today AS (
         SELECT hub_id, ${SUMS},
                -- The fields' histograms added bucket by bucket: one aggregate per bucket, no
                -- subquery per ward (that was 127 of 725 ms at 3,321 wards, bench/overview-bench.ts).
                ARRAY[${WAIT_BUCKETS_MIN.map((_, i) => `sum(wait_hist[${i + 1}])`).join(', ')}] AS hist
         FROM city_daily WHERE day = $1 AND ${only} GROUP BY hub_id
       ), minutes AS (
         -- Today: first calls in the last hour (the pace now), minutes nowMin − 59 … nowMin, the
         -- window from hour $5, minute $6. The same weekday of the last four weeks: arrivals in the
         -- coming hour, minutes nowMin + 1 … nowMin + 60, the window an hour later (hour $5 + 1).
         -- At most three hour rows a ward and day, each two element reads (db/minutes.ts).
         SELECT hub_id,
                sum(${sqlWindowShare('calls', 'hour', '$5::int', '$6::int')}) FILTER (WHERE day = $1) AS calls_hour,
                sum(${sqlWindowShare('arrivals', 'hour', '$5::int + 1', '$6::int')}) FILTER (WHERE day <> $1) AS arrivals
         FROM city_minute_hours WHERE day = ANY($4::text[]) AND hour BETWEEN $5::int AND $5::int + 2 AND ${only} GROUP BY hub_id
       ), basis AS (
         -- The same weekdays that had tickets here.
         SELECT hub_id, count(*) AS basis_days FROM city_minute_days WHERE day = ANY($4::text[]) AND day <> $1 AND ${only} GROUP BY hub_id
       ), counters AS (
         SELECT hub_id, count(*) AS open_counters FROM city_counters WHERE status = 'open' AND ${only} GROUP BY hub_id
       ), devices AS (
         SELECT hub_id, count(*) FILTER (WHERE NOT revoked) AS devices_total,
                json_agg(json_build_object('deviceId', device_id, 'kind', kind, 'at', at) ORDER BY at) FILTER (WHERE NOT revoked AND NOT online) AS devices_offline
         FROM city_devices WHERE ${only} GROUP BY hub_id
       ), peripherals AS (
         SELECT p.hub_id, json_agg(json_build_object('deviceId', p.device_id, 'deviceKind', v.kind, 'peripheral', p.peripheral, 'kind', p.kind, 'health', p.health, 'at', p.at) ORDER BY p.at) AS peripheral_problems
         FROM city_peripherals p LEFT JOIN city_devices v ON v.hub_id = p.hub_id AND v.device_id = p.device_id
         WHERE p.health NOT IN ('ready', 'unknown') AND coalesce(v.online, TRUE) AND NOT coalesce(v.revoked, FALSE) AND ($2::text[] IS NULL OR p.hub_id = ANY($2::text[]))
         GROUP BY p.hub_id
       )
       SELECT h.hub_id, h.name_vi, h.name_en, h.address, h.district, h.high_water, h.hub_last_seq, h.last_event_at,
              extract(epoch FROM h.last_seen_at) * 1000 AS last_seen_ms, h.clock_offset_ms, h.storage_outage,
              l.waiting, l.waiting_late, l.waiting_late_uncalled, l.serving, l.oldest,
              t.issued, t.called, t.served, t.no_show, t.cancelled, t.wait_n, t.wait_sum_ms, t.wait_over_n, t.rating_n, t.rating_sum, t.hist,
              m.calls_hour, b.basis_days, m.arrivals, c.open_counters, d.devices_total, d.devices_offline, p.peripheral_problems,
              h.catalog->'booking'->>'openingHours' AS opening_hours
       FROM city_hubs h
       LEFT JOIN live l USING (hub_id) LEFT JOIN today t USING (hub_id) LEFT JOIN minutes m USING (hub_id) LEFT JOIN basis b USING (hub_id)
       LEFT JOIN counters c USING (hub_id) LEFT JOIN devices d USING (hub_id) LEFT JOIN peripherals p USING (hub_id)
       WHERE h.active AND ($2::text[] IS NULL OR h.hub_id = ANY($2::text[]))`;
    const calls = windowStart(nowMin - 59);
    return { now, text, values: [day, hubIds ?? null, now - this.lateThresholdMs, [day, ...sameWeekdays], calls.hour, calls.offset] };
  }

  private wardRows(rows: Row[], now: number, pastWeek: ReadonlyMap<string, PastWeek>): WardSummary[] {
    const lateMin = this.lateThresholdMs / 60_000;
    // The opening hours come as their JSON text (`->>`): the text is the key, parsed once per timetable.
    const workingByHours = new Map<string | null, boolean>();
    const working = (openingHours: string | null): boolean => {
      let known = workingByHours.get(openingHours);
      if (known === undefined) workingByHours.set(openingHours, (known = wardWorking(openingHours === null ? null : JSON.parse(openingHours), now, this.timeZone)));
      return known;
    };
    return rows
      .map((row): WardSummary => {
        const waiting = int(row.waiting);
        const late = int(row.waiting_late);
        const forecast = forecastOf({ basisDays: int(row.basis_days), arrivals: int(row.arrivals), callsLastHour: int(row.calls_hour), waiting, lateThresholdMin: lateMin });
        const oldestWaitMin = row.oldest === null || row.oldest === undefined ? 0 : Math.max(0, Math.round((now - Number(row.oldest)) / 60_000));
        const lastSeenAt = row.last_seen_ms === null ? null : Math.round(Number(row.last_seen_ms));
        const offline = (row.devices_offline as unknown[] | null) ?? [];
        const hist = ((row.hist as (number | string)[] | null) ?? []).map(Number);
        const past = pastWeek.get(row.hub_id as string);
        const weekN = (past?.n ?? 0) + int(row.wait_n);
        const weekOver = (past?.over ?? 0) + int(row.wait_over_n);
        const health: WardHealth = {
          clockOffsetMs: row.clock_offset_ms === null || row.clock_offset_ms === undefined ? null : Number(row.clock_offset_ms),
          storageOutage: (row.storage_outage as WardHealth['storageOutage']) ?? null,
          devices: int(row.devices_total),
          devicesOffline: offline.length,
          // Asked only of a ward with a device offline (the only problem it marks), and once per
          // distinct opening hours in this answer: the hours' windows took 40 µs a ward, 134 ms of the
          // overview over 3,321 wards (most wards share one timetable, and at night most have a
          // device off).
          problems: problemsOf(row.devices_offline, row.peripheral_problems, offline.length === 0 || working((row.opening_hours as string | null) ?? null)),
        };
        const { alarms, risk } = alarmsOf({ waitingLate: late, oldestWaitMin, forecast, lastSeenAt, health }, now, this.staleAfterMs);
        return {
          alarms,
          risk,
          forecast,
          health,
          hubId: row.hub_id as string,
          name: { vi: row.name_vi as string, en: row.name_en as string },
          address: row.address as string,
          district: (row.district as string | null) ?? null,
          waiting,
          waitingLate: late,
          lateShareNow: waiting ? late / waiting : 0,
          serving: int(row.serving),
          openCounters: int(row.open_counters),
          oldestWaitMin,
          today: totals(row, int(row.waiting_late_uncalled)),
          waitTodayMin: { p50: histogramQuantile(hist, 0.5), p90: histogramQuantile(hist, 0.9) },
          lateShareWeek: weekN > 0 ? weekOver / weekN : null,
          behind: Math.max(0, int(row.hub_last_seq) - int(row.high_water)),
          lastSeenAt,
          lastEventAt: row.last_event_at === null ? null : Number(row.last_event_at),
        };
      })
      .sort(byRisk);
  }

  async ward(hubId: string): Promise<WardDetail | null> {
    const [ward] = await this.wards([hubId]);
    if (!ward) return null;
    const now = this.clock.now();
    const day = this.today();
    const fields = await this.pool.query<Row>(
      `WITH live AS (
         SELECT field_code, count(*) FILTER (WHERE state = 'waiting') AS waiting, count(*) FILTER (WHERE state = 'waiting' AND queued_at < $3) AS waiting_late,
                count(*) FILTER (WHERE state = 'waiting' AND queued_at < $3 AND first_called_at IS NULL) AS waiting_late_uncalled,
                min(queued_at) FILTER (WHERE state = 'waiting') AS oldest,
                count(*) FILTER (WHERE state IN ('called', 'serving')) AS serving
         FROM city_tickets WHERE hub_id = $1 AND day = $2 AND state IN ('waiting', 'called', 'serving', 'held') GROUP BY field_code),
       tot AS (SELECT field_code, ${SUMS} FROM city_daily WHERE hub_id = $1 AND day = $2 GROUP BY field_code)
       SELECT coalesce(live.field_code, tot.field_code) AS code, coalesce(own.name_vi, f.name_vi) AS name_vi, coalesce(own.name_en, f.name_en) AS name_en, live.waiting, live.waiting_late, live.waiting_late_uncalled, live.oldest, live.serving, tot.*
       FROM live FULL JOIN tot ON tot.field_code = live.field_code
       LEFT JOIN city_fields f ON f.code = coalesce(live.field_code, tot.field_code)
       -- The ward's own name for its field (its last catalogue), before the city-wide one: a
       -- name one hub sends never renames the field on another ward's page.
       LEFT JOIN LATERAL (
         SELECT x->'name'->>'vi' AS name_vi, x->'name'->>'en' AS name_en
         FROM city_hubs h, jsonb_array_elements(coalesce(h.catalog->'fields', '[]'::jsonb)) x
         WHERE h.hub_id = $1 AND x->>'code' = coalesce(live.field_code, tot.field_code) LIMIT 1
       ) own ON TRUE
       ORDER BY coalesce(live.waiting, 0) DESC, code`,
      [hubId, day, now - this.lateThresholdMs],
    );
    const weekStart = businessDay(this.clock.now() - 6 * 86_400_000, this.timeZone);
    const days = await this.pool.query<Row>(`SELECT day, ${SUMS} FROM city_daily WHERE hub_id = $1 AND day BETWEEN $2 AND $3 GROUP BY day ORDER BY day`, [hubId, weekStart, day]);
    // ISO weeks (Monday–Sunday: the week of shared weekOf) of the last 8 weeks, per field.
    const firstWeek = weekOf(businessDay(now - 7 * WEEK, this.timeZone)).from;
    const weekly = await this.pool.query<Row>(
      `SELECT to_char(date_trunc('week', day::date), 'YYYY-MM-DD') AS monday, field_code, ${SUMS}
       FROM city_daily WHERE hub_id = $1 AND day BETWEEN $2 AND $3 GROUP BY 1, 2 ORDER BY 1, 2`,
      [hubId, firstWeek, day],
    );
    const weeks = new Map<string, { rows: Row[] }>();
    for (let k = 7; k >= 0; k--) weeks.set(weekOf(businessDay(now - k * WEEK, this.timeZone)).from, { rows: [] });
    for (const r of weekly.rows) weeks.get(r.monday as string)?.rows.push(r);
    const sumRows = (rows: Row[]): Row => {
      const out: Row = {};
      for (const k of ['issued', 'called', 'served', 'no_show', 'cancelled', 'wait_n', 'wait_sum_ms', 'wait_over_n', 'rating_n', 'rating_sum']) out[k] = rows.reduce((a, r) => a + int(r[k]), 0);
      return out;
    };
    return {
      ward,
      fields: fields.rows.map((r) => ({
        fieldCode: r.code as string,
        name: { vi: (r.name_vi as string | null) ?? (r.code as string), en: (r.name_en as string | null) ?? (r.code as string) },
        waiting: int(r.waiting),
        waitingLate: int(r.waiting_late),
        oldestWaitMin: r.oldest === null || r.oldest === undefined ? null : Math.max(0, Math.round((now - Number(r.oldest)) / 60_000)),
        serving: int(r.serving),
        today: totals(r, int(r.waiting_late_uncalled)),
      })),
      days: days.rows.map((r) => ({ day: r.day as string, ...totals(r) })),
      weeks: [...weeks.entries()].map(([monday, w]) => {
        const iso = weekOf(monday);
        return { week: iso.label, hasData: w.rows.length > 0, from: iso.from, to: iso.to, totals: totals(sumRows(w.rows)), fields: w.rows.map((r) => ({ fieldCode: r.field_code as string, totals: totals(r) })) };
      }),
    };
  }

  /**
   * Wards that serve `fieldCode`, have a counter open, were heard from recently, and whose
   * current wait for that field is shorter than the asking ward's. The wait estimate is the hub's
   * own prediction for the citizen who joined that field's queue last, minus the time they have
   * waited since (0 when nobody waits).
   */
  async nearby(fromHubId: string, fieldCode: string, o: { maxKm: number; limit: number; staleAfterMs: number }): Promise<NearbyResponse> {
    const now = this.clock.now();
    const day = this.today();
    const r = await this.pool.query<Row>(
      `SELECT h.hub_id, h.name_vi, h.name_en, h.address, h.lat, h.lon, extract(epoch FROM h.last_seen_at) * 1000 AS last_seen_ms,
              (SELECT count(*) FROM city_counters c WHERE c.hub_id = h.hub_id AND c.status = 'open') AS open_counters,
              l.waiting, l.last_queued_at, l.last_pred
       FROM city_hubs h
       LEFT JOIN LATERAL (
         SELECT count(*) AS waiting, max(queued_at) AS last_queued_at,
                (array_agg(predicted_wait_min ORDER BY queued_at DESC))[1] AS last_pred
         FROM city_tickets t WHERE t.hub_id = h.hub_id AND t.field_code = $2 AND t.day = $1 AND t.state = 'waiting'
       ) l ON TRUE
       WHERE h.active AND ($2 = ANY(h.field_codes) OR h.hub_id = $3)`,
      [day, fieldCode, fromHubId],
    );
    const wards = r.rows.map((row) => {
      const waiting = int(row.waiting);
      const pred = row.last_pred === null || row.last_pred === undefined ? null : Number(row.last_pred);
      const lastQueued = row.last_queued_at === null || row.last_queued_at === undefined ? null : Number(row.last_queued_at);
      const remaining = waiting === 0 ? 0 : pred === null || lastQueued === null ? waiting * 5 : Math.max(0, pred - (now - lastQueued) / 60_000);
      return {
        hubId: row.hub_id as string,
        name: { vi: row.name_vi as string, en: row.name_en as string },
        address: row.address as string,
        lat: row.lat as number | null,
        lon: row.lon as number | null,
        waiting,
        estimatedWaitMin: Math.round(remaining),
        openCounters: int(row.open_counters),
        updatedAt: row.last_seen_ms === null ? null : Math.round(Number(row.last_seen_ms)),
      };
    });
    const self = wards.find((w) => w.hubId === fromHubId) ?? null;
    const dist = (w: (typeof wards)[number]): number | null =>
      self && self.lat !== null && self.lon !== null && w.lat !== null && w.lon !== null ? round1(haversineKm({ lat: self.lat, lon: self.lon }, { lat: w.lat, lon: w.lon })) : null;
    const view = (w: (typeof wards)[number]): NearbyWard => ({ hubId: w.hubId, name: w.name, address: w.address, distanceKm: dist(w), waiting: w.waiting, estimatedWaitMin: w.estimatedWaitMin, updatedAt: w.updatedAt });
    const threshold = self ? self.estimatedWaitMin : Infinity;
    const selfPlaced = self !== null && self.lat !== null && self.lon !== null;
    const candidates = wards
      .filter((w) => w.hubId !== fromHubId && w.openCounters > 0 && w.updatedAt !== null && now - w.updatedAt <= o.staleAfterMs && w.estimatedWaitMin < threshold)
      .map(view)
      // When the asking ward has a place, "nearby" means within maxKm of it (wards without one
      // are left out); when it has none, every ward of the city is a candidate.
      .filter((w) => (selfPlaced ? w.distanceKm !== null && w.distanceKm <= o.maxKm : true))
      .sort((a, b) => a.estimatedWaitMin - b.estimatedWaitMin || (a.distanceKm ?? Infinity) - (b.distanceKm ?? Infinity))
      .slice(0, o.limit);
    return { field: fieldCode, ward: self ? view(self) : null, wards: candidates };
  }
}
