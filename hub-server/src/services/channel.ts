/**
 * The hub's side of the city → hub channel (contract: shared/src/city-channel.ts): applies the
 * messages the uploader pulls (sync/uploader.ts), each exactly once — its effect, its row in
 * `city_messages` (which is the cursor) and its `city.message_applied` event in ONE transaction
 * through the hub's executor — and keeps the home bookings it took in (check-in is the kiosk's
 * `appointment:checkIn`, queue.ts; no-shows are released here).
 *
 * The hub is the authority for its day: a booking it cannot honour (closed at that time, no counter
 * serves the service, slot full, past, unknown service, duplicate code) is refused back to the city
 * with `booking.refused` and a reason. A malformed message or one of a kind this hub does not know is
 * recorded as skipped and logged; it never blocks the channel and never throws into the hub.
 */
import { randomUUID } from 'node:crypto';
import { CityToHubMessage, businessDay, checkInWindow, formatClock, ok, servesService, withinSessions, type Clock, type HubPublicBooking, type OpeningRules, type Result } from '@motcua/shared';
import type { HOME_BOOKING_REFUSAL_REASONS } from '@motcua/shared';
import type { ChannelRepo, MessageOutcome } from '../db/channel-repo';
import type { CounterRepo } from '../db/repositories';
import type { Logger } from '../logger';
import type { TeamAssignments } from '../manager/team-assignments';
import type { Catalog } from './catalog';
import type { Executor } from './executor';
import { guardedInterval } from './timers';
import { SYSTEM_ACTOR, type Tx } from './unit-of-work';

/** One message as pulled, before it is read against the contract (a newer city may send kinds this hub does not know). */
export interface PulledMessage {
  seq: number;
  createdAt: number;
  message: unknown;
}

export type RefusalReason = (typeof HOME_BOOKING_REFUSAL_REASONS)[number];

export interface ChannelDeps {
  hubId: string;
  repo: ChannelRepo;
  executor: Executor;
  catalog: Catalog;
  counters: Pick<CounterRepo, 'all'>;
  opening: () => OpeningRules;
  /** Slot length assumed for a booking that does not say (minutes). */
  defaultSlotMin: number;
  timeZone: string;
  clock: Clock;
  log: Logger;
  /** Mobile-team assignments (manager/team-assignments.ts). */
  teams: Pick<TeamAssignments, 'assigned' | 'withdrawn'>;
  /** How often no-shows are looked for (ms). */
  noShowCheckMs?: number;
}

interface Applied {
  outcome: MessageOutcome;
  detail: string;
}

const MIN = 60_000;
const KNOWN_KINDS: ReadonlySet<string> = new Set(CityToHubMessage.options.map((o) => o.shape.kind.value));

export class ChannelService {
  private readonly log: Logger;
  private timer: NodeJS.Timeout | null = null;
  constructor(private readonly d: ChannelDeps) {
    this.log = d.log.child({ component: 'channel' });
  }

  /** Starts the no-show release (every `noShowCheckMs`, default a minute). */
  start(): void {
    if (this.timer) return;
    this.timer = guardedInterval(this.log, 'home booking no-shows', this.d.noShowCheckMs ?? 60_000, () => void this.releaseNoShows());
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** The last seq applied here: the hub pulls what follows. */
  cursor(): number {
    return this.d.repo.cursor();
  }

  /**
   * Applies pulled messages in seq order, each in its own transaction. Stops (and the uploader
   * backs off and pulls the rest again later) only when the hub cannot write; a message that
   * cannot be applied for any other reason is recorded as skipped.
   */
  applyAll(messages: readonly PulledMessage[]): { applied: number; cursor: number; stopped: string | null } {
    let applied = 0;
    for (const m of [...messages].sort((a, b) => a.seq - b.seq)) {
      if (m.seq <= this.cursor()) continue;
      const r = this.apply(m);
      if (!r.ok) return { applied, cursor: this.cursor(), stopped: `${r.error.code}: ${r.error.message}` };
      if (r.data !== null) applied++;
    }
    return { applied, cursor: this.cursor(), stopped: null };
  }

  /** Applies one message once: its outcome, or null when it was applied before (a double delivery). */
  apply(m: PulledMessage): Result<MessageOutcome | null> {
    let r: Result<MessageOutcome | null>;
    try {
      r = this.d.executor.exec(SYSTEM_ACTOR, (tx) => {
        if (this.d.repo.has(m.seq)) return ok(null);
        const done = this.effect(tx, m);
        this.record(tx, m, done);
        return ok(done.outcome);
      });
    } catch (e) {
      // A fault in applying it (a bug, a constraint): the transaction rolled back; record the
      // message as skipped in a transaction of its own so the channel goes on.
      const detail = `not applied: ${e instanceof Error ? e.message : String(e)}`.slice(0, 300);
      this.log.error({ seq: m.seq, kind: kindOf(m.message), err: e }, 'a city message could not be applied; recorded as skipped');
      r = this.d.executor.exec(SYSTEM_ACTOR, (tx) => {
        if (this.d.repo.has(m.seq)) return ok(null);
        this.record(tx, m, { outcome: 'skipped', detail });
        return ok('skipped');
      });
    }
    return r;
  }

  private record(tx: Tx, m: PulledMessage, done: Applied): void {
    const kind = kindOf(m.message);
    const detail = done.detail.slice(0, 300);
    this.d.repo.record({ seq: m.seq, kind, outcome: done.outcome, detail, appliedAt: tx.now });
    tx.event('city.message_applied', null, { seq: m.seq, kind, outcome: done.outcome, detail });
    if (done.outcome === 'skipped') this.log.warn({ seq: m.seq, kind, detail }, 'city message skipped');
    else this.log.info({ seq: m.seq, kind, outcome: done.outcome, detail }, 'city message applied');
  }

  private effect(tx: Tx, m: PulledMessage): Applied {
    const parsed = CityToHubMessage.safeParse(m.message);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const known = KNOWN_KINDS.has(kindOf(m.message));
      return { outcome: 'skipped', detail: known ? `malformed: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}` : `unknown kind ${kindOf(m.message)}: this hub is older than the city` };
    }
    const msg = parsed.data;
    switch (msg.kind) {
      case 'booking.created':
        return this.bookingCreated(tx, msg.booking);
      case 'booking.moved':
        return this.bookingMoved(tx, msg.code, msg.slotStart);
      case 'booking.cancelled':
        return this.bookingCancelled(tx, msg.code, msg.by);
      case 'team.assigned':
        return this.d.teams.assigned(tx, msg.assignment);
      case 'team.withdrawn':
        return this.d.teams.withdrawn(tx, msg.id);
    }
  }

  // ------------------------------------------------------------------ home bookings

  /** Why the hub cannot take a booking of `serviceId` at [slotAt, slotAt + minutes), or null when it can. */
  private cannotHonour(tx: Tx, serviceId: string, slotAt: number, minutes: number, exceptId = ''): { reason: RefusalReason; detail: string } | null {
    const service = this.d.catalog.service(serviceId);
    if (!service?.active) return { reason: 'unknown_service', detail: `service ${serviceId} is not offered at this centre` };
    const serving = this.d.counters.all().filter((c) => servesService(c, serviceId));
    if (serving.length === 0) return { reason: 'service_unavailable', detail: `no counter serves service ${serviceId}` };
    const at = formatClock(slotAt, this.d.timeZone);
    const day = businessDay(slotAt, this.d.timeZone);
    if (slotAt < tx.now) return { reason: 'past', detail: `slot ${day} ${at} has passed` };
    const rules = this.d.opening();
    const end = slotAt + minutes * MIN;
    if (!withinDay(rules, slotAt, end, this.d.timeZone)) return { reason: 'centre_closed', detail: `the centre is closed at ${day} ${at}` };
    // Places in the slot: each counter that serves the service takes one citizen per expected service time.
    const capacity = serving.length * Math.max(1, Math.floor(minutes / service.expectedServiceMin));
    const taken = this.d.repo.bookedIn(serviceId, slotAt, end, exceptId);
    if (taken >= capacity) return { reason: 'slot_full', detail: `slot ${day} ${at} is full (${taken} of ${capacity} places booked)` };
    return null;
  }

  /**
   * `what`: the new booking refused (`serviceId`, `slotAt`: counted in the ward's report), or the
   * move refused (`keptAt`: the slot the booking keeps, `movedTo`: the slot asked for; the city puts
   * the booking back rather than marking it refused).
   */
  private refuse(tx: Tx, code: string, reason: RefusalReason, detail: string, what?: { serviceId: string; slotAt: number } | { keptAt: number; movedTo: number }): Applied {
    tx.event('booking.refused', null, { code, reason, detail: detail.slice(0, 300), ...what });
    return { outcome: 'refused', detail: `${reason}: ${detail}` };
  }

  private bookingCreated(tx: Tx, b: { code: string; serviceId: string; procedureCode: string | null; slotStart: number; slotMinutes: number; name: string }): Applied {
    const existing = this.d.repo.booking(b.code);
    if (existing) return this.refuse(tx, b.code, 'duplicate', `code ${b.code} is already a booking here (${existing.state})`);
    const no = this.cannotHonour(tx, b.serviceId, b.slotStart, b.slotMinutes);
    if (no) return this.refuse(tx, b.code, no.reason, no.detail, { serviceId: b.serviceId, slotAt: b.slotStart });
    const id = randomUUID();
    this.d.repo.insertHomeBooking({ id, code: b.code, serviceId: b.serviceId, slotAt: b.slotStart, citizenName: b.name, procedureCode: b.procedureCode, slotMinutes: b.slotMinutes });
    tx.event('booking.accepted', null, { code: b.code, appointmentId: id, serviceId: b.serviceId, slotAt: b.slotStart });
    return { outcome: 'applied', detail: `booked for ${businessDay(b.slotStart, this.d.timeZone)} ${formatClock(b.slotStart, this.d.timeZone)}` };
  }

  private bookingMoved(tx: Tx, code: string, slotStart: number): Applied {
    const a = this.d.repo.booking(code);
    if (!a || a.source !== 'home') return { outcome: 'skipped', detail: `booking ${code} is not known here (never arrived, or was refused)` };
    const kept = { keptAt: a.slotAt, movedTo: slotStart };
    if (a.state !== 'booked') return this.refuse(tx, code, 'duplicate', `booking ${code} is ${a.state} here and cannot move`, kept);
    const minutes = a.slotMinutes ?? this.d.defaultSlotMin;
    const no = this.cannotHonour(tx, a.serviceId, slotStart, minutes, a.id);
    if (no) return this.refuse(tx, code, no.reason, `${no.detail}; the booking stays at ${businessDay(a.slotAt, this.d.timeZone)} ${formatClock(a.slotAt, this.d.timeZone)}`, kept);
    this.d.repo.move(a.id, slotStart);
    tx.event('booking.accepted', null, { code, appointmentId: a.id, serviceId: a.serviceId, slotAt: slotStart });
    return { outcome: 'applied', detail: `moved to ${businessDay(slotStart, this.d.timeZone)} ${formatClock(slotStart, this.d.timeZone)}` };
  }

  private bookingCancelled(tx: Tx, code: string, by: 'citizen' | 'city'): Applied {
    const a = this.d.repo.booking(code);
    if (!a || a.source !== 'home') return { outcome: 'skipped', detail: `booking ${code} is not known here (never arrived, or was refused)` };
    if (a.state !== 'booked') return { outcome: 'skipped', detail: `booking ${code} is already ${a.state}` };
    this.d.repo.end(a.id, 'cancelled');
    tx.event('booking.cancelled', null, { code, by });
    return { outcome: 'applied', detail: `cancelled by the ${by}` };
  }

  /**
   * Releases home bookings whose check-in window (the manager's "check in up to N minutes late",
   * settings.opening.checkInLateMin) has closed without a check-in: `booking.no_show`, synced up.
   * Returns how many were released.
   */
  releaseNoShows(): number {
    const now = this.d.clock.now();
    const policy = this.d.opening().opening;
    let released = 0;
    for (const a of this.d.repo.homeBookedBefore(now)) {
      if (checkInWindow(a.slotAt, policy).end >= now) continue;
      const r = this.d.executor.exec(SYSTEM_ACTOR, (tx) => {
        if (!this.d.repo.end(a.id, 'expired')) return ok(false);
        tx.event('booking.no_show', null, { code: a.code, appointmentId: a.id });
        return ok(true);
      });
      if (!r.ok) break; // the storage is down: the next pass tries again
      if (r.data) released++;
    }
    if (released) this.log.info({ released }, 'home bookings released as no-shows');
    return released;
  }

  /** A home booking as whoever holds its code sees it (no name beyond initials); null when unknown. */
  publicBooking(code: string): HubPublicBooking | null {
    const a = this.d.repo.booking(code);
    if (!a || a.source !== 'home') return null;
    const service = this.d.catalog.service(a.serviceId);
    const status = a.state === 'expired' ? 'no_show' : a.state;
    return {
      code: a.code,
      hubId: this.d.hubId,
      serviceId: a.serviceId,
      serviceName: service ? { vi: service.name.vi, en: service.name.en } : { vi: a.serviceId, en: a.serviceId },
      slotStart: a.slotAt,
      day: businessDay(a.slotAt, this.d.timeZone),
      status,
      initials: initialsOf(a.citizenName),
      ticketNumber: a.ticketNumber,
    };
  }
}

/** Whether the whole slot [start, end) lies in one session of its day (not across lunch or closing). */
function withinDay(rules: OpeningRules, start: number, end: number, timeZone: string): boolean {
  return withinSessions(rules, start, timeZone) && withinSessions(rules, end - 1, timeZone) && sameSession(rules, start, end - 1, timeZone);
}

function sameSession(rules: OpeningRules, a: number, b: number, timeZone: string): boolean {
  // Two instants inside sessions are in the same one when every minute between them is too.
  for (let t = a; t < b; t += 5 * MIN) if (!withinSessions(rules, t, timeZone)) return false;
  return true;
}

/** "N. V. A." for "Nguyễn Văn An"; empty for no name. */
export function initialsOf(name: string | null): string {
  if (!name) return '';
  return name
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => `${w.charAt(0).toLocaleUpperCase('vi')}.`)
    .join(' ');
}

function kindOf(message: unknown): string {
  const k = typeof message === 'object' && message !== null ? (message as { kind?: unknown }).kind : undefined;
  return typeof k === 'string' && k.length > 0 ? k.slice(0, 64) : '(none)';
}
