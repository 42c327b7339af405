/**
 * Repositories hold the SQL; services hold the logic. Each repository covers one aggregate and
 * prepares its statements once.
 */
import type { Appointment, CallRecord, Clerk, Counter, Device, Field, PeripheralStatus, Procedure, Service, Ticket } from '@motcua/shared';
import type { Db } from './database';

import { numOrNull, str, strOrNull, toStoredEvent } from './rows';
import type { Row } from './rows';

export class CatalogRepo {
  private readonly q;
  constructor(private readonly db: Db) {
    this.q = {
      fields: db.prepare('SELECT * FROM fields ORDER BY sort_order, code'),
      services: db.prepare('SELECT * FROM services ORDER BY code'),
      procedures: db.prepare('SELECT * FROM procedures ORDER BY national_code'),
      insertField: db.prepare('INSERT INTO fields (id, code, name_vi, name_en, sort_order) VALUES (@id, @code, @vi, @en, @sortOrder)'),
      insertService: db.prepare(
        'INSERT INTO services (id, code, name_vi, name_en, field_id, prefix, expected_service_min, active) VALUES (@id, @code, @vi, @en, @fieldId, @prefix, @expectedServiceMin, @active)',
      ),
      insertProcedure: db.prepare('INSERT INTO procedures (id, national_code, name_vi, name_en, field_id, service_id) VALUES (@id, @nationalCode, @vi, @en, @fieldId, @serviceId)'),
    };
  }
  fields(): Field[] {
    return (this.q.fields.all() as Row[]).map((r) => ({ id: str(r.id), code: str(r.code), name: { vi: str(r.name_vi), en: str(r.name_en) }, sortOrder: Number(r.sort_order) }));
  }
  services(): Service[] {
    return (this.q.services.all() as Row[]).map((r) => ({
      id: str(r.id),
      code: str(r.code),
      name: { vi: str(r.name_vi), en: str(r.name_en) },
      fieldId: str(r.field_id),
      prefix: str(r.prefix),
      expectedServiceMin: Number(r.expected_service_min),
      active: r.active === 1,
    }));
  }
  procedures(): Procedure[] {
    return (this.q.procedures.all() as Row[]).map((r) => ({
      id: str(r.id),
      nationalCode: str(r.national_code),
      name: { vi: str(r.name_vi), en: str(r.name_en) },
      fieldId: str(r.field_id),
      serviceId: str(r.service_id),
    }));
  }
  insertField(f: Field): void {
    this.q.insertField.run({ id: f.id, code: f.code, vi: f.name.vi, en: f.name.en, sortOrder: f.sortOrder });
  }
  insertService(s: Service): void {
    this.q.insertService.run({ ...s, vi: s.name.vi, en: s.name.en, active: s.active ? 1 : 0 });
  }
  insertProcedure(p: Procedure): void {
    this.q.insertProcedure.run({ ...p, vi: p.name.vi, en: p.name.en });
  }
}

export interface ClerkRow extends Clerk {
  passwordHash: string;
}

export class ClerkRepo {
  private readonly q;
  constructor(db: Db) {
    this.q = {
      byUsername: db.prepare('SELECT * FROM clerks WHERE username = ?'),
      byId: db.prepare('SELECT * FROM clerks WHERE id = ?'),
      all: db.prepare('SELECT * FROM clerks ORDER BY username'),
      insert: db.prepare('INSERT INTO clerks (id, username, display_name, role, password_hash, active) VALUES (@id, @username, @displayName, @role, @passwordHash, @active)'),
      insertSession: db.prepare('INSERT INTO sessions (token_hash, clerk_id, counter_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?)'),
      session: db.prepare('SELECT * FROM sessions WHERE token_hash = ? AND expires_at > ?'),
      sessionsOf: db.prepare('SELECT s.token_hash, s.expires_at, c.active, c.role FROM sessions s LEFT JOIN clerks c ON c.id = s.clerk_id WHERE s.token_hash IN (SELECT value FROM json_each(?))'),
      deleteSession: db.prepare('DELETE FROM sessions WHERE token_hash = ?'),
      deleteCounterSessions: db.prepare('DELETE FROM sessions WHERE counter_id = ? AND clerk_id <> ?'),
    };
  }
  private map(r: Row | undefined): ClerkRow | null {
    if (!r) return null;
    return { id: str(r.id), username: str(r.username), displayName: str(r.display_name), role: r.role as Clerk['role'], active: r.active === 1, passwordHash: str(r.password_hash) };
  }
  byUsername(username: string): ClerkRow | null {
    return this.map(this.q.byUsername.get(username) as Row | undefined);
  }
  byId(id: string): ClerkRow | null {
    return this.map(this.q.byId.get(id) as Row | undefined);
  }
  all(): Clerk[] {
    return (this.q.all.all() as Row[]).map((r) => {
      const { passwordHash: _omit, ...clerk } = this.map(r) as ClerkRow;
      return clerk;
    });
  }
  insert(c: ClerkRow): void {
    this.q.insert.run({ ...c, active: c.active ? 1 : 0 });
  }
  insertSession(tokenHash: string, clerkId: string, counterId: string | null, now: number, expiresAt: number): void {
    this.q.insertSession.run(tokenHash, clerkId, counterId, now, expiresAt);
  }
  session(tokenHash: string, now: number): { clerkId: string; counterId: string | null } | null {
    const r = this.q.session.get(tokenHash, now) as Row | undefined;
    return r ? { clerkId: str(r.clerk_id), counterId: strOrNull(r.counter_id) } : null;
  }
  deleteSession(tokenHash: string): void {
    this.q.deleteSession.run(tokenHash);
  }
  /**
   * The sessions of these token hashes (expired ones included) with their account's state, in one
   * query: the session sweep reads every open socket's session at once.
   */
  sessionsOf(tokenHashes: readonly string[]): Map<string, { expiresAt: number; clerk: { active: boolean; role: Clerk['role'] } | null }> {
    const out = new Map<string, { expiresAt: number; clerk: { active: boolean; role: Clerk['role'] } | null }>();
    if (tokenHashes.length === 0) return out;
    for (const r of this.q.sessionsOf.all(JSON.stringify(tokenHashes)) as Row[]) {
      out.set(str(r.token_hash), { expiresAt: Number(r.expires_at), clerk: r.role === null ? null : { active: r.active === 1, role: r.role as Clerk['role'] } });
    }
    return out;
  }
}

export class CounterRepo {
  private readonly q;
  constructor(db: Db) {
    this.q = {
      all: db.prepare('SELECT * FROM counters ORDER BY number'),
      byId: db.prepare('SELECT * FROM counters WHERE id = ?'),
      insert: db.prepare(
        'INSERT INTO counters (id, number, name_vi, name_en, primary_services, secondary_services, status, pause_reason, clerk_id, zone, idle_since) VALUES (@id, @number, @vi, @en, @primary, @secondary, @status, @pauseReason, @clerkId, @zone, NULL)',
      ),
      update: db.prepare('UPDATE counters SET status = @status, pause_reason = @pauseReason, clerk_id = @clerkId, primary_services = @primary, secondary_services = @secondary WHERE id = @id'),
      setIdleSince: db.prepare('UPDATE counters SET idle_since = ? WHERE id = ?'),
    };
  }
  private map(r: Row): Counter & { idleSince: number | null } {
    return {
      id: str(r.id),
      number: Number(r.number),
      name: { vi: str(r.name_vi), en: str(r.name_en) },
      primary: JSON.parse(str(r.primary_services)) as string[],
      secondary: JSON.parse(str(r.secondary_services)) as string[],
      status: r.status as Counter['status'],
      pauseReason: strOrNull(r.pause_reason),
      clerkId: strOrNull(r.clerk_id),
      zone: strOrNull(r.zone),
      idleSince: numOrNull(r.idle_since),
    };
  }
  all(): (Counter & { idleSince: number | null })[] {
    return (this.q.all.all() as Row[]).map((r) => this.map(r));
  }
  byId(id: string): (Counter & { idleSince: number | null }) | null {
    const r = this.q.byId.get(id) as Row | undefined;
    return r ? this.map(r) : null;
  }
  insert(c: Counter): void {
    this.q.insert.run({ ...c, vi: c.name.vi, en: c.name.en, primary: JSON.stringify(c.primary), secondary: JSON.stringify(c.secondary) });
  }
  update(c: Counter): void {
    this.q.update.run({ id: c.id, status: c.status, pauseReason: c.pauseReason, clerkId: c.clerkId, primary: JSON.stringify(c.primary), secondary: JSON.stringify(c.secondary) });
  }
  setIdleSince(id: string, at: number | null): void {
    this.q.setIdleSince.run(at, id);
  }
}

export interface TicketRow extends Ticket {
  citizenIdHash: string | null;
  requestId: string | null;
  issuedBy: string | null;
  ratingReason: string | null;
}

const LIVE_STATES: ReadonlySet<string> = new Set(['waiting', 'called', 'serving', 'held']);

const TICKET_COLUMNS =
  'id, day, number, seq_no, service_id, procedure_id, channel, priority_group, state, issued_at, queued_at, slot_at, target_counter_id, counter_id, clerk_id, called_at, started_at, finished_at, recall_count, predicted_wait_min, people_ahead, rating, rating_reason, citizen_name, citizen_id_hash, request_id, issued_by';

export class TicketRepo {
  private readonly q;
  constructor(db: Db) {
    this.q = {
      nextSeq: db.prepare('INSERT INTO day_counters (day, prefix, last) VALUES (?, ?, 1) ON CONFLICT (day, prefix) DO UPDATE SET last = last + 1 RETURNING last'),
      insert: db.prepare(
        `INSERT INTO tickets (${TICKET_COLUMNS}) VALUES (@id, @day, @number, @seqNo, @serviceId, @procedureId, @channel, @priorityGroup, @state, @issuedAt, @queuedAt, @slotAt, @targetCounterId, @counterId, @clerkId, @calledAt, @startedAt, @finishedAt, @recallCount, @predictedWaitMin, @peopleAheadAtIssue, @rating, @ratingReason, @citizenName, @citizenIdHash, @requestId, @issuedBy)`,
      ),
      update: db.prepare(
        'UPDATE tickets SET service_id=@serviceId, procedure_id=@procedureId, state=@state, queued_at=@queuedAt, target_counter_id=@targetCounterId, counter_id=@counterId, clerk_id=@clerkId, called_at=@calledAt, started_at=@startedAt, finished_at=@finishedAt, recall_count=@recallCount, rating=@rating, rating_reason=@ratingReason WHERE id=@id',
      ),
      byId: db.prepare(`SELECT ${TICKET_COLUMNS} FROM tickets WHERE id = ?`),
      byRequest: db.prepare(`SELECT ${TICKET_COLUMNS} FROM tickets WHERE issued_by = ? AND request_id = ?`),
      live: db.prepare(`SELECT ${TICKET_COLUMNS} FROM tickets WHERE day = ? AND state IN ('waiting','called','serving','held') ORDER BY queued_at, seq_no`),
      liveBefore: db.prepare(`SELECT ${TICKET_COLUMNS} FROM tickets WHERE day < ? AND state IN ('waiting','called','serving','held')`),
      atCounter: db.prepare(`SELECT ${TICKET_COLUMNS} FROM tickets WHERE counter_id = ? AND state IN ('called','serving') ORDER BY called_at DESC`),
      lastDoneAtCounter: db.prepare(`SELECT ${TICKET_COLUMNS} FROM tickets WHERE counter_id = ? AND state = 'done' ORDER BY finished_at DESC LIMIT 1`),
      serviceMeans: db.prepare(
        "SELECT service_id, AVG(finished_at - started_at) AS mean_ms, COUNT(*) AS n FROM tickets WHERE state = 'done' AND started_at IS NOT NULL AND finished_at >= ? GROUP BY service_id",
      ),
    };
  }
  /** The next number of the day for a prefix; call inside the issuing transaction. */
  nextSeqNo(day: string, prefix: string): number {
    return Number((this.q.nextSeq.get(day, prefix) as Row).last);
  }
  /**
   * Today's live tickets are read several times per command (queue, counter states, prediction).
   * They are kept in memory and maintained by this repository's own writes, so a busy day does
   * not re-read hundreds of rows per command; a transaction that rolls back clears them
   * (`invalidate`), and the next read goes to the database again.
   */
  private liveMemo: { day: string; rows: TicketRow[]; handedOut: boolean } | null = null;

  /** Forget memoised rows (the unit of work calls this when a transaction rolls back). */
  invalidate(): void {
    this.liveMemo = null;
  }

  /**
   * Keeps the memo in step with a write. An array `live()` handed out is never changed afterwards (a
   * command may still be reading it), so the first write after a read works on a copy; the writes
   * that follow it without a read in between change that copy in place instead of copying the whole
   * day's live tickets again for each (a day close or a burst of updates with 800 waiting).
   */
  private remember(t: TicketRow): void {
    const memo = this.liveMemo;
    if (!memo || memo.day !== t.day) return;
    const rows = memo.handedOut ? memo.rows.slice() : memo.rows;
    const at = rows.findIndex((r) => r.id === t.id);
    if (at >= 0) rows.splice(at, 1);
    if (LIVE_STATES.has(t.state)) {
      // Same order as the query: queue time, then number of the day.
      let i = rows.length;
      while (i > 0 && (rows[i - 1]!.queuedAt > t.queuedAt || (rows[i - 1]!.queuedAt === t.queuedAt && rows[i - 1]!.seqNo > t.seqNo))) i--;
      rows.splice(i, 0, t);
    }
    this.liveMemo = { day: memo.day, rows, handedOut: false };
  }

  insert(t: TicketRow): void {
    this.q.insert.run(t);
    this.remember({ ...t });
  }
  update(t: TicketRow): void {
    this.q.update.run(t);
    this.remember({ ...t });
  }
  byId(id: string): TicketRow | null {
    const r = this.q.byId.get(id) as Row | undefined;
    return r ? mapTicket(r) : null;
  }
  byRequest(issuedBy: string, requestId: string): TicketRow | null {
    const r = this.q.byRequest.get(issuedBy, requestId) as Row | undefined;
    return r ? mapTicket(r) : null;
  }
  live(day: string): TicketRow[] {
    if (this.liveMemo?.day !== day) this.liveMemo = { day, rows: (this.q.live.all(day) as Row[]).map(mapTicket), handedOut: false };
    this.liveMemo.handedOut = true;
    return this.liveMemo.rows;
  }
  liveBefore(day: string): TicketRow[] {
    return (this.q.liveBefore.all(day) as Row[]).map(mapTicket);
  }
  activeAtCounter(counterId: string): TicketRow[] {
    return (this.q.atCounter.all(counterId) as Row[]).map(mapTicket);
  }
  lastDoneAtCounter(counterId: string): TicketRow | null {
    const r = this.q.lastDoneAtCounter.get(counterId) as Row | undefined;
    return r ? mapTicket(r) : null;
  }
  serviceMeans(since: number): { serviceId: string; meanMin: number; n: number }[] {
    return (this.q.serviceMeans.all(since) as Row[]).map((r) => ({ serviceId: str(r.service_id), meanMin: Number(r.mean_ms) / 60_000, n: Number(r.n) }));
  }
}

function mapTicket(r: Row): TicketRow {
  return {
    id: str(r.id),
    day: str(r.day),
    number: str(r.number),
    seqNo: Number(r.seq_no),
    serviceId: str(r.service_id),
    procedureId: strOrNull(r.procedure_id),
    channel: r.channel as Ticket['channel'],
    priorityGroup: strOrNull(r.priority_group) as Ticket['priorityGroup'],
    state: r.state as Ticket['state'],
    issuedAt: Number(r.issued_at),
    queuedAt: Number(r.queued_at),
    slotAt: numOrNull(r.slot_at),
    targetCounterId: strOrNull(r.target_counter_id),
    counterId: strOrNull(r.counter_id),
    clerkId: strOrNull(r.clerk_id),
    calledAt: numOrNull(r.called_at),
    startedAt: numOrNull(r.started_at),
    finishedAt: numOrNull(r.finished_at),
    recallCount: Number(r.recall_count),
    predictedWaitMin: numOrNull(r.predicted_wait_min),
    peopleAheadAtIssue: numOrNull(r.people_ahead),
    rating: numOrNull(r.rating),
    ratingReason: strOrNull(r.rating_reason),
    citizenName: strOrNull(r.citizen_name),
    citizenIdHash: strOrNull(r.citizen_id_hash),
    requestId: strOrNull(r.request_id),
    issuedBy: strOrNull(r.issued_by),
  };
}

export function toAppointment(r: Row): Appointment {
  return { id: str(r.id), code: str(r.code), serviceId: str(r.service_id), slotAt: Number(r.slot_at), citizenName: strOrNull(r.citizen_name), state: r.state as Appointment['state'], ticketId: strOrNull(r.ticket_id), source: r.source === 'home' ? 'home' : 'kiosk' };
}

export class AppointmentRepo {
  private readonly q;
  constructor(db: Db) {
    this.q = {
      byCode: db.prepare('SELECT * FROM appointments WHERE code = ?'),
      insert: db.prepare('INSERT INTO appointments (id, code, service_id, slot_at, citizen_name, state, ticket_id, request_id, source) VALUES (@id, @code, @serviceId, @slotAt, @citizenName, @state, @ticketId, @requestId, @source)'),
      byRequest: db.prepare('SELECT code FROM appointments WHERE request_id = ?'),
      checkIn: db.prepare("UPDATE appointments SET state = 'checked_in', ticket_id = ? WHERE id = ?"),
      bookedBetween: db.prepare("SELECT slot_at, COUNT(*) AS n FROM appointments WHERE service_id = ? AND slot_at >= ? AND slot_at < ? AND state IN ('booked','checked_in') GROUP BY slot_at"),
    };
  }
  /** Bookings per slot start for a service within [from, to). */
  bookedBetween(serviceId: string, from: number, to: number): Map<number, number> {
    return new Map((this.q.bookedBetween.all(serviceId, from, to) as Row[]).map((r) => [Number(r.slot_at), Number(r.n)]));
  }
  byCode(code: string): Appointment | null {
    const r = this.q.byCode.get(code) as Row | undefined;
    if (!r) return null;
    return toAppointment(r);
  }
  insert(a: Appointment, requestId: string | null = null): void {
    this.q.insert.run({ ...a, requestId });
  }
  byRequest(requestId: string): Appointment | null {
    const r = this.q.byRequest.get(requestId) as Row | undefined;
    return r ? this.byCode(str(r.code)) : null;
  }
  checkIn(id: string, ticketId: string): void {
    this.q.checkIn.run(ticketId, id);
  }
}

/** What dispatch carries from one call to the next (today: the priority streak), per business day. */
export class DispatchStateRepo {
  private readonly q;
  constructor(db: Db) {
    this.q = {
      get: db.prepare('SELECT priority_streak FROM dispatch_state WHERE day = ?'),
      set: db.prepare('INSERT INTO dispatch_state (day, priority_streak, updated_at) VALUES (?, ?, ?) ON CONFLICT (day) DO UPDATE SET priority_streak = excluded.priority_streak, updated_at = excluded.updated_at'),
    };
  }
  /** Consecutive priority calls on `day` so far (0 when none was recorded). */
  priorityStreak(day: string): number {
    const r = this.q.get.get(day) as Row | undefined;
    return r ? Number(r.priority_streak) : 0;
  }
  setPriorityStreak(day: string, streak: number, now: number): void {
    this.q.set.run(day, streak, now);
  }
}

export interface DeviceRow extends Device {
  boundDeviceId: string | null;
  revoked: boolean;
}

export class DeviceRepo {
  private readonly q;
  constructor(db: Db) {
    this.q = {
      all: db.prepare('SELECT * FROM devices WHERE revoked = 0 ORDER BY kind, name'),
      byToken: db.prepare('SELECT * FROM devices WHERE token_hash = ? AND revoked = 0'),
      byId: db.prepare('SELECT * FROM devices WHERE id = ?'),
      revokedOf: db.prepare('SELECT id, revoked FROM devices WHERE id IN (SELECT value FROM json_each(?))'),
      insert: db.prepare('INSERT INTO devices (id, kind, name, token_hash, counter_id, bound_device_id, created_at) VALUES (@id, @kind, @name, @tokenHash, @counterId, @boundDeviceId, @createdAt)'),
      seen: db.prepare('UPDATE devices SET last_seen_at = ?, peripherals = ? WHERE id = ?'),
      agentsBoundTo: db.prepare("SELECT id FROM devices WHERE kind = 'agent' AND revoked = 0 AND bound_device_id = ?"),
      insertCode: db.prepare('INSERT INTO pairing_codes (code, kind, counter_id, bound_device_id, expires_at) VALUES (?, ?, ?, ?, ?)'),
      takeCode: db.prepare('UPDATE pairing_codes SET used_at = ? WHERE code = ? AND used_at IS NULL AND expires_at > ? RETURNING kind, counter_id, bound_device_id'),
      voidCodes: db.prepare('UPDATE pairing_codes SET used_at = ? WHERE used_at IS NULL AND expires_at > ?'),
    };
  }
  private map(r: Row, online: (id: string) => boolean): DeviceRow {
    return {
      id: str(r.id),
      kind: r.kind as Device['kind'],
      name: str(r.name),
      counterId: strOrNull(r.counter_id),
      boundDeviceId: strOrNull(r.bound_device_id),
      online: online(str(r.id)),
      lastSeenAt: numOrNull(r.last_seen_at),
      peripherals: JSON.parse(str(r.peripherals)) as PeripheralStatus[],
      revoked: r.revoked === 1,
    };
  }
  all(online: (id: string) => boolean): DeviceRow[] {
    return (this.q.all.all() as Row[]).map((r) => this.map(r, online));
  }
  byToken(tokenHash: string): DeviceRow | null {
    const r = this.q.byToken.get(tokenHash) as Row | undefined;
    return r ? this.map(r, () => true) : null;
  }
  byId(id: string, online: (id: string) => boolean): DeviceRow | null {
    const r = this.q.byId.get(id) as Row | undefined;
    return r ? this.map(r, online) : null;
  }
  /** Whether each of these devices is revoked, in one query (a device not in the table is absent from the map). */
  revokedOf(ids: readonly string[]): Map<string, boolean> {
    const out = new Map<string, boolean>();
    if (ids.length === 0) return out;
    for (const r of this.q.revokedOf.all(JSON.stringify(ids)) as Row[]) out.set(str(r.id), r.revoked === 1);
    return out;
  }
  insert(d: { id: string; kind: Device['kind']; name: string; tokenHash: string; counterId: string | null; boundDeviceId: string | null; createdAt: number }): void {
    this.q.insert.run(d);
  }
  markSeen(id: string, at: number, peripherals: PeripheralStatus[]): void {
    this.q.seen.run(at, JSON.stringify(peripherals), id);
  }
  agentsBoundTo(deviceId: string): string[] {
    return (this.q.agentsBoundTo.all(deviceId) as Row[]).map((r) => str(r.id));
  }
  insertPairingCode(code: string, kind: Device['kind'], counterId: string | null, boundDeviceId: string | null, expiresAt: number): void {
    this.q.insertCode.run(code, kind, counterId, boundDeviceId, expiresAt);
  }
  takePairingCode(code: string, now: number): { kind: Device['kind']; counterId: string | null; boundDeviceId: string | null } | null {
    const r = this.q.takeCode.get(now, code, now) as Row | undefined;
    return r ? { kind: r.kind as Device['kind'], counterId: strOrNull(r.counter_id), boundDeviceId: strOrNull(r.bound_device_id) } : null;
  }
  /** Marks every outstanding pairing code used (voided after too many wrong codes); answers how many. */
  voidPairingCodes(now: number): number {
    return Number(this.q.voidCodes.run(now, now).changes);
  }
}

export interface StoredEvent {
  seq: number;
  at: number;
  day: string;
  type: string;
  actor: string | null;
  ticketId: string | null;
  payload: unknown;
}

export class EventRepo {
  private readonly q;
  constructor(db: Db) {
    this.q = {
      append: db.prepare('INSERT INTO events (at, day, type, actor, ticket_id, payload) VALUES (?, ?, ?, ?, ?, ?) RETURNING seq'),
      after: db.prepare('SELECT * FROM events WHERE seq > ? ORDER BY seq LIMIT ?'),
      last: db.prepare('SELECT MAX(seq) AS seq FROM events'),
      newestDay: db.prepare('SELECT day FROM events ORDER BY seq DESC LIMIT 1'),
      dossiersOf: db.prepare("SELECT json_extract(payload, '$.dossierCode') AS code FROM events WHERE day = ? AND type = 'ticket.dossier_recorded' AND ticket_id = ? ORDER BY seq"),
      dossierSeen: db.prepare("SELECT ticket_id FROM events WHERE day BETWEEN ? AND ? AND type = 'ticket.dossier_recorded' AND json_extract(payload, '$.dossierCode') = ? LIMIT 1"),
      calls: db.prepare(
        "SELECT e.at, e.ticket_id, e.type, t.number, t.counter_id, t.service_id, c.number AS counter_number FROM events e JOIN tickets t ON t.id = e.ticket_id JOIN counters c ON c.id = t.counter_id WHERE e.day = ? AND e.type IN ('ticket.called','ticket.recalled') ORDER BY e.seq DESC LIMIT ?",
      ),
    };
  }
  /** Appends an event; returns its seq (monotonic per hub, never reused). */
  append(e: Omit<StoredEvent, 'seq'>): number {
    return Number((this.q.append.get(e.at, e.day, e.type, e.actor, e.ticketId, JSON.stringify(e.payload)) as Row).seq);
  }
  after(seq: number, limit: number): StoredEvent[] {
    return (this.q.after.all(seq, limit) as Row[]).map(toStoredEvent);
  }
  lastSeq(): number {
    return Number((this.q.last.get() as Row).seq ?? 0);
  }
  /** The business day of the newest event (null: none yet): the day the hub was last on. */
  newestDay(): string | null {
    const r = this.q.newestDay.get() as { day: string } | undefined;
    return r?.day ?? null;
  }
  /** The dossier codes recorded for a ticket on its day, in order. */
  dossierCodesOf(day: string, ticketId: string): string[] {
    return (this.q.dossiersOf.all(day, ticketId) as Row[]).map((r) => str(r.code));
  }
  /** The ticket a dossier code was already recorded for between two days (its date of receipt and today), or null. */
  dossierRecordedFor(code: string, fromDay: string, toDay: string): string | null {
    const r = this.q.dossierSeen.get(fromDay, toDay, code) as Row | undefined;
    return r ? str(r.ticket_id) : null;
  }
  /** The last `limit` calls and recalls of `day`, newest first (the display's recent calls after a restart). */
  recentCalls(day: string, limit: number): CallRecord[] {
    return (this.q.calls.all(day, limit) as Row[]).map((r) => ({
      ticketId: str(r.ticket_id),
      number: str(r.number),
      counterId: str(r.counter_id),
      counterNumber: Number(r.counter_number),
      serviceId: str(r.service_id),
      at: Number(r.at),
      recall: r.type === 'ticket.recalled',
    }));
  }
}

export class PrintJobRepo {
  private readonly q;
  constructor(db: Db) {
    this.q = {
      insert: db.prepare("INSERT INTO print_jobs (id, ticket_id, kiosk_id, agent_id, state, created_at, updated_at) VALUES (?, ?, ?, ?, 'sent', ?, ?)"),
      settle: db.prepare("UPDATE print_jobs SET state = ?, error = ?, updated_at = ? WHERE id = ? AND state = 'sent' RETURNING ticket_id, kiosk_id"),
      agentOf: db.prepare('SELECT agent_id FROM print_jobs WHERE id = ?'),
    };
  }
  insert(id: string, ticketId: string, kioskId: string | null, agentId: string | null, now: number): void {
    this.q.insert.run(id, ticketId, kioskId, agentId, now, now);
  }
  /** The agent a job was sent to: undefined for an unknown job, null for a job sent to no agent. */
  agentOf(id: string): string | null | undefined {
    const r = this.q.agentOf.get(id) as Row | undefined;
    return r ? strOrNull(r.agent_id) : undefined;
  }
  /** Marks a sent job printed or failed; null if it was already settled (a late or replayed result). */
  settle(id: string, state: 'printed' | 'failed', error: string | null, now: number): { ticketId: string; kioskId: string | null } | null {
    const r = this.q.settle.get(state, error, now, id) as Row | undefined;
    return r ? { ticketId: str(r.ticket_id), kioskId: strOrNull(r.kiosk_id) } : null;
  }
}
