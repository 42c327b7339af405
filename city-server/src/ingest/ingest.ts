/**
 * Sync ingest: verifies a signed batch, then stores its new events and updates every projection
 * in ONE PostgreSQL transaction, so a batch is either wholly stored and counted or not at all.
 *
 * Order of checks (the first that fails answers): size → headers → hub and key → signature →
 * timestamp window → body (JSON, schema, event count) → hub in body = hub in header → inside the
 * transaction: nonce not seen (replay) → `afterSeq <= high-water` (no hole) → store.
 *
 * Every event of an accepted batch is stored as sent. Each is read against the shared `HubEvent`
 * union before it is projected: one of a type this city does not know (a newer hub) or with a
 * payload that does not match its type is stored but not projected, and logged — the batch is
 * neither refused (the hub would retry it forever) nor dropped.
 */
import type { Pool, PoolClient } from 'pg';
import { pgArray, pgArrayElement } from '../db/arrays';
import { sqlAddHistograms } from '../db/summary';
import { addMinutes } from '../db/minutes';
import { inTransaction, isConnectionError } from '../db/client';
import { localMidnight, SYNC_HEADERS, SYNC_PROTOCOL_VERSION, type SyncBatch, syncHeadSigningInput, syncSigningInput, type Clock, type SyncAck, type SyncErrorCode, type SyncEvent, type SyncEventRow, type SyncResponse, type SyncState, type TicketState } from '@motcua/shared';
import type { HubRepo } from '../hubs';
import type { Logger } from '../logger';
import { fieldResolver, project, ticketsToLoad, type TicketProjection } from './projection';
import { syncSignatureMatches } from '@motcua/shared/sync-signing';
import { readSignedHeaders, type SignedHeaders } from './signature';
import { parseSyncBatch, readSyncEventFast } from './fast-read';
import { BOOKING_ANSWER_TYPES, BookingService } from '../booking/bookings';
import { isTeamAnswer, TeamService } from '../teams/teams';

export interface IngestLimits {
  maxBatchEvents: number;
  maxBatchBytes: number;
  timestampWindowMs: number;
  lateThresholdMs: number;
  /** The city's time zone: a business day's minutes count from its local midnight (city_minute_hours). */
  timeZone: string;
}

export interface IngestOutcome {
  status: number;
  body: SyncResponse | { ok: true; data: SyncState } | { ok: false; error: { code: SyncErrorCode; message: string; highWater?: number; serverTime?: number } };
}

type Headers = Record<string, string | string[] | undefined>;

const STATUS: Record<SyncErrorCode, number> = {
  invalid_batch: 400,
  hub_mismatch: 400,
  batch_too_large: 413,
  unknown_hub: 401,
  unknown_key: 401,
  bad_signature: 401,
  stale_timestamp: 401,
  replayed: 409,
  out_of_order: 409,
  unavailable: 503,
  internal: 500,
};

export function refuse(code: SyncErrorCode, message: string, extra: { highWater?: number; serverTime?: number } = {}): IngestOutcome {
  return { status: STATUS[code], body: { ok: false, error: { code, message, ...extra } } };
}

class Refusal extends Error {
  constructor(readonly outcome: IngestOutcome) {
    super(outcome.body.ok ? 'refused' : outcome.body.error.message);
  }
}

interface PreparedEvents {
  events: readonly SyncEventRow[];
  typed: readonly SyncEvent[];
  /** The parameters of `INSERT_EVENTS`. */
  params: unknown[];
}

/**
 * Stores a batch's events (parameters: `eventInsertParams`). Scalars as column arrays (unnest),
 * payloads as one JSON array (json_array_elements), joined by position: the least CPU of the
 * forms measured, in PostgreSQL and in Node together (json_to_recordset over the whole batch cost
 * PostgreSQL 50% more; escaping every payload into a text[] literal cost Node twice as much; COPY
 * through pg-copy-streams took 25–35% longer per 1,000-event batch, median of 60 interleaved
 * batches, twice, December 2026).
 */
export const INSERT_EVENTS = `INSERT INTO city_events (hub_id, seq, at, day, type, actor, ticket_id, payload)
  SELECT $1, s.seq, s.at, s.day, s.type, s.actor, s.ticket_id, p.payload
  FROM unnest($2::bigint[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[]) WITH ORDINALITY AS s(seq, at, day, type, actor, ticket_id, n)
  JOIN json_array_elements($8::json) WITH ORDINALITY AS p(payload, n) USING (n)`;

export function eventInsertParams(hubId: string, events: readonly SyncEventRow[]): unknown[] {
  // One pass over the events for all six columns (the elements as `pgArray` writes them).
  const n = events.length;
  const seq = new Array<string>(n);
  const at = new Array<string>(n);
  const day = new Array<string>(n);
  const type = new Array<string>(n);
  const actor = new Array<string>(n);
  const ticket = new Array<string>(n);
  const payloads = new Array<unknown>(n);
  for (let i = 0; i < n; i++) {
    const e = events[i] as SyncEventRow;
    seq[i] = pgArrayElement(e.seq);
    at[i] = pgArrayElement(e.at);
    day[i] = pgArrayElement(e.day);
    type[i] = pgArrayElement(e.type);
    actor[i] = pgArrayElement(e.actor);
    ticket[i] = pgArrayElement(e.ticketId);
    payloads[i] = e.payload ?? null;
  }
  const literal = (parts: string[]): string => `{${parts.join(',')}}`;
  return [hubId, literal(seq), literal(at), literal(day), literal(type), literal(actor), literal(ticket), JSON.stringify(payloads)];
}

/**
 * A statement prepared once per connection (named): PostgreSQL parses and plans it once, not per
 * batch; each batch sends only its parameters.
 */
function prepared(name: string, text: string): (values: unknown[]) => { name: string; text: string; values: unknown[] } {
  return (values) => ({ name: `ingest_${name}`, text, values });
}

const TICKET_COLUMNS = 'hub_id, ticket_id, day, field_code, service_id, state, queued_at, predicted_wait_min, first_called_at, wait_ms, finished_at, rating';

/** The eleven column arrays of tickets after the hub id (`ticketsAndDaily`). */
function ticketColumns(t: readonly TicketProjection[]): string[] {
  return [
    pgArray(t.map((x) => x.ticketId)),
    pgArray(t.map((x) => x.day)),
    pgArray(t.map((x) => x.fieldCode)),
    pgArray(t.map((x) => x.serviceId)),
    pgArray(t.map((x) => x.state)),
    pgArray(t.map((x) => x.queuedAt)),
    pgArray(t.map((x) => x.predictedWaitMin)),
    pgArray(t.map((x) => x.firstCalledAt)),
    pgArray(t.map((x) => x.waitMs)),
    pgArray(t.map((x) => x.finishedAt)),
    pgArray(t.map((x) => x.rating)),
  ];
}

/**
 * A unique violation on city_tickets (any partition): a ticket the batch issued is stored already.
 * The batch's transaction is rolled back; `store` runs it again with every ticket upserted.
 */
function isStoredTicketConflict(e: unknown): boolean {
  const err = e as { code?: unknown; table?: unknown } | null;
  return err?.code === '23505' && typeof err.table === 'string' && err.table.startsWith('city_tickets');
}

/** The statements every batch runs (the rarer ones stay unnamed). */
const STATEMENTS = {
  lockHub: prepared('lock_hub', 'SELECT high_water, catalog FROM city_hubs WHERE hub_id = $1 FOR UPDATE'),
  events: prepared('events', INSERT_EVENTS),
  /**
   * Tickets as the batch leaves them, one array per column: those new to the city ($2–$12, a plain
   * INSERT) and those it had stored before ($13–$23, an upsert); and increments of the day's
   * totals ($24, JSON). Nearly every ticket of a catch-up is new, and a plain INSERT of a row costs
   * PostgreSQL about half what the upsert's speculative insertion does (the ON CONFLICT arbiter
   * check and its extra WAL record). A "new" ticket that is stored after all (a hub that issued the
   * same ticket id twice on one day) fails the INSERT; `store` then runs the batch again with every
   * ticket upserted, as before.
   */
  ticketsAndDaily: prepared(
    'tickets_daily',
    `WITH fresh AS (
       INSERT INTO city_tickets (${TICKET_COLUMNS})
       SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::real[], $9::bigint[], $10::bigint[], $11::bigint[], $12::smallint[])),
     tickets AS (
       INSERT INTO city_tickets (${TICKET_COLUMNS})
       SELECT $1, * FROM unnest($13::text[], $14::text[], $15::text[], $16::text[], $17::text[], $18::bigint[], $19::real[], $20::bigint[], $21::bigint[], $22::bigint[], $23::smallint[])
       ON CONFLICT (hub_id, ticket_id, day) DO UPDATE SET state = EXCLUDED.state, first_called_at = EXCLUDED.first_called_at, wait_ms = EXCLUDED.wait_ms,
         finished_at = EXCLUDED.finished_at, rating = EXCLUDED.rating)
     INSERT INTO city_daily AS d (hub_id, day, field_code, issued, called, served, no_show, cancelled, wait_n, wait_sum_ms, wait_over_n, wait_hist, rating_n, rating_sum)
     SELECT $1, x.day, x."fieldCode", x.issued, x.called, x.served, x."noShow", x.cancelled, x."waitN", x."waitSumMs", x."waitOverN", ARRAY(SELECT json_array_elements_text(x."waitHist")::int), x."ratingN", x."ratingSum"
     FROM json_to_recordset($24::json) AS x(day text, "fieldCode" text, issued int, called int, served int, "noShow" int, cancelled int, "waitN" int, "waitSumMs" bigint, "waitOverN" int, "waitHist" json, "ratingN" int, "ratingSum" int)
     ON CONFLICT (hub_id, day, field_code) DO UPDATE SET issued = d.issued + EXCLUDED.issued, called = d.called + EXCLUDED.called, served = d.served + EXCLUDED.served,
       no_show = d.no_show + EXCLUDED.no_show, cancelled = d.cancelled + EXCLUDED.cancelled, wait_n = d.wait_n + EXCLUDED.wait_n, wait_sum_ms = d.wait_sum_ms + EXCLUDED.wait_sum_ms,
       wait_over_n = d.wait_over_n + EXCLUDED.wait_over_n, wait_hist = ${sqlAddHistograms('d.wait_hist', 'EXCLUDED.wait_hist')}, rating_n = d.rating_n + EXCLUDED.rating_n, rating_sum = d.rating_sum + EXCLUDED.rating_sum`,
  ),
  counters: prepared(
    'counters',
    `INSERT INTO city_counters (hub_id, counter_id, status, at) SELECT $1, c."counterId", c.status, c.at FROM json_to_recordset($2::json) AS c("counterId" text, status text, at bigint)
     ON CONFLICT (hub_id, counter_id) DO UPDATE SET status = EXCLUDED.status, at = EXCLUDED.at`,
  ),
  /** The hub's row after a batch: high-water mark, counts, clock offset; its catalogue ($7, $8) when the batch carries one; heard from at $9 (the city's clock). */
  hubAfterBatch: prepared(
    'hub_after_batch',
    `UPDATE city_hubs SET high_water = $2, hub_last_seq = GREATEST(hub_last_seq, $3), events_total = events_total + $4, last_event_at = $5, last_seen_at = $9, clock_offset_ms = $6,
       catalog = COALESCE($7::jsonb, catalog), field_codes = COALESCE($8::text[], field_codes) WHERE hub_id = $1`,
  ),
};

interface Catalog {
  fields: { id: string; code: string; name: { vi: string; en: string } }[];
  services: { id: string; fieldId: string }[];
}

export class IngestService {
  constructor(
    private readonly pool: Pool,
    private readonly hubs: HubRepo,
    private readonly clock: Clock,
    private readonly limits: IngestLimits,
    private readonly log: Logger,
    /** After a batch commits: its hub and the days its events belong to (the live view's past-week figures). */
    private readonly onCommitted: (hubId: string, days: readonly string[]) => void,
  ) {}

  /**
   * Before the body of a batch is read (the route's onRequest hook): the declared length is within
   * the limit, the headers name an active hub and key, the head signature (over the request line,
   * headers and body length) matches and the timestamp is fresh. Null when the body may be read;
   * otherwise the refusal, and the body is never read. The full signature is checked after.
   */
  async checkHead(method: string, path: string, headers: Headers): Promise<IngestOutcome | null> {
    try {
      const raw = headers['content-length'];
      const length = typeof raw === 'string' && /^\d{1,12}$/.test(raw) ? Number(raw) : null;
      if (length === null) return { status: 411, body: { ok: false, error: { code: 'invalid_batch', message: 'a batch needs a Content-Length (no chunked bodies)' } } };
      if (length > this.limits.maxBatchBytes) return refuse('batch_too_large', `body over ${this.limits.maxBatchBytes} bytes; send fewer events per batch`);
      const h = readSignedHeaders(headers);
      if (typeof h === 'string') return refuse('bad_signature', h);
      const headSig = headers[SYNC_HEADERS.headSignature];
      if (typeof headSig !== 'string') return refuse('bad_signature', `missing ${SYNC_HEADERS.headSignature}`);
      const key = await this.hubs.secret(h.hubId, h.keyId);
      if (!key.ok) return key.reason === 'unknown_hub' ? refuse('unknown_hub', `hub ${h.hubId} is not registered (or deactivated) at this city server; register it first`) : refuse('unknown_key', `key ${h.keyId} of hub ${h.hubId} is unknown or revoked`);
      const input = syncHeadSigningInput({ method, path, hubId: h.hubId, keyId: h.keyId, timestamp: h.timestampRaw, nonce: h.nonce, bodyBytes: length });
      if (!syncSignatureMatches(key.secret, input, headSig)) return refuse('bad_signature', 'head signature does not match the headers and body length (tampered, or signed with another key)');
      const now = this.clock.now();
      if (Math.abs(now - h.timestamp) > this.limits.timestampWindowMs) return refuse('stale_timestamp', `timestamp ${h.timestamp} is more than ${this.limits.timestampWindowMs / 1000} s from the city's clock`, { serverTime: now });
      return null;
    } catch (e) {
      return this.failure(e);
    }
  }

  /**
   * Checks who sent a request and that it is fresh; a refusal otherwise. The one verifier of every
   * signed hub request: batches, the state heartbeat and the city → hub channel's pull
   * (channel/pull.ts), each signed over its method, path (with its query) and body.
   */
  async authenticate(method: string, path: string, headers: Headers, body: string): Promise<SignedHeaders | IngestOutcome> {
    const h = readSignedHeaders(headers);
    if (typeof h === 'string') return refuse('bad_signature', h);
    const key = await this.hubs.secret(h.hubId, h.keyId);
    if (!key.ok) {
      return key.reason === 'unknown_hub'
        ? refuse('unknown_hub', `hub ${h.hubId} is not registered (or deactivated) at this city server; register it first`)
        : refuse('unknown_key', `key ${h.keyId} of hub ${h.hubId} is unknown or revoked`);
    }
    const input = syncSigningInput({ method, path, hubId: h.hubId, keyId: h.keyId, timestamp: h.timestampRaw, nonce: h.nonce, body });
    if (!syncSignatureMatches(key.secret, input, h.signature)) return refuse('bad_signature', 'signature does not match the body and headers (tampered, or signed with another key)');
    const now = this.clock.now();
    if (Math.abs(now - h.timestamp) > this.limits.timestampWindowMs) {
      return refuse('stale_timestamp', `timestamp ${h.timestamp} is more than ${this.limits.timestampWindowMs / 1000} s from the city's clock`, { serverTime: now });
    }
    return h;
  }

  /** POST /api/sync/batches */
  async batch(path: string, headers: Headers, rawBody: string): Promise<IngestOutcome> {
    try {
      return await this.batchUnsafe(path, headers, rawBody);
    } catch (e) {
      return this.failure(e);
    }
  }

  /**
   * Records a request's nonce; false when it was already received (a replay). Batches record theirs
   * inside their transaction; the channel's pull records its own here.
   */
  async recordNonce(client: Pool | PoolClient, auth: SignedHeaders): Promise<boolean> {
    const r = await client.query('INSERT INTO city_sync_nonces (hub_id, nonce) VALUES ($1, $2) ON CONFLICT DO NOTHING', [auth.hubId, auth.nonce]);
    return (r.rowCount ?? 0) > 0;
  }

  failure(e: unknown): IngestOutcome {
    if (e instanceof Refusal) return e.outcome;
    // Connection refused/terminated, admin shutdown, too many connections: try again later.
    if (isConnectionError(e)) {
      this.log.warn({ err: e }, 'database unavailable during sync');
      return refuse('unavailable', 'the city database is unavailable; retry later');
    }
    this.log.error({ err: e }, 'sync ingest failed');
    return refuse('internal', 'internal error; retry later');
  }

  private async batchUnsafe(path: string, headers: Headers, rawBody: string): Promise<IngestOutcome> {
    if (Buffer.byteLength(rawBody) > this.limits.maxBatchBytes) return refuse('batch_too_large', `body over ${this.limits.maxBatchBytes} bytes; send fewer events per batch`);
    const auth = await this.authenticate('POST', path, headers, rawBody);
    if ('status' in auth) return auth;

    let json: unknown;
    try {
      json = JSON.parse(rawBody);
    } catch {
      return refuse('invalid_batch', 'body is not JSON');
    }
    const count = (json as { events?: unknown[] } | null)?.events?.length ?? 0;
    if (count > this.limits.maxBatchEvents) return refuse('batch_too_large', `${count} events in one batch; at most ${this.limits.maxBatchEvents}`);
    // The shared schema, by its fast path where that answers (fast-read.ts: the same result).
    const parsed = parseSyncBatch(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const v = (json as { v?: unknown } | null)?.v;
      const hint = v !== SYNC_PROTOCOL_VERSION ? ` (this city speaks sync protocol v${SYNC_PROTOCOL_VERSION})` : '';
      return refuse('invalid_batch', `${issue?.path.join('.') || '(body)'}: ${issue?.message ?? 'invalid'}${hint}`);
    }
    const batch = parsed.data;
    if (batch.hubId !== auth.hubId) return refuse('hub_mismatch', `body is for hub ${batch.hubId}, signed by hub ${auth.hubId}`);

    if (batch.catalog) {
      // The city-wide name of a field code (reports across wards): set by the first hub that
      // reports the code and never changed by a hub after that (DO NOTHING), so one hub cannot
      // rename a field for every ward. Each ward's own names stay in its catalogue (city_hubs),
      // which its ward page shows. Outside the batch's transaction, where the same keys inserted
      // by many hubs' first batches would make them wait for each other.
      await this.pool.query(
        'INSERT INTO city_fields (code, name_vi, name_en) SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) ON CONFLICT (code) DO NOTHING',
        [batch.catalog.fields.map((f) => f.code), batch.catalog.fields.map((f) => f.name.vi), batch.catalog.fields.map((f) => f.name.en)],
      );
    }
    const ack = await this.store(auth, batch);
    if (ack.accepted > 0) this.onCommitted(batch.hubId, [...new Set(batch.events.map((e) => e.day))]);
    return { status: 200, body: { ok: true, data: ack } };
  }

  private async store(auth: SignedHeaders, batch: SyncBatch): Promise<SyncAck> {
    // Everything that needs only the batch is done before the transaction opens (reading each
    // event against the union, the events' columns), so the transaction holds its locks for its
    // statements only, never while this process works on other batches.
    const prepared = this.prepare(batch.hubId, batch.events);
    try {
      return await this.storeIn(auth, batch, prepared, false);
    } catch (e) {
      if (!isStoredTicketConflict(e)) throw e;
      // Rolled back whole: the same batch again, every ticket upserted (the rare path).
      this.log.warn({ hubId: batch.hubId, afterSeq: batch.afterSeq }, 'a ticket issued in this batch was stored already (the hub issued its id twice on one day): stored again with every ticket upserted');
      return this.storeIn(auth, batch, prepared, true);
    }
  }

  /** One try at storing a batch in one transaction; `upsertAll`: no ticket assumed new. */
  private storeIn(auth: SignedHeaders, batch: SyncBatch, prepared: PreparedEvents, upsertAll: boolean): Promise<SyncAck> {
    return inTransaction(this.pool, async (client) => {
      const hub = await client.query<{ high_water: string; catalog: Catalog | null }>(STATEMENTS.lockHub([batch.hubId]));
      const row = hub.rows[0];
      if (!row) throw new Refusal(refuse('unknown_hub', `hub ${batch.hubId} is not registered`));
      if (!(await this.recordNonce(client, auth))) throw new Refusal(refuse('replayed', 'this request (nonce) was already received; sign every request afresh'));
      const highWater = Number(row.high_water);
      if (batch.afterSeq > highWater) {
        throw new Refusal(refuse('out_of_order', `batch continues from seq ${batch.afterSeq} but the city has everything up to ${highWater} only; continue from ${highWater}`, { highWater }));
      }
      // Seqs are strictly increasing (SyncBatch): the new events are a suffix of the batch.
      const firstFresh = batch.events.findIndex((e) => e.seq > highWater);
      const fresh = firstFresh < 0 ? [] : firstFresh === 0 ? batch.events : batch.events.slice(firstFresh);
      const duplicates = batch.events.length - fresh.length;
      if (fresh.length === 0) {
        await client.query('UPDATE city_hubs SET last_seen_at = $4, hub_last_seq = GREATEST(hub_last_seq, $2), clock_offset_ms = $3 WHERE hub_id = $1', [batch.hubId, batch.hubLastSeq, auth.timestamp - this.clock.now(), new Date(this.clock.now())]);
        return { highWater, accepted: 0, duplicates, serverTime: this.clock.now() };
      }
      const catalog = batch.catalog ?? row.catalog;
      await this.apply(client, batch.hubId, fresh.length === batch.events.length ? prepared : this.prepare(batch.hubId, fresh, prepared.typed), catalog, upsertAll);
      const last = fresh[fresh.length - 1] as SyncEventRow;
      if (batch.centre) {
        // The registration's name wins; the hub's own address fills in one left empty.
        await client.query("UPDATE city_hubs SET address = $2 WHERE hub_id = $1 AND address = ''", [batch.hubId, batch.centre.address]);
      }
      // clock_offset_ms: the hub's clock (the request's signed timestamp) less the city's, at
      // receipt: ahead > 0 (it includes the request's transit, a few ms to a second). The
      // catalogue (sent with a hub's first batch and when it changes) in the same statement.
      await client.query(
        STATEMENTS.hubAfterBatch([batch.hubId, last.seq, batch.hubLastSeq, fresh.length, last.at, auth.timestamp - this.clock.now(), batch.catalog ? JSON.stringify(batch.catalog) : null, batch.catalog ? batch.catalog.fields.map((f) => f.code) : null, new Date(this.clock.now())]),
      );
      return { highWater: last.seq, accepted: fresh.length, duplicates, serverTime: this.clock.now() };
    });
  }

  /** The events of a batch that this city can project: those that read as a `HubEvent`. */
  private readable(hubId: string, rows: readonly SyncEventRow[]): SyncEvent[] {
    const typed: SyncEvent[] = [];
    const unknown: { seq: number; type: string }[] = [];
    const malformed: { seq: number; message: string }[] = [];
    for (const row of rows) {
      const r = readSyncEventFast(row);
      if (r.ok) typed.push(r.event);
      else if (r.reason === 'unknown_type') unknown.push({ seq: row.seq, type: row.type });
      else malformed.push({ seq: row.seq, message: r.message });
    }
    if (unknown.length) this.log.info({ hubId, count: unknown.length, types: [...new Set(unknown.map((u) => u.type))].slice(0, 20) }, 'events of types this city does not know: stored, not projected');
    if (malformed.length) this.log.warn({ hubId, count: malformed.length, first: malformed.slice(0, 5) }, 'events whose payload does not match their type: stored, not projected');
    return typed;
  }

  /**
   * A batch's events ready to store: their INSERT's parameters and those of them that read as a
   * `HubEvent` (typed once: `typed` given, the suffix of a batch reuses its reading).
   */
  private prepare(hubId: string, events: readonly SyncEventRow[], typed?: readonly SyncEvent[]): PreparedEvents {
    const first = events[0]?.seq ?? 0;
    return {
      events,
      typed: typed ? typed.filter((e) => e.seq >= first) : this.readable(hubId, events),
      params: eventInsertParams(hubId, events),
    };
  }

  private async apply(client: PoolClient, hubId: string, prepared: PreparedEvents, catalog: Catalog | null, upsertAll: boolean): Promise<void> {
    const { events, typed } = prepared;
    await client.query(STATEMENTS.events(prepared.params));
    // The hub's answers to home bookings (accepted, refused, checked in, no-show) update them.
    const answers = events.filter((e) => BOOKING_ANSWER_TYPES.has(e.type));
    if (answers.length) await BookingService.applyHubAnswers(client, hubId, answers, this.limits.timeZone);
    // Its answers to mobile-team assignments (delivered, accepted, declined, withdrawn) update their status.
    const teamAnswers = typed.filter(isTeamAnswer);
    if (teamAnswers.length) await TeamService.applyHubAnswers(client, hubId, teamAnswers);
    const ids = ticketsToLoad(typed);
    const known = new Map<string, TicketProjection>();
    if (ids.length) {
      const r = await client.query<Record<string, string | number | null>>(
        'SELECT ticket_id, day, field_code, service_id, state, queued_at, predicted_wait_min, first_called_at, wait_ms, finished_at, rating FROM city_tickets WHERE hub_id = $1 AND ticket_id = ANY($2::text[])',
        [hubId, ids],
      );
      const n = (v: string | number | null | undefined): number | null => (v === null || v === undefined ? null : Number(v));
      for (const t of r.rows) {
        known.set(t.ticket_id as string, {
          ticketId: t.ticket_id as string,
          day: t.day as string,
          fieldCode: t.field_code as string,
          serviceId: t.service_id as string | null,
          state: t.state as TicketState,
          queuedAt: n(t.queued_at),
          predictedWaitMin: n(t.predicted_wait_min),
          firstCalledAt: n(t.first_called_at),
          waitMs: n(t.wait_ms),
          finishedAt: n(t.finished_at),
          rating: n(t.rating),
        });
      }
    }
    const p = project(typed, known, { fieldOf: fieldResolver(catalog), lateThresholdMs: this.limits.lateThresholdMs, dayStart: (day) => localMidnight(Date.parse(`${day}T12:00:00Z`), this.limits.timeZone) });
    if (p.tickets.size || p.daily.size) {
      // The tickets and the day's totals in one statement (two tables, no row read by the other).
      // A ticket is new to the city unless it was loaded above (`known`: every ticket the batch
      // refers to without issuing it); one the batch issues is new unless the hub reused its id.
      const fresh: TicketProjection[] = [];
      const seen: TicketProjection[] = [];
      for (const t of p.tickets.values()) (upsertAll || known.has(t.ticketId) ? seen : fresh).push(t);
      await client.query(
        STATEMENTS.ticketsAndDaily([
          hubId,
          ...ticketColumns(fresh),
          ...ticketColumns(seen),
          JSON.stringify([...p.daily.values()]),
        ]),
      );
    }
    // Arrivals and first calls by ward, day and hour (db/minutes.ts), in the batch's transaction.
    await addMinutes(client, hubId, [...p.minutes.values()]);
    if (p.devices.size) {
      await client.query(
        `INSERT INTO city_devices AS d (hub_id, device_id, kind, online, revoked, at)
         SELECT $1, x."deviceId", x.kind, x.online, x.revoked, x.at FROM json_to_recordset($2::json) AS x("deviceId" text, kind text, online boolean, revoked boolean, at bigint)
         ON CONFLICT (hub_id, device_id) DO UPDATE SET kind = EXCLUDED.kind, online = EXCLUDED.online, revoked = EXCLUDED.revoked, at = EXCLUDED.at`,
        [hubId, JSON.stringify([...p.devices.values()])],
      );
    }
    if (p.peripherals.size) {
      await client.query(
        `INSERT INTO city_peripherals (hub_id, device_id, peripheral, kind, health, at)
         SELECT $1, x."deviceId", x.peripheral, x.kind, x.health, x.at FROM json_to_recordset($2::json) AS x("deviceId" text, peripheral text, kind text, health text, at bigint)
         ON CONFLICT (hub_id, device_id, peripheral) DO UPDATE SET kind = EXCLUDED.kind, health = EXCLUDED.health, at = EXCLUDED.at`,
        [hubId, JSON.stringify([...p.peripherals.values()])],
      );
    }
    if (p.weekNotes.size) {
      await client.query(
        `INSERT INTO city_week_notes AS n (hub_id, week_from, week_to, text, at)
         SELECT $1, x."weekFrom", x."weekTo", x.text, x.at FROM json_to_recordset($2::json) AS x("weekFrom" text, "weekTo" text, text text, at bigint)
         ON CONFLICT (hub_id, week_from) DO UPDATE SET text = EXCLUDED.text, week_to = EXCLUDED.week_to, at = EXCLUDED.at WHERE EXCLUDED.at >= n.at`,
        [hubId, JSON.stringify([...p.weekNotes.values()])],
      );
    }
    if (p.storageOutage) await client.query('UPDATE city_hubs SET storage_outage = $2 WHERE hub_id = $1', [hubId, JSON.stringify(p.storageOutage)]);
    if (p.counters.size) await client.query(STATEMENTS.counters([hubId, JSON.stringify([...p.counters.values()])]));
  }

  /** GET /api/sync/state — the hub's high-water mark (signed, empty body); also a heartbeat. */
  async state(path: string, headers: Headers): Promise<IngestOutcome> {
    try {
      const auth = await this.authenticate('GET', path, headers, '');
      if ('status' in auth) return auth;
      const r = await this.pool.query<{ high_water: string }>('UPDATE city_hubs SET last_seen_at = $3, clock_offset_ms = $2 WHERE hub_id = $1 RETURNING high_water', [auth.hubId, auth.timestamp - this.clock.now(), new Date(this.clock.now())]);
      const row = r.rows[0];
      if (!row) return refuse('unknown_hub', `hub ${auth.hubId} is not registered`);
      return { status: 200, body: { ok: true, data: { hubId: auth.hubId, highWater: Number(row.high_water), serverTime: this.clock.now() } } };
    } catch (e) {
      return this.failure(e);
    }
  }

  /** Forgets nonces older than twice the timestamp window (a replay that old fails the timestamp check). */
  async purgeNonces(): Promise<number> {
    const r = await this.pool.query('DELETE FROM city_sync_nonces WHERE at < now() - make_interval(secs => $1)', [(2 * this.limits.timestampWindowMs) / 1000]);
    return r.rowCount ?? 0;
  }
}
