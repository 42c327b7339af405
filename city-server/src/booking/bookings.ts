/**
 * Home bookings on the city (issue 18): the wards open to booking, their slots, and the bookings
 * themselves — made, looked up, moved and cancelled by whoever holds the code. Every decision is
 * stored with its message to the ward's hub (channel/outbox.ts) in one transaction; what the hub
 * did with it comes back in the upward sync (`applyHubAnswers`).
 *
 * Personal data (Decree 13/2023): the name (the hub greets the citizen with it) and a keyed hash
 * of the phone number (only for the open-bookings limit); both are erased once the slot's day is
 * over (`purge`). Nothing personal is shown without the code; codes are 12 symbols of Crockford
 * base32 from the system's CSPRNG (60 bits).
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import { z } from 'zod';
import { addDays, appointmentQrPayload, businessDay, SyncCatalog, weekdayIndex, type Clock, type LocalizedText, type SyncBookingSetup } from '@motcua/shared';
import { enqueueForHub } from '../channel/outbox';
import { bookableDays, planSlots, type PlannedSlot } from './slots';

export const BOOKING_STATUSES = ['booked', 'accepted', 'refused', 'cancelled', 'honoured', 'no_show'] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];
/** Statuses that hold a place (and count against the phone's limit). */
const OPEN = ['booked', 'accepted'];

export const BOOKING_ERROR_CODES = [
  'invalid_input',
  'unknown_ward',
  'unknown_service',
  'unknown_procedure',
  'not_bookable',
  'invalid_day',
  'past_slot',
  'beyond_horizon',
  'no_such_slot',
  'slot_full',
  'too_many_open',
  'rate_limited',
  'not_found',
  'not_changeable',
] as const;
export type BookingErrorCode = (typeof BOOKING_ERROR_CODES)[number];

/** A refusal with its message in Vietnamese first, then English. */
export class BookingError extends Error {
  constructor(
    readonly code: BookingErrorCode,
    readonly status: number,
    readonly vi: string,
    readonly en: string,
    readonly retryAfterSec?: number,
  ) {
    super(`${vi} / ${en}`);
    this.name = 'BookingError';
  }
}

const NAME_MAX = 80;
/** A citizen's name: letters (any script), spaces and . ' - only; no markup, no control characters. */
export const CitizenName = z
  .string()
  .transform((s) => s.normalize('NFC').replace(/\s+/g, ' ').trim())
  .pipe(z.string().min(2).max(NAME_MAX).regex(/^[\p{L}\p{M}][\p{L}\p{M} .'-]*$/u));
/** Vietnamese phone numbers: 0xxxxxxxxx or +84xxxxxxxxx (spaces, dots and dashes allowed). */
export const PhoneNumber = z
  .string()
  .transform((s) => s.replace(/[\s.-]/g, ''))
  .pipe(z.string().regex(/^(\+84|0)\d{9}$/))
  .transform((s) => `0${s.replace(/^(\+84|0)/, '')}`);
export const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const BookingRequest = z.object({
  hubId: z.string().min(1).max(64),
  serviceId: z.string().min(1).max(64),
  slotStart: z.number().int(),
  name: z.string().max(1000),
  phone: z.string().max(40).optional(),
  procedureCode: z.string().max(40).optional(),
});
export type BookingRequest = z.infer<typeof BookingRequest>;

export interface BookingView {
  code: string;
  qr: string;
  hubId: string;
  wardName: LocalizedText;
  serviceId: string;
  serviceName: LocalizedText;
  procedureCode: string | null;
  day: string;
  slotStart: number;
  slotMinutes: number;
  name: string | null;
  status: BookingStatus;
  /**
   * Why the ward refused or cancelled it, when it did; on a booking still open (booked, accepted),
   * why the ward refused its last move (the booking kept its slot): see `moveRefused`.
   */
  reason: string | null;
  /** The ward refused the citizen's last move: the booking stays at `slotStart`, `reason` says why. */
  moveRefused: boolean;
}

export interface WardService {
  id: string;
  name: LocalizedText;
  fieldCode: string;
  fieldName: LocalizedText;
  counters: number;
  procedures: { code: string; name: LocalizedText }[];
}

export interface WardBooking {
  hubId: string;
  name: LocalizedText;
  address: string;
  /** Null: the ward takes no home bookings (its hub has not sent a booking setup). */
  setup: SyncBookingSetup | null;
  days: { first: string; last: string } | null;
  services: WardService[];
}

export interface BookingLimits {
  maxOpenPerPhone: number;
  timeZone: string;
  targetWaitMin: number;
  /** Same weekdays of history the walk-in forecast averages. */
  forecastWeeks: number;
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** 12 symbols × 5 bits = 60 bits from the CSPRNG. */
export function newBookingCode(): string {
  const b = randomBytes(12);
  let s = '';
  for (const x of b) s += CROCKFORD[x & 31];
  return s;
}

type Row = Record<string, unknown>;

interface SlotContext {
  ward: WardBooking;
  service: WardService;
  setup: SyncBookingSetup;
  svc: { counters: number; expectedServiceMin: number };
  byHour: number[];
  day: string;
}

/** The hub events that answer a home booking (what `applyHubAnswers` reads). */
export const BOOKING_ANSWER_TYPES: ReadonlySet<string> = new Set(['booking.accepted', 'booking.refused', 'booking.cancelled', 'booking.no_show', 'appointment.checked_in']);

export class BookingService {
  private pepper: string | null = null;
  private readonly forecasts = new Map<string, { at: number; byHour: number[] }>();

  /**
   * `phoneKey`: the key of the phone hashes, derived from the city's secrets key (outside the
   * database: a copy of the database alone does not let anyone test the ~10⁹ phone numbers against
   * the hashes). Without a secrets key (an external database with none configured, which the city
   * already warns about) the per-city pepper in the database is used.
   */
  constructor(
    private readonly pool: Pool,
    private readonly clock: Clock,
    readonly limits: BookingLimits,
    phoneKey: string | null = null,
  ) {
    this.pepper = phoneKey;
  }

  get db(): Pool {
    return this.pool;
  }

  // ------------------------------------------------------------------ wards and slots

  async ward(hubId: string): Promise<WardBooking | null> {
    const r = await this.pool.query<{ hub_id: string; name_vi: string; name_en: string; address: string; catalog: unknown }>(
      'SELECT hub_id, name_vi, name_en, address, catalog FROM city_hubs WHERE hub_id = $1 AND active',
      [hubId],
    );
    const row = r.rows[0];
    if (!row) return null;
    return this.wardOf(row);
  }

  async wards(): Promise<WardBooking[]> {
    const r = await this.pool.query<{ hub_id: string; name_vi: string; name_en: string; address: string; catalog: unknown }>('SELECT hub_id, name_vi, name_en, address, catalog FROM city_hubs WHERE active ORDER BY name_vi');
    return r.rows.map((row) => this.wardOf(row));
  }

  private wardOf(row: { hub_id: string; name_vi: string; name_en: string; address: string; catalog: unknown }): WardBooking {
    const parsed = SyncCatalog.safeParse(row.catalog);
    const catalog = parsed.success ? parsed.data : null;
    const setup = catalog?.booking && catalog.booking.share > 0 ? catalog.booking : null;
    const fields = new Map((catalog?.fields ?? []).map((f) => [f.id, f]));
    const services: WardService[] = (catalog?.services ?? []).flatMap((s) => {
      const f = fields.get(s.fieldId);
      if (!f) return [];
      return [
        {
          id: s.id,
          name: s.name,
          fieldCode: f.code,
          fieldName: f.name,
          counters: setup?.services[s.id]?.counters ?? 0,
          procedures: (catalog?.procedures ?? []).filter((p) => p.serviceId === s.id).map((p) => ({ code: p.code, name: p.name })),
        },
      ];
    });
    return {
      hubId: row.hub_id,
      name: { vi: row.name_vi, en: row.name_en },
      address: row.address,
      setup,
      days: setup ? bookableDays(this.clock.now(), setup.horizonDays, this.limits.timeZone) : null,
      services,
    };
  }

  /** The day's slots of a ward's service, checked as the API needs (errors in both languages). */
  async slots(hubId: string, serviceId: string, day: string): Promise<{ ward: WardBooking; service: WardService; slots: PlannedSlot[] }> {
    const ctx = await this.slotContext(hubId, serviceId, day);
    return { ward: ctx.ward, service: ctx.service, slots: await this.slotsOf(ctx, this.pool) };
  }

  /**
   * Everything a day's slots need but the places already held: read from the pool, never while a
   * transaction holds a connection (a transaction waiting for a second connection would starve
   * the pool under load).
   */
  private async slotContext(hubId: string, serviceId: string, day: string): Promise<SlotContext> {
    const ward = await this.ward(hubId);
    if (!ward) throw new BookingError('unknown_ward', 404, `Không có phường/xã "${clip(hubId)}".`, `No ward "${clip(hubId)}".`);
    const service = ward.services.find((s) => s.id === serviceId);
    if (!service) throw new BookingError('unknown_service', 404, `Phường/xã này không có dịch vụ "${clip(serviceId)}".`, `This ward has no service "${clip(serviceId)}".`);
    const setup = ward.setup;
    const svc = setup?.services[serviceId];
    if (!setup || !ward.days || !svc || svc.counters <= 0)
      throw new BookingError('not_bookable', 409, 'Dịch vụ này chưa nhận đặt lịch từ xa tại phường/xã này.', 'This service does not take home bookings at this ward.');
    if (!Day.safeParse(day).success || Number.isNaN(Date.parse(`${day}T00:00:00Z`)) || new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10) !== day)
      throw new BookingError('invalid_day', 400, `Ngày "${clip(day)}" không hợp lệ (dạng YYYY-MM-DD).`, `"${clip(day)}" is not a valid day (YYYY-MM-DD).`);
    if (day < ward.days.first) throw new BookingError('past_slot', 400, 'Ngày này đã qua.', 'That day is in the past.');
    if (day > ward.days.last)
      throw new BookingError('beyond_horizon', 400, `Chỉ đặt được lịch đến ngày ${ward.days.last}.`, `Bookings are open only until ${ward.days.last}.`);
    const byHour = await this.walkIns(hubId, serviceId, day);
    return { ward, service, setup, svc, byHour, day };
  }

  /** The slots with the places held now, read through `db` (the booking transaction's client). */
  private async slotsOf(ctx: SlotContext, db: Pool | PoolClient): Promise<PlannedSlot[]> {
    const { ward, service, setup, svc, byHour, day } = ctx;
    const hubId = ward.hubId;
    const serviceId = service.id;
    const booked = await db.query<{ slot_start: string; n: string }>(
      `SELECT slot_start, count(*) AS n FROM city_bookings WHERE hub_id = $1 AND service_id = $2 AND day = $3 AND status = ANY($4) GROUP BY slot_start`,
      [hubId, serviceId, day, OPEN],
    );
    return planSlots({
      day,
      openingHours: setup.openingHours,
      slotMinutes: setup.slotMinutes,
      counters: svc.counters,
      expectedServiceMin: svc.expectedServiceMin,
      share: setup.share,
      walkInsByHour: byHour,
      booked: new Map(booked.rows.map((b) => [Number(b.slot_start), Number(b.n)])),
      now: this.clock.now(),
      targetWaitMin: this.limits.targetWaitMin,
      timeZone: this.limits.timeZone,
    });
  }

  /**
   * Walk-ins expected per local hour on `day` for the service: the average over the last
   * `forecastWeeks` same weekdays on which the ward issued any ticket (none: no history, 0 — the
   * manager's share still caps what is offered). Cached for 10 minutes.
   */
  async walkIns(hubId: string, serviceId: string, day: string): Promise<number[]> {
    const key = `${hubId}|${serviceId}|${weekdayIndex(day)}`;
    const now = this.clock.now();
    const hit = this.forecasts.get(key);
    if (hit && now - hit.at < 10 * 60_000) return hit.byHour;
    const today = businessDay(now, this.limits.timeZone);
    // The same weekday as `day`, strictly before today, going back forecastWeeks weeks.
    let d = addDays(today, -1);
    while (weekdayIndex(d) !== weekdayIndex(day)) d = addDays(d, -1);
    const days: string[] = [];
    for (let k = 0; k < this.limits.forecastWeeks; k++) days.push(addDays(d, -7 * k));
    const seen = await this.pool.query<{ n: string }>('SELECT count(DISTINCT day) AS n FROM city_daily WHERE hub_id = $1 AND day = ANY($2) AND issued > 0', [hubId, days]);
    const nDays = Number(seen.rows[0]?.n ?? 0);
    const byHour = new Array<number>(24).fill(0);
    if (nDays > 0) {
      const r = await this.pool.query<{ h: number; n: string }>(
        `SELECT extract(hour FROM to_timestamp(queued_at / 1000.0) AT TIME ZONE $4)::int AS h, count(*) AS n
         FROM city_tickets WHERE hub_id = $1 AND service_id = $2 AND day = ANY($3) AND queued_at IS NOT NULL GROUP BY h`,
        [hubId, serviceId, days, this.limits.timeZone],
      );
      for (const row of r.rows) if (row.h >= 0 && row.h < 24) byHour[row.h] = Number(row.n) / nDays;
    }
    this.forecasts.set(key, { at: now, byHour });
    return byHour;
  }

  // ------------------------------------------------------------------ bookings

  async create(input: unknown): Promise<BookingView> {
    const req = BookingRequest.safeParse(input);
    if (!req.success) throw invalid(req.error);
    const name = CitizenName.safeParse(req.data.name);
    if (!name.success)
      throw new BookingError(
        'invalid_input',
        400,
        `Họ tên cần 2–${NAME_MAX} ký tự, chỉ gồm chữ cái, dấu cách và . ' -`,
        `The name needs 2–${NAME_MAX} characters: letters, spaces and . ' - only`,
      );
    let phone: string | null = null;
    if (req.data.phone !== undefined && req.data.phone.trim() !== '') {
      const p = PhoneNumber.safeParse(req.data.phone);
      if (!p.success) throw new BookingError('invalid_input', 400, 'Số điện thoại không hợp lệ (ví dụ 0912345678).', 'The phone number is not valid (e.g. 0912345678).');
      phone = p.data;
    }
    const { hubId, serviceId, slotStart } = req.data;
    const day = businessDay(slotStart, this.limits.timeZone);
    const procedureCode = req.data.procedureCode?.trim() || null;
    const ctx = await this.slotContext(hubId, serviceId, day);
    const { ward, service } = ctx;
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      // One booking at a time per ward and service: the count of held places and the insert
      // below see the same bookings (two citizens never take the last place together).
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`booking|${hubId}|${serviceId}`]);
      const slots = await this.slotsOf(ctx, client);
      if (procedureCode !== null && service.procedures.length > 0 && !service.procedures.some((p) => p.code === procedureCode))
        throw new BookingError('unknown_procedure', 404, `Dịch vụ này không có thủ tục "${clip(procedureCode)}".`, `This service has no procedure "${clip(procedureCode)}".`);
      const slot = slots.find((s) => s.slotStart === slotStart);
      if (!slot) {
        if (slotStart <= this.clock.now()) throw new BookingError('past_slot', 400, 'Giờ hẹn này đã qua.', 'That slot is in the past.');
        throw new BookingError('no_such_slot', 400, 'Không có giờ hẹn này (ngoài giờ làm việc hoặc không đúng khung giờ).', 'There is no such slot (outside opening hours or not a slot start).');
      }
      if (slot.free <= 0) throw new BookingError('slot_full', 409, 'Giờ hẹn này đã hết chỗ, mời Ông/Bà chọn giờ khác.', 'This slot is full; please choose another.');
      const phoneHash = phone === null ? null : await this.hashPhone(client, phone);
      if (phoneHash !== null) {
        const open = await client.query<{ n: string }>('SELECT count(*) AS n FROM city_bookings WHERE phone_hash = $1 AND status = ANY($2)', [phoneHash, OPEN]);
        if (Number(open.rows[0]?.n ?? 0) >= this.limits.maxOpenPerPhone)
          throw new BookingError(
            'too_many_open',
            409,
            `Số điện thoại này đã có ${this.limits.maxOpenPerPhone} lịch hẹn chưa đến; hãy huỷ một lịch trước.`,
            `This phone number already holds ${this.limits.maxOpenPerPhone} open bookings; cancel one first.`,
          );
      }
      const code = newBookingCode();
      const slotMinutes = ward.setup?.slotMinutes ?? 30;
      await client.query(
        `INSERT INTO city_bookings (code, hub_id, service_id, field_code, procedure_code, day, slot_start, slot_minutes, name, phone_hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [code, hubId, serviceId, service.fieldCode, procedureCode, day, slotStart, slotMinutes, name.data, phoneHash],
      );
      await enqueueForHub(client, hubId, {
        kind: 'booking.created',
        booking: { code, serviceId, procedureCode, slotStart, day, slotMinutes, name: name.data, bookedAt: this.clock.now() },
      });
      await client.query('COMMIT');
      return this.view({ code, hub_id: hubId, service_id: serviceId, procedure_code: procedureCode, day, slot_start: slotStart, slot_minutes: slotMinutes, name: name.data, status: 'booked', reason: null }, ward);
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  }

  async get(code: string): Promise<BookingView> {
    const row = await this.row(this.pool, code);
    return this.view(row, await this.ward(row.hub_id as string));
  }

  async cancel(code: string): Promise<BookingView> {
    return this.change(code, async (client, row) => {
      await client.query(`UPDATE city_bookings SET status = 'cancelled', reason = 'citizen', updated_at = now() WHERE code = $1`, [row.code]);
      await enqueueForHub(client, row.hub_id as string, { kind: 'booking.cancelled', code: row.code as string, by: 'citizen' });
      return { ...row, status: 'cancelled', reason: 'citizen' };
    });
  }

  async move(code: string, slotStart: unknown): Promise<BookingView> {
    const to = z.number().int().safeParse(slotStart);
    if (!to.success) throw new BookingError('invalid_input', 400, 'slotStart phải là thời điểm (mili giây).', 'slotStart must be an instant (epoch ms).');
    const current = await this.row(this.pool, code);
    const day = businessDay(to.data, this.limits.timeZone);
    const ctx = await this.slotContext(current.hub_id as string, current.service_id as string, day);
    return this.change(code, async (client, row) => {
      const hubId = row.hub_id as string;
      const serviceId = row.service_id as string;
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`booking|${hubId}|${serviceId}`]);
      const slots = await this.slotsOf(ctx, client);
      const slot = slots.find((s) => s.slotStart === to.data);
      if (!slot) {
        if (to.data <= this.clock.now()) throw new BookingError('past_slot', 400, 'Giờ hẹn này đã qua.', 'That slot is in the past.');
        throw new BookingError('no_such_slot', 400, 'Không có giờ hẹn này.', 'There is no such slot.');
      }
      const own = Number(row.slot_start) === to.data ? 1 : 0;
      if (slot.free + own <= 0) throw new BookingError('slot_full', 409, 'Giờ hẹn này đã hết chỗ, mời Ông/Bà chọn giờ khác.', 'This slot is full; please choose another.');
      // A new move clears the note of an earlier refused one (an open booking has no other reason).
      await client.query('UPDATE city_bookings SET slot_start = $2, day = $3, reason = NULL, updated_at = now() WHERE code = $1', [row.code, to.data, day]);
      await enqueueForHub(client, hubId, { kind: 'booking.moved', code: row.code as string, slotStart: to.data, day });
      return { ...row, slot_start: to.data, day, reason: null };
    });
  }

  private async change(code: string, f: (client: PoolClient, row: Row) => Promise<Row>): Promise<BookingView> {
    const client = await this.pool.connect();
    let out: Row;
    try {
      await client.query('BEGIN');
      const row = await this.row(client, code, true);
      if (!OPEN.includes(row.status as string) || Number(row.slot_start) <= this.clock.now())
        throw new BookingError('not_changeable', 409, 'Lịch hẹn này không còn thay đổi được (đã huỷ, bị từ chối, đã đến hoặc đã qua giờ).', 'This booking can no longer be changed (cancelled, refused, used or past).');
      out = await f(client, row);
      await client.query('COMMIT');
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
    return this.view(out, await this.ward(out.hub_id as string));
  }

  private async row(db: Pool | PoolClient, code: string, lock = false): Promise<Row> {
    const c = code.trim().toUpperCase();
    const notFound = new BookingError('not_found', 404, 'Không tìm thấy lịch hẹn với mã này.', 'No booking with this code.');
    if (!/^[0-9A-HJKMNP-TV-Z]{10,16}$/.test(c)) throw notFound;
    const r = await db.query<Row>(`SELECT * FROM city_bookings WHERE code = $1${lock ? ' FOR UPDATE' : ''}`, [c]);
    const row = r.rows[0];
    if (!row) throw notFound;
    return row;
  }

  private view(row: Row, ward: WardBooking | null): BookingView {
    const code = row.code as string;
    const service = ward?.services.find((s) => s.id === row.service_id);
    return {
      code,
      qr: appointmentQrPayload(code),
      hubId: row.hub_id as string,
      wardName: ward?.name ?? { vi: row.hub_id as string, en: row.hub_id as string },
      serviceId: row.service_id as string,
      serviceName: service?.name ?? { vi: row.service_id as string, en: row.service_id as string },
      procedureCode: (row.procedure_code as string | null) ?? null,
      day: row.day as string,
      slotStart: Number(row.slot_start),
      slotMinutes: Number(row.slot_minutes),
      name: (row.name as string | null) ?? null,
      status: row.status as BookingStatus,
      reason: (row.reason as string | null) ?? null,
      moveRefused: OPEN.includes(row.status as string) && row.reason != null,
    };
  }

  private async hashPhone(db: PoolClient, phone: string): Promise<string> {
    if (this.pepper === null) {
      const r = await db.query<{ pepper: string }>('SELECT pepper FROM city_booking_pepper WHERE id = 1');
      const p = r.rows[0]?.pepper;
      if (!p) throw new Error('city_booking_pepper is empty');
      this.pepper = p;
    }
    return createHmac('sha256', this.pepper).update(phone).digest('hex');
  }

  // ------------------------------------------------------------------ the hub's answers, purge

  /**
   * What a ward's hub did with the bookings (its events in the upward sync, inside the ingest
   * transaction): accepted, refused (with its reason), cancelled at the ward, checked in
   * (honoured), no-show. Codes the city did not issue are ignored (kiosk bookings).
   */
  static async applyHubAnswers(client: PoolClient, hubId: string, events: readonly { type: string; payload: unknown }[], timeZone: string): Promise<void> {
    for (const e of events) {
      const p = (e.payload ?? {}) as { code?: unknown; reason?: unknown; detail?: unknown; by?: unknown; keptAt?: unknown; movedTo?: unknown };
      if (typeof p.code !== 'string') continue;
      const set = (status: BookingStatus, reason: string | null, from: readonly string[]) =>
        client.query('UPDATE city_bookings SET status = $3, reason = coalesce($4, reason), updated_at = now() WHERE hub_id = $1 AND code = $2 AND status = ANY($5)', [hubId, p.code, status, reason, from]);
      const why = `${String(p.reason)}${typeof p.detail === 'string' && p.detail ? `: ${p.detail}` : ''}`;
      if (e.type === 'booking.accepted') await set('accepted', null, ['booked']);
      else if (e.type === 'booking.refused' && typeof p.keptAt === 'number') {
        // A refused move: at the ward the booking stays as it was (its status, its old slot), so it
        // goes back there here and keeps its status; `reason` on an open booking says the move was
        // refused. Only if the booking still shows the refused slot: a later move the citizen made
        // meanwhile is answered by its own message.
        const movedTo = typeof p.movedTo === 'number' ? p.movedTo : null;
        await client.query(
          'UPDATE city_bookings SET slot_start = $3, day = $4, reason = $5, updated_at = now() WHERE hub_id = $1 AND code = $2 AND status = ANY($6) AND ($7::bigint IS NULL OR slot_start = $7)',
          [hubId, p.code, p.keptAt, businessDay(p.keptAt, timeZone), why, OPEN, movedTo],
        );
      } else if (e.type === 'booking.refused') await set('refused', why, ['booked', 'accepted']);
      else if (e.type === 'booking.cancelled' && p.by === 'hub') await set('cancelled', 'hub', ['booked', 'accepted']);
      else if (e.type === 'appointment.checked_in') await set('honoured', null, ['booked', 'accepted', 'no_show']);
      else if (e.type === 'booking.no_show') await set('no_show', null, ['booked', 'accepted']);
    }
  }

  /** Erases names and phone hashes of bookings whose day is over (Decree 13/2023). */
  async purge(): Promise<number> {
    const today = businessDay(this.clock.now(), this.limits.timeZone);
    const r = await this.pool.query(`UPDATE city_bookings SET name = NULL, phone_hash = NULL, purged_at = now() WHERE day < $1 AND purged_at IS NULL`, [today]);
    return r.rowCount ?? 0;
  }
}

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

function invalid(e: z.ZodError): BookingError {
  const issue = e.issues[0];
  const path = issue?.path.join('.') ?? '';
  return new BookingError('invalid_input', 400, `Dữ liệu không hợp lệ: ${path}`, `Invalid input: ${path} (${issue?.message ?? 'invalid'})`);
}
