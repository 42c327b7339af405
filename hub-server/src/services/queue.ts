/**
 * The ticket lifecycle: issue, call next, recall, start, finish, no-show, transfer, hold/return,
 * cancel, rate; counters open/pause/resume/close. Each method runs inside a `Tx` and returns a
 * Result; the socket layer has already validated the payload and the caller's role.
 */
import { chipElderly } from './chip-reads';
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { businessDay, fail, formatTicketNumber, withinSessions, hubEvent, localMidnight, ok, placeAndWait, FORECAST_HORIZON_MIN, servesService, stripUndefined, type Appointment, type AppointmentSlot, type CallRecord, type CallSpecificReason, type Channel, type Counter, type OpeningRules, type HubEvent, type IssuedTicket, type PlaceAndWait, type PriorityGroup, type PublicTicket, type Result, type Ticket, type TicketTransitionPayload, type TicketTransitionType, type WaitForecast } from '@motcua/shared';
import type { AppointmentRepo, CounterRepo, DispatchStateRepo, TicketRepo, TicketRow } from '../db/repositories';
import type { HubConfig } from '../config';
import { DEFAULT_DISPATCH_CONFIG, selectNextTicket } from '../dispatch/policy';
import { predictQueue, type TicketForecast } from '../dispatch/predict';
import type { CounterView, DispatchConfig, QueuedTicket } from '../dispatch/types';
import { transition, type TransitionInput } from '../domain/ticket-machine';
import { citizenIdPseudonym } from '../secrets';
import type { Catalog } from './catalog';
import { checkInRefusal, closedRefusal } from './opening';
import type { ServiceStatsCache } from './service-stats';
import type { Tx } from './unit-of-work';

export interface AppointmentConfig {
  enabled: boolean;
  slotMin: number;
  perSlot: number;
  firstSlotMin: number;
  lastSlotMin: number;
  leadMin: number;
}

let lastIdMs = 0;
let idCounter = 0;
/**
 * Ticket ids sort in issue order (dispatch breaks ties between equal queue times by id, so two
 * tickets issued in the same millisecond are still served first come, first served) and carry a
 * random tail so they cannot be guessed from a neighbour's.
 */
export function ticketId(now: number): string {
  idCounter = now === lastIdMs ? idCounter + 1 : 0;
  lastIdMs = now;
  return `${now.toString(16).padStart(12, '0')}${idCounter.toString(16).padStart(4, '0')}-${randomBytes(6).toString('hex')}`;
}

/** Booking codes avoid letters and digits that read alike (0/O, 1/I). */
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
function appointmentCode(): string {
  let code = '';
  for (let i = 0; i < 6; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code;
}

/** The ticket channel of an appointment's check-in: 'remote' when it was booked from home on the city's site. */
export function appointmentChannel(a: Pick<Appointment, 'source'>): 'appointment' | 'remote' {
  return a.source === 'home' ? 'remote' : 'appointment';
}

/** The dispatch configuration of a hub: the defaults, the centre's target and priority rule, and what the file sets. */
export function dispatchConfigOf(config: Pick<HubConfig, 'targetWaitMin' | 'priority' | 'dispatch'>): DispatchConfig {
  return { ...DEFAULT_DISPATCH_CONFIG, targetWaitMin: config.targetWaitMin, priority: { ...DEFAULT_DISPATCH_CONFIG.priority, maxInRow: config.priority.maxInRow }, ...stripUndefined(config.dispatch) };
}

export interface QueueSettings {
  timeZone: string;
  dispatch: DispatchConfig;
  recallLimit: number;
  elderlyAge: number;
  /** Key of the CCCD pseudonym (HMAC-SHA256), read from the secrets folder, never from the database. */
  citizenIdKey: Buffer;
  publicUrl: () => string;
  /** The centre's opening hours and check-in window (manager settings): issuing is refused outside them. */
  opening: () => OpeningRules;
  /** The hub's clock (a repeated request is told its figures as they are now). */
  now: () => number;
}

/** The waiting queue and the counters as dispatch sees them, read once (`QueueService.view`). */
export interface QueueView {
  waiting: QueuedTicket[];
  counters: CounterView[];
}

/** What a citizen is told at issue (the forecast and its wording), predicted before the transaction. */
export interface IssueForecast {
  forecast: WaitForecast;
  place: PlaceAndWait;
}

export interface IssueRequest {
  serviceId: string;
  procedureId?: string | undefined;
  priorityGroup?: PriorityGroup | null | undefined;
  channel: Channel;
  citizen?: { idNumber: string; fullName: string; dateOfBirth: string } | undefined;
  requestId: string;
  slotAt?: number | null;
  /** A name known without an ID card (an appointment booked by name), or read from the chip. */
  citizenName?: string | null;
  /** The age band of a chip read whose data passive authentication verified (chip-reads.ts); decides elderly priority instead of `citizen`. */
  verifiedAgeBand?: { min: number; max: number | null } | null;
}

export function toPublicTicket(t: TicketRow | Ticket): PublicTicket {
  return {
    id: t.id,
    day: t.day,
    number: t.number,
    seqNo: t.seqNo,
    serviceId: t.serviceId,
    procedureId: t.procedureId,
    channel: t.channel,
    priorityGroup: t.priorityGroup,
    state: t.state,
    issuedAt: t.issuedAt,
    queuedAt: t.queuedAt,
    slotAt: t.slotAt,
    targetCounterId: t.targetCounterId,
    counterId: t.counterId,
    calledAt: t.calledAt,
    startedAt: t.startedAt,
    finishedAt: t.finishedAt,
    recallCount: t.recallCount,
    predictedWaitMin: t.predictedWaitMin,
    peopleAheadAtIssue: t.peopleAheadAtIssue,
  };
}

export function toTicket(t: TicketRow): Ticket {
  const { citizenIdHash: _h, requestId: _r, issuedBy: _i, ratingReason: _rr, ...ticket } = t;
  return ticket;
}

export function toQueued(t: TicketRow): QueuedTicket {
  return { id: t.id, serviceId: t.serviceId, channel: t.channel, priorityGroup: t.priorityGroup, queuedAt: t.queuedAt, slotAt: t.slotAt, targetCounterId: t.targetCounterId };
}

function freeNow(c: CounterView, now: number): CounterView {
  return { ...c, status: 'busy', busySince: now, currentServiceId: null, idleSince: null };
}

/**
 * The counters as every prediction of a citizen's place reads them (the ticket, its status page, the
 * kiosk's tiles): in the hub a counter is "idle" until its clerk presses call next, even with people
 * waiting, so an idle counter is one that becomes free now and calls by the policy. `openFor`: before
 * opening (or while every skilled counter is paused) the counters that serve this service are assumed
 * to open now too, so the citizen still learns how many are ahead and roughly how long.
 */
export function predictionCounters(views: readonly CounterView[], now: number, openFor?: string): CounterView[] {
  return views.map((c) => (c.status === 'idle' || (openFor !== undefined && c.status !== 'busy' && servesService(c, openFor)) ? freeNow(c, now) : c));
}

/** Whether two queues hold the same tickets in the same order, as far as a prediction reads them. */
function sameTickets(a: readonly QueuedTicket[], b: readonly QueuedTicket[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.id !== y.id || x.serviceId !== y.serviceId || x.channel !== y.channel || x.priorityGroup !== y.priorityGroup || x.queuedAt !== y.queuedAt || x.slotAt !== y.slotAt || x.targetCounterId !== y.targetCounterId) return false;
  }
  return true;
}

function toWaitForecast(f: TicketForecast): WaitForecast {
  return { peopleAhead: f.peopleAhead, lowMin: f.lowMin, midMin: f.minutes, highMin: f.highMin, capped: f.capped };
}

/** Age in whole years on a given day, from YYYY-MM-DD strings. */
export function ageOn(dateOfBirth: string, day: string): number {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

export class QueueService {
  private lastForecast: { key: string; queue: readonly QueuedTicket[]; phantoms: readonly QueuedTicket[]; value: Map<string, TicketForecast> } | null = null;

  constructor(
    private readonly tickets: TicketRepo,
    private readonly counters: CounterRepo,
    private readonly appointments: AppointmentRepo,
    private readonly catalog: Catalog,
    private readonly stats: ServiceStatsCache,
    private readonly settings: QueueSettings,
    /** Consecutive priority calls at the centre per day, for the fair priority rule (stored: a restart keeps it). */
    private readonly dispatchState: DispatchStateRepo,
  ) {}

  /** The age from which a citizen gets elderly priority now (manager settings). */
  elderlyAge(): number {
    return this.settings.elderlyAge;
  }

  /** The dispatch configuration the queue runs with now (the manager's priority rule included). */
  dispatchConfig(): DispatchConfig {
    return this.settings.dispatch;
  }

  /** The manager's priority rule and elderly age take effect at once (manager settings). */
  setPriorityRule(p: { elderlyAge: number; maxInRow: number }): void {
    this.settings.elderlyAge = p.elderlyAge;
    this.settings.dispatch = { ...this.settings.dispatch, priority: { ...this.settings.dispatch.priority, maxInRow: p.maxInRow } };
  }

  // ------------------------------------------------------------------ views for dispatch

  counterViews(day: string): CounterView[] {
    return this.view(day).counters;
  }

  waiting(day: string): TicketRow[] {
    return this.tickets.live(day).filter((t) => t.state === 'waiting');
  }

  /**
   * What a prediction reads — the waiting queue and the counters — from one read of the day's live
   * tickets. The loads push predicts for every service from one view (not two reads per service).
   */
  view(day: string): QueueView {
    const live = this.tickets.live(day);
    const active = new Map<string, TicketRow>();
    for (const t of live) if ((t.state === 'called' || t.state === 'serving') && t.counterId) active.set(t.counterId, t);
    const counters = this.counters.all().map((c): CounterView => {
      const cur = active.get(c.id);
      const status: CounterView['status'] = c.status === 'closed' ? 'closed' : c.status === 'paused' ? 'paused' : cur ? 'busy' : 'idle';
      return { id: c.id, primary: c.primary, secondary: c.secondary, status, idleSince: status === 'idle' ? c.idleSince : null, busySince: cur ? (cur.startedAt ?? cur.calledAt) : null, currentServiceId: cur?.serviceId ?? null };
    });
    return { waiting: live.filter((t) => t.state === 'waiting').map(toQueued), counters };
  }

  /**
   * The forecast for `ticket` (new, or already waiting) at `now`: the people called before it to a
   * counter that could serve it and its wait still to come, from the dispatch prediction of the whole
   * queue (dispatch/predict.ts `predictQueue`). `waiting` and `views` are the day's waiting queue and
   * counters when the caller already has them (loads ask for every service at once).
   */
  forecast(tx: { now: number; day: string }, ticket: QueuedTicket, waiting?: readonly QueuedTicket[], views?: CounterView[]): WaitForecast {
    const base = waiting && views ? null : this.view(tx.day); // one read of the live tickets
    // A waiting ticket keeps its place in the list (so status requests for different tickets read
    // the same queue and share one remembered schedule); a new one joins at the end.
    const all = waiting ?? base?.waiting ?? [];
    const queue = all.some((t) => t.id === ticket.id) ? all.map((t) => (t.id === ticket.id ? ticket : t)) : [...all, ticket];
    const counters = views ?? base?.counters ?? [];
    let f = this.queueForecast(tx.now, queue, predictionCounters(counters, tx.now)).get(ticket.id);
    // Nobody serves it right now: assume its counters open now (predictionCounters' `openFor`).
    if (!f?.servable) f = this.queueForecast(tx.now, queue, predictionCounters(counters, tx.now, ticket.serviceId)).get(ticket.id);
    return f ? toWaitForecast(f) : { peopleAhead: 0, lowMin: 0, midMin: 0, highMin: 0, capped: false };
  }

  /**
   * `predictQueue`, remembered for the last question: after a change many phones ask for their
   * ticket's status at once, and every one of them is answered from the one schedule.
   */
  private queueForecast(now: number, queue: readonly QueuedTicket[], counters: readonly CounterView[], phantoms: readonly QueuedTicket[] = []): Map<string, TicketForecast> {
    const stats = this.stats.get();
    const config = this.settings.dispatch;
    // The small inputs by value; the queue (800+ tickets) compared field by field in place: building
    // and sorting a signature string per ticket for the key cost a third of every forecast.
    const key = JSON.stringify([now, counters, stats, config]);
    const last = this.lastForecast;
    if (last?.key === key && sameTickets(last.queue, queue) && sameTickets(last.phantoms, phantoms)) return last.value;
    const value = predictQueue({ now, queue, counters, stats, config, phantoms });
    this.lastForecast = { key, queue: [...queue], phantoms: [...phantoms], value };
    return value;
  }

  /**
   * What a new ticket would be told now, for each of `probes` (one per service, without and with
   * priority: the kiosk's tiles and confirm screen), from one schedule of the waiting queue.
   */
  probePlaces(tx: { now: number; day: string }, probes: readonly QueuedTicket[], waiting: readonly QueuedTicket[], views: CounterView[]): Map<string, { forecast: WaitForecast; place: PlaceAndWait }> {
    const all = this.queueForecast(tx.now, waiting, predictionCounters(views, tx.now), probes);
    const out = new Map<string, { forecast: WaitForecast; place: PlaceAndWait }>();
    for (const probe of probes) {
      const f = all.get(probe.id);
      // Nobody serves it right now (before opening): as for one ticket, assume its counters open now.
      const forecast = f?.servable ? toWaitForecast(f) : this.forecast(tx, probe, waiting, views);
      out.set(probe.id, { forecast, place: this.placeOf(forecast, probe, tx.now) });
    }
    return out;
  }

  /** What the citizen holding (or about to take) `ticket` is told now: place-and-wait.ts's model of the forecast. */
  place(tx: { now: number; day: string }, ticket: QueuedTicket, waiting?: readonly QueuedTicket[], views?: CounterView[]): { forecast: WaitForecast; place: PlaceAndWait } {
    const forecast = this.forecast(tx, ticket, waiting, views);
    return { forecast, place: this.placeOf(forecast, ticket, tx.now) };
  }

  /** The place-and-wait model of a forecast; an appointment before its slot is judged from the slot. */
  private placeOf(forecast: WaitForecast, ticket: Pick<QueuedTicket, 'slotAt'>, now: number): PlaceAndWait {
    const untilSlotMin = ticket.slotAt != null && ticket.slotAt > now ? (ticket.slotAt - now) / 60_000 : 0;
    return placeAndWait(forecast, this.settings.dispatch.targetWaitMin, FORECAST_HORIZON_MIN, untilSlotMin);
  }

  /** The priority group a ticket gets: the one asked for, or elderly from the ID card's date of birth. */
  private priorityOf(req: Pick<IssueRequest, 'priorityGroup' | 'citizen' | 'verifiedAgeBand'>, day: string): PriorityGroup | null {
    const asked = req.priorityGroup ?? null;
    if (req.verifiedAgeBand) return asked ?? (chipElderly({ verified: true, ageBand: req.verifiedAgeBand }, this.settings.elderlyAge) ? 'elderly' : null);
    if (!asked && req.citizen && ageOn(req.citizen.dateOfBirth, day) >= this.settings.elderlyAge) return 'elderly';
    return asked;
  }

  /**
   * The wait a ticket issued now would be told, predicted before the issuing transaction opens
   * (issue 13 item 7: no prediction inside a write transaction). Nothing can change the queue
   * between this and the transaction: both run in the same synchronous turn of the event loop.
   */
  forecastIssue(req: Pick<IssueRequest, 'serviceId' | 'channel' | 'priorityGroup' | 'citizen' | 'slotAt' | 'verifiedAgeBand'>, now: number): IssueForecast | null {
    const day = businessDay(now, this.settings.timeZone);
    if (!this.catalog.service(req.serviceId)) return null;
    // Sorts after every real id: the new ticket is behind anyone issued in the same millisecond.
    const probe: QueuedTicket = { id: '\uffff', serviceId: req.serviceId, channel: req.channel, priorityGroup: this.priorityOf(req, day), queuedAt: this.queueTime(day, now), slotAt: req.slotAt ?? null, targetCounterId: null };
    return this.place({ now, day }, probe);
  }

  /** `forecastIssue` for an appointment's check-in (its service and slot), or null for an unknown code. */
  forecastCheckIn(code: string, now: number): IssueForecast | null {
    const appt = this.appointments.byCode(code);
    return appt ? this.forecastIssue({ serviceId: appt.serviceId, channel: appointmentChannel(appt), slotAt: appt.slotAt }, now) : null;
  }

  /**
   * When a ticket issued now joins the queue: now, or — when the wall clock has gone back (a
   * technician setting it, NTP after a dead CMOS battery) — the newest time already in the day's
   * queue, so the queue keeps the order citizens arrived in and nobody who came later is called
   * first (issue 15 item 4; the clock-jump drill and clock.medium.test.ts check it). The ticket's
   * `issuedAt` stays the wall clock's.
   */
  private queueTime(day: string, now: number): number {
    let newest = now;
    for (const t of this.tickets.live(day)) if (t.queuedAt > newest) newest = t.queuedAt;
    return newest;
  }

  // ------------------------------------------------------------------ issue

  /** Issues a ticket with the wait `forecast` predicted just before the transaction (`forecastIssue`). */
  issue(tx: Tx, req: IssueRequest, issuedBy: string, forecast: IssueForecast | null): Result<{ row: TicketRow; issued: IssuedTicket }> {
    const prior = this.tickets.byRequest(issuedBy, req.requestId);
    if (prior) return ok({ row: prior, issued: this.issuedView(prior, true) });
    const closed = closedRefusal(this.settings.opening(), tx.now, this.settings.timeZone);
    if (closed) return closed;

    const service = this.catalog.service(req.serviceId);
    if (!service || !service.active) return fail('not_found', `service ${req.serviceId}`);
    if (req.procedureId !== undefined) {
      const proc = this.catalog.procedure(req.procedureId);
      if (!proc || proc.serviceId !== service.id) return fail('not_found', `procedure ${req.procedureId} of service ${service.id}`);
    }
    const servable = this.counters.all().some((c) => servesService(c, service.id));
    if (!servable) return fail('service_unavailable', `no counter has skill ${service.id}`);

    const priority = this.priorityOf(req, tx.day);

    const seqNo = this.tickets.nextSeqNo(tx.day, service.prefix);
    // The id sorts in queue order too (dispatch breaks ties by id): both from the queue time.
    const queuedAt = this.queueTime(tx.day, tx.now);
    const id = ticketId(queuedAt);
    // Predicted just before the transaction opened (forecastIssue), never inside it. A walk-in is
    // served at once at the counter that creates it: it was never told a wait, so it records none.
    if (!forecast && req.channel !== 'walk_in') return fail('not_found', `service ${service.id}`);
    const prediction = forecast?.forecast ?? null;
    const place: PlaceAndWait = forecast?.place ?? { peopleAhead: 0, wait: { kind: 'soon' }, long: false };
    const row: TicketRow = {
      id,
      day: tx.day,
      number: formatTicketNumber(service.prefix, seqNo),
      seqNo,
      serviceId: service.id,
      procedureId: req.procedureId ?? null,
      channel: req.channel,
      priorityGroup: priority,
      state: 'waiting',
      issuedAt: tx.now,
      queuedAt,
      slotAt: req.slotAt ?? null,
      targetCounterId: null,
      counterId: null,
      clerkId: null,
      calledAt: null,
      startedAt: null,
      finishedAt: null,
      recallCount: 0,
      predictedWaitMin: prediction ? Math.round(prediction.midMin * 10) / 10 : null,
      peopleAheadAtIssue: prediction ? place.peopleAhead : null,
      rating: null,
      ratingReason: null,
      citizenName: req.citizen?.fullName ?? req.citizenName ?? null,
      // Decree 13/2023: the ID number itself is never stored, only a keyed pseudonym (secrets.ts).
      citizenIdHash: req.citizen ? citizenIdPseudonym(this.settings.citizenIdKey, req.citizen.idNumber) : null,
      requestId: req.requestId,
      issuedBy,
    };
    this.tickets.insert(row);
    tx.event('ticket.issued', id, { number: row.number, serviceId: row.serviceId, procedureId: row.procedureId, channel: row.channel, priorityGroup: row.priorityGroup, queuedAt: row.queuedAt, slotAt: row.slotAt, predictedWaitMin: row.predictedWaitMin, peopleAhead: row.peopleAheadAtIssue });
    tx.ticket(row);
    return ok({ row, issued: this.issuedView(row, false, place) });
  }

  /**
   * The ticket as the kiosk shows it. A repeated request (a retried tap) is told its figures as they
   * are now, like the status page; a ticket no longer waiting has nobody ahead.
   */
  issuedView(row: TicketRow, repeated: boolean, place?: PlaceAndWait): IssuedTicket {
    const now = { now: this.settings.now(), day: row.day };
    return {
      ticket: toPublicTicket(row),
      place: place ?? (row.state === 'waiting' ? this.place(now, toQueued(row)).place : { peopleAhead: 0, wait: { kind: 'soon' }, long: false }),
      statusUrl: this.statusUrl(row.id),
      printJobId: null,
      repeated,
    };
  }

  /** The link a ticket's QR opens: the status page at the hub's public address. */
  statusUrl(ticketId: string): string {
    return `${this.settings.publicUrl()}/t/${ticketId}`;
  }

  checkIn(tx: Tx, code: string, requestId: string, issuedBy: string, forecast: IssueForecast | null): Result<{ row: TicketRow; issued: IssuedTicket }> {
    const appt = this.appointments.byCode(code);
    if (!appt) return fail('not_found', `appointment ${code}`);
    if (appt.state === 'checked_in' && appt.ticketId) {
      const t = this.tickets.byId(appt.ticketId);
      if (t) return ok({ row: t, issued: this.issuedView(t, true) });
    }
    if (appt.state !== 'booked') return fail('invalid_state', `appointment is ${appt.state}`);
    const outside = checkInRefusal(this.settings.opening(), appt.slotAt, tx.now, this.settings.timeZone);
    if (outside) return outside;
    // The name given at booking goes onto the ticket (staff-only, like a name read from the ID card).
    // A booking made from home (city → hub channel) is marked on its ticket as channel 'remote'; dispatch
    // treats it as any appointment (by its slot).
    const r = this.issue(tx, { serviceId: appt.serviceId, channel: appointmentChannel(appt), requestId, slotAt: appt.slotAt, citizenName: appt.citizenName }, issuedBy, forecast);
    if (!r.ok) return r;
    this.appointments.checkIn(appt.id, r.data.row.id);
    tx.event('appointment.checked_in', r.data.row.id, { appointmentId: appt.id, code });
    return r;
  }

  // ------------------------------------------------------------------ appointments

  /** Today's bookable slots for a service, from `leadMin` ahead, with how many places are free. */
  appointmentSlots(serviceId: string, now: number, cfg: AppointmentConfig): Result<AppointmentSlot[]> {
    if (!cfg.enabled) return fail('service_unavailable', 'appointments are not configured');
    if (!this.catalog.service(serviceId)) return fail('not_found', `service ${serviceId}`);
    const dayStart = localMidnight(now, this.settings.timeZone);
    const booked = this.appointments.bookedBetween(serviceId, dayStart, dayStart + 24 * 3600_000);
    const slots: AppointmentSlot[] = [];
    for (let m = cfg.firstSlotMin; m <= cfg.lastSlotMin; m += cfg.slotMin) {
      const slotAt = dayStart + m * 60_000;
      if (slotAt < now + cfg.leadMin * 60_000) continue;
      if (!withinSessions(this.settings.opening(), slotAt, this.settings.timeZone)) continue; // lunch closure, or closed today
      slots.push({ slotAt, free: Math.max(0, cfg.perSlot - (booked.get(slotAt) ?? 0)) });
    }
    return ok(slots);
  }

  bookAppointment(tx: Tx, input: { serviceId: string; slotAt: number; requestId: string; citizenName?: string | undefined }, cfg: AppointmentConfig): Result<Appointment> {
    const prior = this.appointments.byRequest(input.requestId);
    if (prior) return ok(prior);
    const slots = this.appointmentSlots(input.serviceId, tx.now, cfg);
    if (!slots.ok) return slots;
    const slot = slots.data.find((s) => s.slotAt === input.slotAt);
    if (!slot) return fail('invalid_payload', 'slotAt is not a bookable slot today');
    if (slot.free === 0) return fail('conflict', 'that slot is full');
    const appt: Appointment = { id: randomUUID(), code: appointmentCode(), serviceId: input.serviceId, slotAt: input.slotAt, citizenName: input.citizenName ?? null, state: 'booked', ticketId: null, source: 'kiosk' };
    this.appointments.insert(appt, input.requestId);
    tx.event('appointment.booked', null, { appointmentId: appt.id, code: appt.code, serviceId: appt.serviceId, slotAt: appt.slotAt });
    return ok(appt);
  }

  // ------------------------------------------------------------------ counters

  private counterOr(counterId: string): Result<Counter & { idleSince: number | null }> {
    const c = this.counters.byId(counterId);
    return c ? ok(c) : fail('not_found', `counter ${counterId}`);
  }

  setCounterStatus(tx: Tx, counterId: string, action: 'open' | 'pause' | 'resume' | 'close', reason?: string): Result<Counter> {
    const r = this.counterOr(counterId);
    if (!r.ok) return r;
    const c = r.data;
    const active = this.tickets.activeAtCounter(c.id);
    let next: Counter;
    switch (action) {
      case 'open':
        if (c.status === 'open') return fail('invalid_state', 'counter already open');
        next = { ...c, status: 'open', pauseReason: null };
        break;
      case 'pause':
        if (c.status !== 'open') return fail('invalid_state', `counter is ${c.status}`);
        next = { ...c, status: 'paused', pauseReason: reason ?? null };
        break;
      case 'resume':
        if (c.status !== 'paused') return fail('invalid_state', `counter is ${c.status}`);
        next = { ...c, status: 'open', pauseReason: null };
        break;
      case 'close':
        if (c.status === 'closed') return fail('invalid_state', 'counter already closed');
        if (active.length > 0) return fail('invalid_state', 'finish, hold or transfer the current ticket first');
        next = { ...c, status: 'closed', pauseReason: null };
        break;
    }
    const { idleSince: _idle, ...counter } = { ...next, idleSince: null };
    this.counters.update(counter);
    if (next.status === 'open' && active.length === 0) this.counters.setIdleSince(c.id, tx.now);
    tx.event(COUNTER_EVENT[action], null, { counterId: c.id, reason: reason ?? null });
    tx.counter(counter);
    return ok(counter);
  }

  // ------------------------------------------------------------------ call next

  callNext(tx: Tx, counterId: string, clerkId: string | null): Result<{ ticket: TicketRow; call: CallRecord }> {
    const r = this.counterOr(counterId);
    if (!r.ok) return r;
    const counter = r.data;
    if (counter.status !== 'open') return fail('counter_not_open');

    // Calling the next citizen closes the current one: a clerk who forgot "finish" loses nothing.
    const closed = this.closeVisitAt(tx, counter.id);
    if (!closed.ok) return closed;

    const waiting = this.waiting(tx.day);
    const priorityStreak = this.dispatchState.priorityStreak(tx.day);
    const decision = selectNextTicket({
      now: tx.now,
      counterId: counter.id,
      queue: waiting.map(toQueued),
      counters: this.counterViews(tx.day),
      stats: this.stats.get(),
      config: this.settings.dispatch,
      priorityStreak,
    });
    if (!decision) {
      this.counters.setIdleSince(counter.id, counter.idleSince ?? tx.now);
      return fail('no_ticket');
    }
    const ticket = waiting.find((t) => t.id === decision.ticketId);
    if (!ticket) return fail('internal', `dispatch chose unknown ticket ${decision.ticketId}`);
    const called = this.apply(tx, ticket, { action: 'call', now: tx.now, counterId: counter.id, clerkId }, { type: 'ticket.called', reason: decision.reason });
    if (!called.ok) return called;
    this.counters.setIdleSince(counter.id, null);
    this.dispatchState.setPriorityStreak(tx.day, ticket.priorityGroup ? priorityStreak + 1 : 0, tx.now);
    const call: CallRecord = { ticketId: ticket.id, number: ticket.number, counterId: counter.id, counterNumber: counter.number, serviceId: ticket.serviceId, at: tx.now, recall: false };
    tx.changes.call = call;
    return ok({ ticket: called.data, call });
  }

  /** Finishes whatever is called or served at the counter: calling someone else closes that visit, as call next does. */
  private closeVisitAt(tx: Tx, counterId: string): Result<null> {
    for (const cur of this.tickets.activeAtCounter(counterId)) {
      const done = this.apply(tx, cur, { action: 'finish', now: tx.now });
      if (!done.ok) return done;
    }
    return ok(null);
  }

  /**
   * Calls one waiting number to this counter out of dispatch order (`counter:callTicket`): the
   * citizen who stepped out and came back, a missed call, a linked dossier… The call is a normal
   * `ticket.called` (reason `specific:<reason>`), announced like any call, and the choice itself is
   * audited as `ticket.called_specific` with the reason and note, which the manager's audit log shows.
   * Only a ticket this counter may serve (its skills, or transferred to it by name) can be called.
   */
  callTicket(tx: Tx, counterId: string, clerkId: string | null, pick: { ticketId: string; reason: CallSpecificReason; note: string | null }): Result<{ ticket: TicketRow; call: CallRecord }> {
    const r = this.counterOr(counterId);
    if (!r.ok) return r;
    const counter = r.data;
    if (counter.status !== 'open') return fail('counter_not_open');
    const t = this.tickets.byId(pick.ticketId);
    if (!t || t.day !== tx.day) return fail('not_found', `ticket ${pick.ticketId}`);
    if (t.state !== 'waiting') return fail('invalid_state', `số ${t.number} không còn chờ (${t.state}) / ${t.number} is no longer waiting`);
    const mayServe = t.targetCounterId ? t.targetCounterId === counter.id : servesService(counter, t.serviceId);
    if (!mayServe) return fail('wrong_counter', `quầy ${counter.number} không phục vụ số ${t.number} / counter ${counter.number} does not serve ${t.number}`);
    const closed = this.closeVisitAt(tx, counter.id);
    if (!closed.ok) return closed;
    const called = this.apply(tx, t, { action: 'call', now: tx.now, counterId: counter.id, clerkId }, { type: 'ticket.called', reason: `specific:${pick.reason}` });
    if (!called.ok) return called;
    tx.event('ticket.called_specific', t.id, { number: t.number, serviceId: t.serviceId, counterId: counter.id, reason: pick.reason, note: pick.note });
    this.counters.setIdleSince(counter.id, null);
    const call: CallRecord = { ticketId: t.id, number: t.number, counterId: counter.id, counterNumber: counter.number, serviceId: t.serviceId, at: tx.now, recall: false };
    tx.changes.call = call;
    return ok({ ticket: called.data, call });
  }

  /**
   * Serves a citizen who came to the counter without a ticket (`counter:walkIn`): closes the visit
   * in progress, issues a `walk_in` ticket for the service (numbered like any other, no wait
   * predicted: it never queued) and calls and starts it here in the same transaction. Nothing is
   * announced. Reports count it as a walk-in (channel `walk_in`). A repeated request id answers the
   * same ticket.
   */
  walkIn(tx: Tx, counterId: string, clerkId: string | null, req: { serviceId: string; procedureId?: string | undefined; requestId: string }, issuedBy: string): Result<TicketRow> {
    const r = this.counterOr(counterId);
    if (!r.ok) return r;
    const counter = r.data;
    const prior = this.tickets.byRequest(issuedBy, req.requestId);
    if (prior) return ok(prior);
    if (counter.status !== 'open') return fail('counter_not_open');
    if (!servesService(counter, req.serviceId)) return fail('wrong_counter', `quầy ${counter.number} không phục vụ dịch vụ này / counter ${counter.number} does not serve this service`);
    const closed = this.closeVisitAt(tx, counter.id);
    if (!closed.ok) return closed;
    const issued = this.issue(tx, { serviceId: req.serviceId, procedureId: req.procedureId, channel: 'walk_in', requestId: req.requestId }, issuedBy, null);
    if (!issued.ok) return issued;
    const called = this.apply(tx, issued.data.row, { action: 'call', now: tx.now, counterId: counter.id, clerkId }, { type: 'ticket.called', reason: 'walk_in' });
    if (!called.ok) return called;
    const started = this.apply(tx, called.data, { action: 'start', now: tx.now });
    if (!started.ok) return started;
    this.counters.setIdleSince(counter.id, null);
    return started;
  }

  // ------------------------------------------------------------------ ticket actions

  /**
   * Applies a state-machine transition, stores it and records the event. A call, a transfer and
   * a rating record more than the transition: their callers pass those details.
   */
  apply(tx: Tx, t: TicketRow, input: TransitionInput, details?: TransitionDetails): Result<TicketRow> {
    const r = transition(t, input);
    if (!r.ok) return fail('invalid_state', `cannot ${input.action} a ${t.state} ticket`);
    const next: TicketRow = { ...t, ...r.ticket };
    const event = transitionEvent(r.eventType, t.id, { number: t.number, from: t.state, to: next.state, counterId: next.counterId ?? t.counterId, serviceId: next.serviceId }, details);
    if (!event) return fail('internal', `${r.eventType} without the details it records`);
    this.tickets.update(next);
    tx.record(event);
    tx.ticket(next);
    if ((next.state === 'done' || next.state === 'no_show') && t.counterId) this.counters.setIdleSince(t.counterId, tx.now);
    if (next.state === 'done') this.stats.invalidate();
    return ok(next);
  }

  ticketOr(ticketId: string): Result<TicketRow> {
    const t = this.tickets.byId(ticketId);
    return t ? ok(t) : fail('not_found', `ticket ${ticketId}`);
  }

  recall(tx: Tx, t: TicketRow): Result<TicketRow> {
    const r = this.apply(tx, t, { action: 'recall', now: tx.now, recallLimit: this.settings.recallLimit });
    if (!r.ok) return r;
    if (r.data.state === 'called' && t.counterId) {
      const counter = this.counters.byId(t.counterId);
      if (counter) tx.changes.call = { ticketId: t.id, number: t.number, counterId: counter.id, counterNumber: counter.number, serviceId: t.serviceId, at: tx.now, recall: true };
    }
    return r;
  }

  transfer(tx: Tx, t: TicketRow, to: { toServiceId?: string | undefined; toCounterId?: string | undefined }): Result<TicketRow> {
    if (to.toServiceId !== undefined) {
      const s = this.catalog.service(to.toServiceId);
      if (!s || !s.active) return fail('not_found', `service ${to.toServiceId}`);
      if (!this.counters.all().some((c) => servesService(c, s.id))) return fail('service_unavailable');
    }
    if (to.toCounterId !== undefined) {
      if (!this.counters.byId(to.toCounterId)) return fail('not_found', `counter ${to.toCounterId}`);
      if (to.toCounterId === t.counterId) return fail('invalid_state', 'already at that counter');
    }
    const input: TransitionInput = { action: 'transfer', now: tx.now };
    if (to.toServiceId !== undefined) input.toServiceId = to.toServiceId;
    if (to.toCounterId !== undefined) input.toCounterId = to.toCounterId;
    return this.apply(tx, t, input, { type: 'ticket.transferred', fromCounterId: t.counterId, fromServiceId: t.serviceId, toServiceId: to.toServiceId ?? null, toCounterId: to.toCounterId ?? null });
  }

  rate(tx: Tx, t: TicketRow, score: number, reason: string | undefined, scale: number): Result<TicketRow> {
    if (t.rating !== null) return fail('duplicate', 'this visit was already rated');
    if (score > scale) return fail('invalid_payload', `score must be 1–${scale}`);
    const r = this.apply(tx, t, { action: 'rate', now: tx.now, score }, { type: 'ticket.rated', score, reason: reason ?? null });
    if (!r.ok) return r;
    if (reason) {
      const withReason = { ...r.data, ratingReason: reason };
      this.tickets.update(withReason);
      return ok(withReason);
    }
    return r;
  }

  // ------------------------------------------------------------------ day rollover

  /** Closes tickets left over from earlier business days (numbering restarts by itself per day). */
  closeEarlierDays(tx: Tx): number {
    const stale = this.tickets.liveBefore(tx.day);
    for (const t of stale) {
      const next: TicketRow = { ...t, state: 'cancelled', finishedAt: tx.now };
      this.tickets.update(next);
      tx.event('ticket.expired', t.id, { number: t.number, day: t.day, from: t.state });
    }
    if (stale.length) tx.changes.resync = true;
    return stale.length;
  }
}

const COUNTER_EVENT = { open: 'counter.opened', pause: 'counter.paused', resume: 'counter.resumed', close: 'counter.closed' } as const;

/** What a call, a transfer and a rating record besides the transition itself. */
export type TransitionDetails =
  | { type: 'ticket.called'; reason: string }
  | { type: 'ticket.transferred'; fromCounterId: string | null; fromServiceId: string; toServiceId: string | null; toCounterId: string | null }
  | { type: 'ticket.rated'; score: number; reason: string | null };

/** The event of a transition; null when the details do not fit it (a wiring mistake). */
function transitionEvent(type: TicketTransitionType, ticketId: string, base: TicketTransitionPayload, details: TransitionDetails | undefined): HubEvent | null {
  switch (type) {
    case 'ticket.called':
      return details?.type === 'ticket.called' ? hubEvent(type, ticketId, { ...base, reason: details.reason }) : null;
    case 'ticket.transferred':
      return details?.type === 'ticket.transferred' ? hubEvent(type, ticketId, { ...base, fromCounterId: details.fromCounterId, fromServiceId: details.fromServiceId, toServiceId: details.toServiceId, toCounterId: details.toCounterId }) : null;
    case 'ticket.rated':
      return details?.type === 'ticket.rated' ? hubEvent(type, ticketId, { ...base, score: details.score, reason: details.reason }) : null;
    default:
      return details === undefined ? hubEvent(type, ticketId, base) : null;
  }
}
