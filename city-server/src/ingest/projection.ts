/**
 * The city's projections of a hub's events, pure: given the tickets a batch touches (as stored
 * before it) and the batch's new events, what the tickets, the per ward/day/field totals and the
 * counters become. The ingest stores the result in the same transaction as the events, so a
 * figure is counted exactly when its event is stored, and never twice.
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
import type { SyncEvent } from '@motcua/shared';

export const UNKNOWN_FIELD = '?';

export type TicketState = 'waiting' | 'called' | 'serving' | 'held' | 'done' | 'no_show' | 'cancelled';

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
  ratingN: number;
  ratingSum: number;
}

export interface CounterProjection {
  counterId: string;
  status: 'open' | 'paused' | 'closed';
  at: number;
}

export interface ProjectionResult {
  /** Every ticket the events changed, in its new form. */
  tickets: Map<string, TicketProjection>;
  /** Increments to add to the stored totals, by `day|field`. */
  daily: Map<string, DailyTotals>;
  counters: Map<string, CounterProjection>;
}

export interface ProjectionContext {
  /** The field code of a service, from the hub's catalogue. */
  fieldOf(serviceId: string | null): string;
  lateThresholdMs: number;
}

const STATES: ReadonlySet<string> = new Set(['waiting', 'called', 'serving', 'held', 'done', 'no_show', 'cancelled']);

const DEFAULT_STATE: Record<string, TicketState> = {
  'ticket.called': 'called',
  'ticket.recalled': 'called',
  'ticket.started': 'serving',
  'ticket.finished': 'done',
  'ticket.no_show': 'no_show',
  'ticket.transferred': 'waiting',
  'ticket.held': 'held',
  'ticket.returned': 'waiting',
  'ticket.cancelled': 'cancelled',
  'ticket.expired': 'cancelled',
};

const COUNTER_STATUS: Record<string, CounterProjection['status']> = {
  'counter.opened': 'open',
  'counter.resumed': 'open',
  'counter.paused': 'paused',
  'counter.closed': 'closed',
};

type Payload = Record<string, unknown>;
const asPayload = (p: unknown): Payload => (p && typeof p === 'object' && !Array.isArray(p) ? (p as Payload) : {});
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const text = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);

export function emptyTotals(day: string, fieldCode: string): DailyTotals {
  return { day, fieldCode, issued: 0, called: 0, served: 0, noShow: 0, cancelled: 0, waitN: 0, waitSumMs: 0, waitOverN: 0, ratingN: 0, ratingSum: 0 };
}

/** The ticket ids a batch refers to without issuing them in the same batch: load these first. */
export function ticketsToLoad(events: readonly SyncEvent[]): string[] {
  const issued = new Set<string>();
  const need = new Set<string>();
  for (const e of events) {
    if (!e.ticketId || !e.type.startsWith('ticket.')) continue;
    if (e.type === 'ticket.issued') issued.add(e.ticketId);
    else if (!issued.has(e.ticketId)) need.add(e.ticketId);
  }
  return [...need];
}

/**
 * Folds new events (already filtered to seq > high-water, in seq order) into projections.
 * `known` holds the stored version of the tickets the events refer to; it is not modified.
 */
export function project(events: readonly SyncEvent[], known: ReadonlyMap<string, TicketProjection>, ctx: ProjectionContext): ProjectionResult {
  const tickets = new Map<string, TicketProjection>();
  const daily = new Map<string, DailyTotals>();
  const counters = new Map<string, CounterProjection>();

  const totals = (day: string, fieldCode: string): DailyTotals => {
    const key = `${day}|${fieldCode}`;
    let t = daily.get(key);
    if (!t) {
      t = emptyTotals(day, fieldCode);
      daily.set(key, t);
    }
    return t;
  };
  const ticket = (e: SyncEvent, p: Payload): TicketProjection => {
    const id = e.ticketId as string;
    let t = tickets.get(id);
    if (t) return t;
    const before = known.get(id);
    if (before) {
      t = { ...before };
    } else {
      // Its ticket.issued never reached the city (purged on the hub before the first sync): keep
      // the ticket's later figures, attributed to the event's day, but no wait (no queue time).
      const serviceId = text(p.serviceId);
      t = { ticketId: id, day: e.day, fieldCode: ctx.fieldOf(serviceId), serviceId, state: 'waiting', queuedAt: null, predictedWaitMin: null, firstCalledAt: null, waitMs: null, finishedAt: null, rating: null };
    }
    tickets.set(id, t);
    return t;
  };

  for (const e of events) {
    const p = asPayload(e.payload);
    const counterStatus = COUNTER_STATUS[e.type];
    if (counterStatus) {
      const counterId = text(p.counterId);
      if (counterId) counters.set(counterId, { counterId, status: counterStatus, at: e.at });
      continue;
    }
    if (!e.ticketId || !e.type.startsWith('ticket.')) continue;

    if (e.type === 'ticket.issued') {
      if (tickets.has(e.ticketId) || known.has(e.ticketId)) continue; // a ticket is issued once
      const serviceId = text(p.serviceId);
      const t: TicketProjection = {
        ticketId: e.ticketId,
        day: e.day,
        fieldCode: ctx.fieldOf(serviceId),
        serviceId,
        state: 'waiting',
        queuedAt: num(p.queuedAt) ?? e.at,
        predictedWaitMin: num(p.predictedWaitMin),
        firstCalledAt: null,
        waitMs: null,
        finishedAt: null,
        rating: null,
      };
      tickets.set(e.ticketId, t);
      totals(t.day, t.fieldCode).issued++;
      continue;
    }

    const t = ticket(e, p);
    const sum = totals(t.day, t.fieldCode);
    const to = text(p.to);
    const next = to && STATES.has(to) ? (to as TicketState) : DEFAULT_STATE[e.type];
    switch (e.type) {
      case 'ticket.called':
        if (t.firstCalledAt === null) {
          t.firstCalledAt = e.at;
          sum.called++;
          if (t.queuedAt !== null) {
            t.waitMs = Math.max(0, e.at - t.queuedAt);
            sum.waitN++;
            sum.waitSumMs += t.waitMs;
            if (t.waitMs > ctx.lateThresholdMs) sum.waitOverN++;
          }
        }
        break;
      case 'ticket.finished':
        sum.served++;
        t.finishedAt = e.at;
        break;
      case 'ticket.no_show':
        sum.noShow++;
        t.finishedAt = e.at;
        break;
      case 'ticket.cancelled':
      case 'ticket.expired':
        sum.cancelled++;
        t.finishedAt = e.at;
        break;
      case 'ticket.rated': {
        const score = num(p.score);
        if (score !== null && t.rating === null) {
          t.rating = score;
          sum.ratingN++;
          sum.ratingSum += score;
        }
        break;
      }
      default:
        break;
    }
    if (next) t.state = next;
  }
  return { tickets, daily, counters };
}

/** Builds `fieldOf` from a hub's catalogue (service → field id → field code). */
export function fieldResolver(catalog: { fields: { id: string; code: string }[]; services: { id: string; fieldId: string }[] } | null): (serviceId: string | null) => string {
  if (!catalog) return () => UNKNOWN_FIELD;
  const codeOfField = new Map(catalog.fields.map((f) => [f.id, f.code]));
  const fieldOfService = new Map(catalog.services.map((s) => [s.id, codeOfField.get(s.fieldId) ?? UNKNOWN_FIELD]));
  return (serviceId) => (serviceId ? (fieldOfService.get(serviceId) ?? UNKNOWN_FIELD) : UNKNOWN_FIELD);
}
