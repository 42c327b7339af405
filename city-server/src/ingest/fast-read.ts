/**
 * The fast path of reading a sync batch: hand-written checks of the shapes that make up nearly all
 * of a catch-up (the batch envelope, each event row, and the ticket and counter events), equal to
 * the shared zod schemas (`SyncBatch`, `readSyncEvent`) wherever they answer, and silent (null)
 * wherever they are not sure. The ingest asks the fast path first and the full schema when it
 * answers null, so every event is still checked against the contract, and every refusal's message
 * comes from the schema.
 *
 * Why: the schemas cost about twice JSON.parse per event (the `CalendarDay` refinement of every
 * event's day alone half of it), the largest share of the city's CPU in a catch-up
 * (docs/CITY-SCALE.md).
 *
 * Rule of the fast path: it returns a value only when the schema would accept the same input and
 * return an equal value. Schema objects strip keys they do not know (a newer hub's added payload
 * field), so a value with a key the fast path does not list, or without one it lists, goes to the
 * schema. `fast-read.test.ts` proves the rule with generated inputs (valid, mutated, and foreign)
 * against the schemas themselves, and that the key lists below are the schemas' own.
 */
import { Channel, isCalendarDay, PriorityGroup, readSyncEvent, SYNC_PROTOCOL_VERSION, SyncBatch, TicketState, type SyncEvent, type SyncEventRead, type SyncEventRow } from '@motcua/shared';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
/** `z.number().int()` (safe integers only, as zod 4). */
const isInt = (v: unknown): v is number => Number.isSafeInteger(v);
/** `z.number()`: finite numbers. */
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isStr = (v: unknown): v is string => typeof v === 'string';
const isStrOrNull = (v: unknown): v is string | null => v === null || typeof v === 'string';
const isNumOrNull = (v: unknown): boolean => v === null || isNum(v);

/** The object has exactly these own keys (no fewer: a missing key; no more: the schema would strip it). */
function hasExactly(o: Obj, keys: readonly string[]): boolean {
  let n = 0;
  for (const k in o) {
    if (!Object.hasOwn(o, k)) return false;
    n++;
  }
  if (n !== keys.length) return false;
  for (const k of keys) if (!Object.hasOwn(o, k)) return false;
  return true;
}

/** The days already proven calendar days (a batch has one or two; a bounded memo). */
const knownDays = new Set<string>();
function isDay(v: unknown): v is string {
  if (typeof v !== 'string') return false;
  if (knownDays.has(v)) return true;
  if (!isCalendarDay(v)) return false;
  if (knownDays.size > 4096) knownDays.clear();
  knownDays.add(v);
  return true;
}

const HUB_ID = /^[a-z0-9-]{3,64}$/;

/** The keys of `SyncBatch` the fast path reads itself (`catalog` and `centre` go through their schemas). */
export const BATCH_KEYS = ['v', 'hubId', 'afterSeq', 'hubLastSeq', 'events'] as const;
/** The keys of `SyncEventRow`. */
export const ROW_KEYS = ['seq', 'at', 'day', 'type', 'actor', 'ticketId', 'payload'] as const;

/**
 * The batch's envelope and event rows, when the fast path can vouch for them: `{ v, hubId, afterSeq,
 * hubLastSeq, events }` as `SyncBatch` would return them; the caller adds `catalog` and `centre`
 * (read by their own schemas). Null when unsure: the full schema decides.
 */
export function fastBatchEnvelope(json: unknown): Omit<SyncBatch, 'catalog' | 'centre'> | null {
  if (!isObj(json)) return null;
  const extra = ('catalog' in json ? 1 : 0) + ('centre' in json ? 1 : 0);
  let n = 0;
  for (const k in json) {
    if (!Object.hasOwn(json, k)) return null;
    n++;
  }
  if (n !== BATCH_KEYS.length + extra) return null;
  const { v, hubId, afterSeq, hubLastSeq, events } = json;
  if (v !== SYNC_PROTOCOL_VERSION) return null;
  if (!isStr(hubId) || !HUB_ID.test(hubId)) return null;
  if (!isInt(afterSeq) || afterSeq < 0 || !isInt(hubLastSeq) || hubLastSeq < 0) return null;
  if (!Array.isArray(events) || events.length === 0) return null;
  let prev = afterSeq;
  for (const e of events as unknown[]) {
    if (!isObj(e) || !hasExactly(e, ROW_KEYS)) return null;
    const { seq, at, day, type, actor, ticketId, payload } = e;
    if (!isInt(seq) || seq <= 0 || seq <= prev) return null;
    prev = seq;
    if (!isInt(at)) return null;
    if (!isDay(day)) return null;
    if (!isStr(type) || type.length < 1 || type.length > 64) return null;
    if (!isStrOrNull(actor) || (actor !== null && actor.length > 200)) return null;
    if (!isStrOrNull(ticketId) || (ticketId !== null && (ticketId.length < 1 || ticketId.length > 64))) return null;
    if (payload === undefined) return null;
  }
  return { v: SYNC_PROTOCOL_VERSION, hubId, afterSeq, hubLastSeq, events: events as SyncEventRow[] };
}

// ---------------------------------------------------------------- events (the `HubEvent` union)

const TICKET_STATES: ReadonlySet<unknown> = new Set(TicketState.options);
const CHANNELS: ReadonlySet<unknown> = new Set(Channel.options);
const PRIORITY_GROUPS: ReadonlySet<unknown> = new Set(PriorityGroup.options);

/** Payload keys of the members the fast path reads, by schema (tested equal to the schemas' shapes). */
export const PAYLOAD_KEYS = {
  transition: ['number', 'from', 'to', 'counterId', 'serviceId'],
  called: ['number', 'from', 'to', 'counterId', 'serviceId', 'reason'],
  rated: ['number', 'from', 'to', 'counterId', 'serviceId', 'score', 'reason'],
  issued: ['number', 'serviceId', 'procedureId', 'channel', 'priorityGroup', 'queuedAt', 'slotAt', 'predictedWaitMin', 'peopleAhead'],
  counterStatus: ['counterId', 'reason'],
} as const;

/** `TicketTransitionPayload`'s fields (the caller checks the key set). */
function transitionOk(p: Obj): boolean {
  return isStr(p.number) && TICKET_STATES.has(p.from) && TICKET_STATES.has(p.to) && isStrOrNull(p.counterId) && isStr(p.serviceId);
}

type PayloadCheck = { ticket: boolean; keys: readonly string[]; ok: (p: Obj) => boolean };
const TRANSITION: PayloadCheck = { ticket: true, keys: PAYLOAD_KEYS.transition, ok: transitionOk };
const COUNTER: PayloadCheck = { ticket: false, keys: PAYLOAD_KEYS.counterStatus, ok: (p) => isStr(p.counterId) && isStrOrNull(p.reason) };

/** The event types the fast path reads, and how (all others go to the schema). */
export const FAST_TYPES: ReadonlyMap<string, PayloadCheck> = new Map<string, PayloadCheck>([
  [
    'ticket.issued',
    {
      ticket: true,
      keys: PAYLOAD_KEYS.issued,
      ok: (p) =>
        isStr(p.number) &&
        isStr(p.serviceId) &&
        isStrOrNull(p.procedureId) &&
        CHANNELS.has(p.channel) &&
        (p.priorityGroup === null || PRIORITY_GROUPS.has(p.priorityGroup)) &&
        isNum(p.queuedAt) &&
        isNumOrNull(p.slotAt) &&
        isNumOrNull(p.predictedWaitMin) &&
        isNumOrNull(p.peopleAhead),
    },
  ],
  ['ticket.called', { ticket: true, keys: PAYLOAD_KEYS.called, ok: (p) => transitionOk(p) && isStr(p.reason) }],
  ['ticket.recalled', TRANSITION],
  ['ticket.started', TRANSITION],
  ['ticket.finished', TRANSITION],
  ['ticket.no_show', TRANSITION],
  ['ticket.held', TRANSITION],
  ['ticket.returned', TRANSITION],
  ['ticket.cancelled', TRANSITION],
  ['ticket.rated', { ticket: true, keys: PAYLOAD_KEYS.rated, ok: (p) => transitionOk(p) && isNum(p.score) && isStrOrNull(p.reason) }],
  ['counter.opened', COUNTER],
  ['counter.paused', COUNTER],
  ['counter.resumed', COUNTER],
  ['counter.closed', COUNTER],
]);

/**
 * A row read as a `HubEvent`, as `readSyncEvent` would read it, when the fast path can vouch for
 * it; null otherwise (another type, an extra or missing payload key, a value out of the schema).
 */
export function fastReadSyncEvent(row: SyncEventRow): SyncEvent | null {
  const check = FAST_TYPES.get(row.type);
  if (!check) return null;
  const { ticketId, payload } = row;
  if (check.ticket ? typeof ticketId !== 'string' || ticketId.length < 1 || ticketId.length > 64 : ticketId !== null) return null;
  if (!isObj(payload) || !hasExactly(payload, check.keys) || !check.ok(payload)) return null;
  // The schema's checks passed for this type: the row is this member of the union.
  return { seq: row.seq, at: row.at, day: row.day, actor: row.actor, type: row.type, ticketId, payload } as SyncEvent;
}

const CATALOG = SyncBatch.shape.catalog;
const CENTRE = SyncBatch.shape.centre;

/** A whole batch by the fast path (its catalogue and centre by their own schemas), or null. */
export function fastSyncBatch(json: unknown): SyncBatch | null {
  const envelope = fastBatchEnvelope(json);
  if (!envelope) return null;
  const o = json as Obj;
  const batch: SyncBatch = envelope;
  if ('catalog' in o) {
    const c = CATALOG.safeParse(o.catalog);
    if (!c.success) return null;
    if (c.data !== undefined) batch.catalog = c.data;
  }
  if ('centre' in o) {
    const c = CENTRE.safeParse(o.centre);
    if (!c.success) return null;
    if (c.data !== undefined) batch.centre = c.data;
  }
  return batch;
}

/** `SyncBatch.safeParse`, by the fast path when it answers: the same result either way. */
export function parseSyncBatch(json: unknown): ReturnType<typeof SyncBatch.safeParse> {
  const fast = fastSyncBatch(json);
  return fast ? { success: true, data: fast } : SyncBatch.safeParse(json);
}

/** `readSyncEvent`, by the fast path when it answers: the same result either way. */
export function readSyncEventFast(row: SyncEventRow): SyncEventRead {
  const fast = fastReadSyncEvent(row);
  return fast ? { ok: true, event: fast } : readSyncEvent(row);
}
