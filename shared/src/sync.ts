/**
 * The hub → city sync contract: signed batches of a hub's `events`, the city's acknowledgement,
 * and what the city answers the kiosk's "nearby wards" question with.
 *
 * Rules the city enforces (city-server/README.md explains them in full):
 * - a batch carries `afterSeq` (the city high-water mark the hub believes in) and the hub's events
 *   with `seq > afterSeq`, in strictly increasing order, nothing left out in between;
 * - `afterSeq > highWater` is refused as `out_of_order` (there would be a hole); `afterSeq <=
 *   highWater` is accepted and the events at or below the high-water mark are skipped as
 *   duplicates, so a retry after a lost acknowledgement is harmless;
 * - the body is signed with the hub's key: HMAC-SHA256 over `syncSigningInput(…)`, hex, in the
 *   `x-motcua-signature` header as `v1=<hex>`; the timestamp must be within the city's window and
 *   the nonce never seen before for that hub.
 */
import { z } from 'zod';
import { CalendarDay, LocalizedText, NationalCode } from './domain';
import { DayHours } from './protocol-manager';
import { parseHubEvent, type HubEvent, type HubEventOf, type HubEventType } from './events';

export const SYNC_PROTOCOL_VERSION = 1;

/** HTTP headers of a signed sync request (lower case, as Node delivers them). */
export const SYNC_HEADERS = {
  hub: 'x-motcua-hub',
  keyId: 'x-motcua-key-id',
  timestamp: 'x-motcua-timestamp',
  nonce: 'x-motcua-nonce',
  signature: 'x-motcua-signature',
  /**
   * HMAC over the request line, these headers and the body's length in bytes (not the body): the
   * city checks it before it reads the body, so an unsigned client cannot make it read megabytes.
   */
  headSignature: 'x-motcua-head-signature',
} as const;

export const SYNC_PATHS = {
  batches: '/api/sync/batches',
  state: '/api/sync/state',
} as const;

/** The city's defaults; a city may configure others and says so in its errors. */
export const SYNC_LIMITS = {
  maxBatchEvents: 5000,
  maxBatchBytes: 8 * 1024 * 1024,
  /** How far a request's timestamp may be from the city's clock. */
  timestampWindowMs: 5 * 60_000,
} as const;

export const HubIdSchema = z.string().regex(/^[a-z0-9-]{3,64}$/, 'hub id: 3–64 of a-z, 0-9, -');

/**
 * What is signed: the protocol version, method, path, hub, key id, timestamp, nonce and the exact
 * body bytes (as a UTF-8 string), one per line. Any change to any of them breaks the signature.
 */
export function syncSigningInput(p: { method: string; path: string; hubId: string; keyId: string; timestamp: string; nonce: string; body: string }): string {
  return `motcua-sync-v1\n${p.method.toUpperCase()}\n${p.path}\n${p.hubId}\n${p.keyId}\n${p.timestamp}\n${p.nonce}\n${p.body}`;
}

/** What the head signature covers: as `syncSigningInput`, with the body's length in bytes instead of the body. */
export function syncHeadSigningInput(p: { method: string; path: string; hubId: string; keyId: string; timestamp: string; nonce: string; bodyBytes: number }): string {
  return `motcua-sync-head-v1\n${p.method.toUpperCase()}\n${p.path}\n${p.hubId}\n${p.keyId}\n${p.timestamp}\n${p.nonce}\n${p.bodyBytes}`;
}

/**
 * One row of a hub's `events` table as it travels: the type is any string and the payload any
 * JSON, so a batch from a newer hub (a type this city does not know yet) or an older one is still
 * accepted and stored whole; the city reads each event against the `HubEvent` union
 * (`readSyncEvent`) before projecting it.
 */
export const SyncEventRow = z.object({
  seq: z.number().int().positive(),
  at: z.number().int(),
  day: CalendarDay,
  type: z.string().min(1).max(64),
  actor: z.string().max(200).nullable(),
  ticketId: z.string().min(1).max(64).nullable(),
  payload: z.unknown(),
});
export type SyncEventRow = z.infer<typeof SyncEventRow>;

/** Where and when an event happened, besides what it says. */
export interface SyncEventMeta {
  seq: number;
  at: number;
  day: string;
  actor: string | null;
}

/** One hub event as sent, typed: the envelope and one member of the `HubEvent` union. */
export type SyncEvent = SyncEventMeta & HubEvent;
/** A sent event of one type. */
export type SyncEventOf<T extends HubEventType> = SyncEventMeta & HubEventOf<T>;

/** Makes a sent event of a built hub event (`hubEvent(…)`), e.g. for test fixtures. */
export function syncEvent<E extends HubEvent>(meta: SyncEventMeta, e: E): SyncEventMeta & E {
  return { ...meta, ...e };
}

export type SyncEventRead = { ok: true; event: SyncEvent } | { ok: false; reason: 'unknown_type' | 'malformed'; message: string };

/** Reads a row against the union: the typed event, or why not (unknown type, malformed payload). */
export function readSyncEvent(row: SyncEventRow): SyncEventRead {
  const r = parseHubEvent(row);
  if (!r.ok) return r;
  return { ok: true, event: { seq: row.seq, at: row.at, day: row.day, actor: row.actor, ...r.event } };
}

/**
 * What the city needs to offer home bookings at a ward (issue 18): the ward's opening hours, how
 * many counters serve each service, and the manager's choices (share of capacity open to booking,
 * how many days ahead). Absent (an older hub, or booking not configured): the ward takes no home
 * bookings.
 */
export const SyncBookingSetup = z.object({
  /** Monday first, as CentreSettings.openingHours. */
  openingHours: z.array(DayHours).length(7),
  /** Share of a slot's capacity open to home bookings, 0–1 (0: no home bookings). */
  share: z.number().min(0).max(1),
  /** How many business days a citizen may book ahead: today and the next horizonDays − 1 days. */
  horizonDays: z.number().int().min(1).max(60),
  slotMinutes: z.number().int().min(5).max(120),
  /**
   * Per service id: the counters that serve it (primary or secondary) and its expected minutes of
   * service; a service no counter serves is not bookable.
   */
  services: z.record(z.string().min(1).max(64), z.object({ counters: z.number().int().min(0).max(500), expectedServiceMin: z.number().positive().max(240) })),
});
export type SyncBookingSetup = z.infer<typeof SyncBookingSetup>;

/** The hub's catalogue, so the city can attribute tickets to a field (lĩnh vực) by its code. */
export const SyncCatalog = z.object({
  fields: z.array(z.object({ id: z.string().min(1).max(64), code: z.string().min(1).max(32), name: LocalizedText })).max(500),
  services: z.array(z.object({ id: z.string().min(1).max(64), fieldId: z.string().min(1).max(64), name: LocalizedText })).max(2000),
  /**
   * National procedures (thủ tục) by service, for the booking site; `id` is the hub's own procedure
   * id (what its dossier events name), so the city's report can name the procedure of a dossier.
   */
  procedures: z.array(z.object({ id: z.string().min(1).max(64).optional(), code: NationalCode, serviceId: z.string().min(1).max(64), name: LocalizedText })).max(5000).optional(),
  booking: SyncBookingSetup.optional(),
});
export type SyncCatalog = z.infer<typeof SyncCatalog>;

export const SyncBatch = z
  .object({
    v: z.literal(SYNC_PROTOCOL_VERSION),
    hubId: HubIdSchema,
    /** The high-water mark the batch continues from: the hub has no event in (afterSeq, events[0].seq). */
    afterSeq: z.number().int().min(0),
    /** The hub's newest seq when it sent this, for "events behind" on the city side. */
    hubLastSeq: z.number().int().min(0),
    /** Sent with the first batch after the uploader starts, and whenever it changes. */
    catalog: SyncCatalog.optional(),
    centre: z.object({ name: LocalizedText, address: z.string().max(300) }).optional(),
    events: z.array(SyncEventRow).min(1),
  })
  .superRefine((b, ctx) => {
    let prev = b.afterSeq;
    for (let i = 0; i < b.events.length; i++) {
      const seq = (b.events[i] as SyncEventRow).seq;
      if (seq <= prev) {
        ctx.addIssue({ code: 'custom', path: ['events', i, 'seq'], message: `seq ${seq} must be greater than ${prev} (strictly increasing, after afterSeq)` });
        return;
      }
      prev = seq;
    }
  });
export type SyncBatch = z.infer<typeof SyncBatch>;

export const SyncAck = z.object({
  /** The city's high-water mark for this hub after the batch: the next batch continues from it. */
  highWater: z.number().int().min(0),
  accepted: z.number().int().min(0),
  duplicates: z.number().int().min(0),
  serverTime: z.number().int(),
});
export type SyncAck = z.infer<typeof SyncAck>;

export const SyncState = z.object({ hubId: HubIdSchema, highWater: z.number().int().min(0), serverTime: z.number().int() });
export type SyncState = z.infer<typeof SyncState>;

export const SYNC_ERROR_CODES = [
  'invalid_batch',
  'batch_too_large',
  'unknown_hub',
  'unknown_key',
  'bad_signature',
  'stale_timestamp',
  'replayed',
  'out_of_order',
  'hub_mismatch',
  'unavailable',
  'internal',
] as const;
export type SyncErrorCode = (typeof SYNC_ERROR_CODES)[number];

export const SyncError = z.object({
  code: z.enum(SYNC_ERROR_CODES),
  message: z.string(),
  /** With out_of_order: where the hub must continue from. */
  highWater: z.number().int().min(0).optional(),
  /** With stale_timestamp: the city's clock, so a hub with a wrong clock can correct its offset. */
  serverTime: z.number().int().optional(),
});
export type SyncError = z.infer<typeof SyncError>;

export const SyncResponse = z.discriminatedUnion('ok', [z.object({ ok: z.literal(true), data: SyncAck }), z.object({ ok: z.literal(false), error: SyncError })]);
export type SyncResponse = z.infer<typeof SyncResponse>;

/** An absolute http(s) address: a link a citizen's phone opens (never `javascript:`, `data:` or a relative path). */
export const HttpUrl = z
  .string()
  .max(500)
  .refine((s) => {
    try {
      const u = new URL(s);
      return u.protocol === 'https:' || u.protocol === 'http:';
    } catch {
      return false;
    }
  }, 'an absolute http(s) address');

/** GET /api/nearby?ward=<hubId>&field=<field code> — wards with a shorter current wait for that field. */
export const NearbyWard = z.object({
  hubId: HubIdSchema,
  name: LocalizedText,
  address: z.string(),
  /** Straight-line distance from the asking ward, when both have coordinates. */
  distanceKm: z.number().min(0).nullable(),
  waiting: z.number().int().min(0),
  estimatedWaitMin: z.number().min(0),
  /** When the city last heard from that ward (epoch ms). */
  updatedAt: z.number().int().nullable(),
  /**
   * The city's public booking page for that ward (`<city publicUrl>/dat-lich/p/<hubId>`), which the
   * kiosk shows as a QR for the citizen's phone. Null (or absent, from an older city): the city does
   * not know its public address, or that ward takes no home bookings — the kiosk then shows no link.
   * A value that is not an http(s) address is read as null rather than refusing the whole answer.
   */
  bookingUrl: HttpUrl.nullable().optional().catch(null),
});
export type NearbyWard = z.infer<typeof NearbyWard>;

export const NearbyResponse = z.object({
  field: z.string(),
  ward: NearbyWard.nullable(),
  /** Shorter waits first; only wards whose estimate is below the asking ward's. */
  wards: z.array(NearbyWard),
});
export type NearbyResponse = z.infer<typeof NearbyResponse>;
