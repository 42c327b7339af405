/**
 * The city's projections of a hub's events, pure: given the tickets a batch touches (as stored
 * before it) and the batch's new events, what the tickets, the per ward/day/field totals and the
 * counters become. The ingest stores the result in the same transaction as the events, so a
 * figure is counted exactly when its event is stored, and never twice.
 *
 * Events arrive typed (read against the shared `HubEvent` union by the ingest); the fold is an
 * exhaustive switch on their type.
 *
 * Definitions (also in README.md):
 * - issued: `ticket.issued`, on the ticket's business day and the field (lĩnh vực) of its service
 *   at issue; a later transfer keeps the ticket in that field;
 * - wait: from `queuedAt` (kept through transfers) to the ticket's first `ticket.called`; counted
 *   once per ticket, so a recall or a second call after a transfer adds no wait;
 * - over the late threshold (20 minutes by default): a wait strictly longer than it;
 * - served: `ticket.finished`; no-show: `ticket.no_show`; cancelled: `ticket.cancelled` and
 *   `ticket.expired`; ratings: `ticket.rated` (score).
 */
import { emptyHistogram, waitBucket } from '../db/summary';
import { MINUTE_SLOTS, minuteSlot, type DayMinutes } from '../db/minutes';
import type { SyncEvent, SyncEventOf, TicketState } from '@motcua/shared';

export const UNKNOWN_FIELD = '?';

export interface TicketProjection {
  ticketId: string;
  day: string;
  fieldCode: string;
  serviceId: string | null;
  state: TicketState;
  queuedAt: number | null;
  predictedWaitMin: number | null;
  firstCalledAt: number | null;
  waitMs: number | null;
  finishedAt: number | null;
  rating: number | null;
}

export interface DailyTotals {
  day: string;
  fieldCode: string;
  issued: number;
  called: number;
  served: number;
  noShow: number;
  cancelled: number;
  waitN: number;
  waitSumMs: number;
  waitOverN: number;
  /** Waits by bucket of `WAIT_BUCKETS_MIN` (db/summary.ts), for percentiles from the summaries. */
  waitHist: number[];
  ratingN: number;
  ratingSum: number;
}

export interface CounterProjection {
  counterId: string;
  status: 'open' | 'paused' | 'closed';
  at: number;
}

/** A ward's device as the city knows it: paired, online or not, revoked (names stay at the ward). */
export interface DeviceProjection {
  deviceId: string;
  kind: string;
  online: boolean;
  revoked: boolean;
  at: number;
}

/** One physical device behind an agent (printer, scanner, LED, keypad, rating pad) and its health. */
export interface PeripheralProjection {
  deviceId: string;
  peripheral: string;
  kind: string;
  health: string;
  at: number;
}

/**
 * A ward's day by minute (`MINUTE_SLOTS` entries, db/minutes.ts): tickets that joined the queue,
 * and tickets called for the first time. Increments, like `DailyTotals`.
 */
export type MinuteCounts = DayMinutes;

export interface ProjectionResult {
  /** Every ticket the events changed, in its new form. */
  tickets: Map<string, TicketProjection>;
  /** Increments to add to the stored totals, by `day|field`. */
  daily: Map<string, DailyTotals>;
  /** Increments to add to the stored arrivals and first calls by minute, by day. */
  minutes: Map<string, MinuteCounts>;
  counters: Map<string, CounterProjection>;
  /** Devices whose presence changed, by id (the last change of the batch). */
  devices: Map<string, DeviceProjection>;
  /** Peripherals whose health changed, by `device|peripheral`. */
  peripherals: Map<string, PeripheralProjection>;
  /** The last storage outage the hub reported recovering from in this batch. */
  storageOutage: { since: number; until: number; code: string; refused: number } | null;
  /** The manager's week notes ("khó khăn, vướng mắc, đề xuất"), the latest per ISO week. */
  weekNotes: Map<string, { weekFrom: string; weekTo: string; text: string; at: number }>;
}

export interface ProjectionContext {
  /** The field code of a service, from the hub's catalogue. */
  fieldOf(serviceId: string | null): string;
  lateThresholdMs: number;
  /** Local midnight (epoch ms) of a business day, in the city's time zone. */
  dayStart(day: string): number;
}

export function emptyTotals(day: string, fieldCode: string): DailyTotals {
  return { day, fieldCode, issued: 0, called: 0, served: 0, noShow: 0, cancelled: 0, waitN: 0, waitSumMs: 0, waitOverN: 0, waitHist: emptyHistogram(), ratingN: 0, ratingSum: 0 };
}

/** The ticket ids a batch refers to without issuing them in the same batch: load these first. */
export function ticketsToLoad(events: readonly SyncEvent[]): string[] {
  const issued = new Set<string>();
  const need = new Set<string>();
  for (const e of events) {
    if (e.ticketId === null || !e.type.startsWith('ticket.')) continue;
    if (e.type === 'ticket.issued') issued.add(e.ticketId);
    else if (!issued.has(e.ticketId)) need.add(e.ticketId);
  }
  return [...need];
}

/** A ticket event after its issue: the state machine's transitions and the day-end expiry. */
type TicketChange = SyncEventOf<Exclude<Extract<SyncEvent['type'], `ticket.${string}`>, 'ticket.issued'>>;

/**
 * Folds new events (already filtered to seq > high-water, in seq order, read against the
 * `HubEvent` union) into projections. `known` holds the stored version of the tickets the events
 * refer to; it is not modified.
 */
export function project(events: readonly SyncEvent[], known: ReadonlyMap<string, TicketProjection>, ctx: ProjectionContext): ProjectionResult {
  const tickets = new Map<string, TicketProjection>();
  const daily = new Map<string, DailyTotals>();
  const counters = new Map<string, CounterProjection>();
  const devices = new Map<string, DeviceProjection>();
  const peripherals = new Map<string, PeripheralProjection>();
  let storageOutage: ProjectionResult['storageOutage'] = null;
  const weekNotes: ProjectionResult['weekNotes'] = new Map();
  const minutes = new Map<string, MinuteCounts & { start: number }>();
  /** Counts an instant in its minute of the ticket's day (one far outside that day is not counted). */
  const perMinute = (day: string, at: number, kind: 'arrivals' | 'calls'): void => {
    let m = minutes.get(day);
    if (!m) {
      m = { day, start: ctx.dayStart(day), arrivals: new Array<number>(MINUTE_SLOTS).fill(0), calls: new Array<number>(MINUTE_SLOTS).fill(0) };
      minutes.set(day, m);
    }
    const e = minuteSlot(at, m.start);
    if (e !== null) m[kind][e]!++;
  };

  const totals = (day: string, fieldCode: string): DailyTotals => {
    const key = `${day}|${fieldCode}`;
    let t = daily.get(key);
    if (!t) {
      t = emptyTotals(day, fieldCode);
      daily.set(key, t);
    }
    return t;
  };
  /** The ticket an event changes, and the totals of its day and field. */
  const ticketOf = (e: TicketChange): { t: TicketProjection; sum: DailyTotals } => {
    const id = e.ticketId;
    let t = tickets.get(id);
    if (!t) {
      const before = known.get(id);
      if (before) {
        t = { ...before };
      } else {
        // Its ticket.issued never reached the city (purged on the hub before the first sync): keep
        // the ticket's later figures, attributed to the event's day, but no wait (no queue time).
        const serviceId = e.type === 'ticket.expired' ? null : e.payload.serviceId;
        t = { ticketId: id, day: e.day, fieldCode: ctx.fieldOf(serviceId), serviceId, state: 'waiting', queuedAt: null, predictedWaitMin: null, firstCalledAt: null, waitMs: null, finishedAt: null, rating: null };
      }
      tickets.set(id, t);
    }
    return { t, sum: totals(t.day, t.fieldCode) };
  };
  const counter = (e: SyncEventOf<'counter.opened' | 'counter.resumed' | 'counter.paused' | 'counter.closed'>, status: CounterProjection['status']): void => {
    counters.set(e.payload.counterId, { counterId: e.payload.counterId, status, at: e.at });
  };

  for (const e of events) {
    switch (e.type) {
      case 'counter.opened':
      case 'counter.resumed':
        counter(e, 'open');
        break;
      case 'counter.paused':
        counter(e, 'paused');
        break;
      case 'counter.closed':
        counter(e, 'closed');
        break;

      case 'ticket.issued': {
        if (tickets.has(e.ticketId) || known.has(e.ticketId)) break; // a ticket is issued once
        const serviceId = e.payload.serviceId;
        const t: TicketProjection = {
          ticketId: e.ticketId,
          day: e.day,
          fieldCode: ctx.fieldOf(serviceId),
          serviceId,
          state: 'waiting',
          // A walk-in served at the counter without a ticket never queued: it adds no wait (not a wait of 0).
          queuedAt: e.payload.channel === 'walk_in' ? null : e.payload.queuedAt,
          predictedWaitMin: e.payload.predictedWaitMin,
          firstCalledAt: null,
          waitMs: null,
          finishedAt: null,
          rating: null,
        };
        tickets.set(e.ticketId, t);
        totals(t.day, t.fieldCode).issued++;
        if (t.queuedAt !== null) perMinute(t.day, t.queuedAt, 'arrivals');
        break;
      }
      case 'ticket.called': {
        const { t, sum } = ticketOf(e);
        if (t.firstCalledAt === null) {
          t.firstCalledAt = e.at;
          sum.called++;
          perMinute(t.day, e.at, 'calls');
          if (t.queuedAt !== null) {
            t.waitMs = Math.max(0, e.at - t.queuedAt);
            sum.waitN++;
            sum.waitSumMs += t.waitMs;
            if (t.waitMs > ctx.lateThresholdMs) sum.waitOverN++;
            sum.waitHist[waitBucket(t.waitMs)]!++;
          }
        }
        t.state = e.payload.to;
        break;
      }
      case 'ticket.recalled':
      case 'ticket.started':
      case 'ticket.held':
      case 'ticket.returned':
      case 'ticket.transferred':
        ticketOf(e).t.state = e.payload.to;
        break;
      case 'ticket.finished': {
        const { t, sum } = ticketOf(e);
        sum.served++;
        t.finishedAt = e.at;
        t.state = e.payload.to;
        break;
      }
      case 'ticket.no_show': {
        const { t, sum } = ticketOf(e);
        sum.noShow++;
        t.finishedAt = e.at;
        t.state = e.payload.to;
        break;
      }
      case 'ticket.cancelled': {
        const { t, sum } = ticketOf(e);
        sum.cancelled++;
        t.finishedAt = e.at;
        t.state = e.payload.to;
        break;
      }
      case 'ticket.expired': {
        // Closed by the day's start as cancelled (its payload has the state it was left in).
        const { t, sum } = ticketOf(e);
        sum.cancelled++;
        t.finishedAt = e.at;
        t.state = 'cancelled';
        break;
      }
      case 'ticket.rated': {
        const { t, sum } = ticketOf(e);
        if (t.rating === null) {
          t.rating = e.payload.score;
          sum.ratingN++;
          sum.ratingSum += e.payload.score;
        }
        t.state = e.payload.to;
        break;
      }

      // A ward's health at the city: its devices, their peripherals, a storage outage.
      case 'device.online':
      case 'device.offline':
        devices.set(e.payload.deviceId, { deviceId: e.payload.deviceId, kind: e.payload.kind, online: e.type === 'device.online', revoked: false, at: e.at });
        break;
      case 'device.paired':
      case 'device.revoked':
        devices.set(e.payload.deviceId, { deviceId: e.payload.deviceId, kind: e.payload.kind, online: false, revoked: e.type === 'device.revoked', at: e.at });
        break;
      case 'device.health':
        peripherals.set(`${e.payload.deviceId}|${e.payload.peripheral}`, { deviceId: e.payload.deviceId, peripheral: e.payload.peripheral, kind: e.payload.kind, health: e.payload.health, at: e.at });
        break;
      case 'hub.storage_recovered':
        storageOutage = { since: e.payload.since, until: e.payload.until, code: e.payload.code, refused: e.payload.refused };
        break;
      case 'report.week_note':
        weekNotes.set(e.payload.weekFrom, { weekFrom: e.payload.weekFrom, weekTo: e.payload.weekTo, text: e.payload.text, at: e.at });
        break;

      // Not projected: they change no ticket figure or counter status the city shows.
      case 'ticket.called_specific':
      case 'ticket.dossier_recorded':
      case 'appointment.checked_in':
      case 'appointment.booked':
      case 'city.message_applied':
      case 'booking.accepted':
      case 'booking.refused':
      case 'booking.cancelled':
      case 'booking.no_show':
      case 'team.decided':
      case 'auth.signed_in':
      case 'auth.signed_out':
      case 'auth.locked_out':
      case 'auth.unlocked':
      case 'alarm.wait_warn':
      case 'alarm.wait_breach':
      case 'advice.declined':
      case 'device.pairing_code':
      case 'print.sent':
      case 'print.printed':
      case 'print.failed':
      case 'config.seeded':
      case 'config.field_saved':
      case 'config.field_deleted':
      case 'config.service_saved':
      case 'config.procedure_saved':
      case 'config.procedure_deleted':
      case 'config.counter_saved':
      case 'config.counter_deleted':
      case 'config.clerk_saved':
      case 'config.settings_saved':
      case 'config.catalog_imported':
      case 'config.skill_added':
      case 'config.skill_ended':
      case 'day.started':
      case 'data.purged':
        break;
      default:
        return unreachable(e);
    }
  }
  return { tickets, daily, minutes: new Map([...minutes].map(([day, m]) => [day, { day, arrivals: m.arrivals, calls: m.calls }])), counters, devices, peripherals, storageOutage, weekNotes };
}

/** A new event type fails typecheck here until the projection says what it does with it. */
function unreachable(e: never): never {
  throw new Error(`projection: unhandled event ${JSON.stringify(e)}`);
}

/** Builds `fieldOf` from a hub's catalogue (service → field id → field code). */
export function fieldResolver(catalog: { fields: { id: string; code: string }[]; services: { id: string; fieldId: string }[] } | null): (serviceId: string | null) => string {
  if (!catalog) return () => UNKNOWN_FIELD;
  const codeOfField = new Map(catalog.fields.map((f) => [f.id, f.code]));
  const fieldOfService = new Map(catalog.services.map((s) => [s.id, codeOfField.get(s.fieldId) ?? UNKNOWN_FIELD]));
  return (serviceId) => (serviceId ? (fieldOfService.get(serviceId) ?? UNKNOWN_FIELD) : UNKNOWN_FIELD);
}
