/**
 * The hub's events: every row the hub appends to its `events` table, as one zod discriminated
 * union on `type`. Each member says whether the event belongs to a ticket (`ticketId` a string)
 * or not (`ticketId` null) and gives its exact payload.
 *
 * Used by the hub when it writes (`Tx.event` is typed by this union), by the sync contract
 * (`SyncEvent`), by the city projection (an exhaustive switch on `type`), by the manager's audit
 * labels (a `Record<HubEventType, …>`) and by test fixtures, which build events with `hubEvent`,
 * the same builder the hub writes through.
 *
 * Payload objects are not strict: a newer hub may add a field and an older city still reads the
 * event. A new event type or a changed field is a change of this contract: add it here first.
 */
import { z } from 'zod';
import { CalendarDay, CallSpecificReason, Channel, DeviceHealth, DeviceKind, PeripheralStatus, PriorityGroup, TicketState } from './domain';
import { CentreSettings } from './protocol-manager';

const TicketId = z.string().min(1).max(64);

function withTicket<T extends string, P extends z.ZodObject>(type: T, payload: P) {
  return z.object({ type: z.literal(type), ticketId: TicketId, payload });
}
function noTicket<T extends string, P extends z.ZodObject>(type: T, payload: P) {
  return z.object({ type: z.literal(type), ticketId: z.null(), payload });
}

// ---------------------------------------------------------------- tickets

export const TicketIssuedPayload = z.object({
  number: z.string(),
  serviceId: z.string(),
  procedureId: z.string().nullable(),
  channel: Channel,
  priorityGroup: PriorityGroup.nullable(),
  queuedAt: z.number(),
  slotAt: z.number().nullable(),
  predictedWaitMin: z.number().nullable(),
  peopleAhead: z.number().nullable(),
});

/** What every state-machine transition records: the state before and after, where it is. */
export const TicketTransitionPayload = z.object({
  number: z.string(),
  from: TicketState,
  to: TicketState,
  counterId: z.string().nullable(),
  serviceId: z.string(),
});
export type TicketTransitionPayload = z.infer<typeof TicketTransitionPayload>;

/** `ticket.called` adds why dispatch chose this ticket. */
export const TicketCalledPayload = TicketTransitionPayload.extend({ reason: z.string() });
/** A clerk called this number out of dispatch order: audited as its own event beside the `ticket.called` it caused. */
export const TicketCalledSpecificPayload = z.object({ number: z.string(), serviceId: z.string(), counterId: z.string(), reason: CallSpecificReason, note: z.string().nullable() });
/**
 * The clerk recorded a dossier received during this visit (`ticket:recordDossier`): its one-stop code
 * (dossier-code.ts) and the procedure, so reports count dossiers received per procedure. The code is
 * a lookup key into the citizen's dossier: it stays in the ward (sync blanks it); the city counts.
 */
export const TicketDossierRecordedPayload = z.object({ number: z.string(), serviceId: z.string(), procedureId: z.string().nullable(), counterId: z.string().nullable(), dossierCode: z.string() });
export const TicketTransferredPayload = TicketTransitionPayload.extend({
  fromCounterId: z.string().nullable(),
  fromServiceId: z.string(),
  toServiceId: z.string().nullable(),
  toCounterId: z.string().nullable(),
});
export const TicketRatedPayload = TicketTransitionPayload.extend({ score: z.number(), reason: z.string().nullable() });
/** A ticket left over from an earlier business day, closed (as cancelled) when the day starts. */
export const TicketExpiredPayload = z.object({ number: z.string(), day: CalendarDay, from: TicketState });

const AppointmentCheckedInPayload = z.object({ appointmentId: z.string(), code: z.string() });
const AppointmentBookedPayload = z.object({ appointmentId: z.string(), code: z.string(), serviceId: z.string(), slotAt: z.number() });

// ---------------------------------------------------------------- the city → hub channel (shared/src/city-channel.ts)

/** A city message applied (or refused) by the hub; `seq` is the message's per-hub sequence number. */
const CityMessageAppliedPayload = z.object({
  seq: z.number().int(),
  kind: z.string(),
  /** applied; refused (its refusal event follows, e.g. booking.refused); skipped (malformed, unknown kind, or nothing to act on). */
  outcome: z.enum(['applied', 'refused', 'skipped']),
  detail: z.string().max(300),
});
/** A home booking the hub took into its day (it is now an appointment there). */
const HomeBookingAcceptedPayload = z.object({ code: z.string(), appointmentId: z.string(), serviceId: z.string(), slotAt: z.number() });
/** A home booking the hub cannot honour, sent back so the city can tell the citizen. */
export const HOME_BOOKING_REFUSAL_REASONS = ['centre_closed', 'service_unavailable', 'slot_full', 'unknown_service', 'past', 'duplicate'] as const;
/**
 * `serviceId` and `slotAt`: the booking refused, when a new booking was (so the ward's report counts
 * it by field and week); absent when a move was refused. A refused move carries `keptAt` (the slot
 * the booking stays at, unchanged and still valid) and `movedTo` (the slot the move asked for), so the
 * city puts the booking back instead of marking it refused.
 */
const HomeBookingRefusedPayload = z.object({
  code: z.string(),
  reason: z.enum(HOME_BOOKING_REFUSAL_REASONS),
  detail: z.string().max(300),
  serviceId: z.string().optional(),
  slotAt: z.number().optional(),
  keptAt: z.number().optional(),
  movedTo: z.number().optional(),
});
/** A home booking's day ended without a check-in (released after the grace period). */
const HomeBookingNoShowPayload = z.object({ code: z.string(), appointmentId: z.string() });
const HomeBookingCancelledPayload = z.object({ code: z.string(), by: z.enum(['citizen', 'city', 'hub']) });
/** A mobile-team assignment decided by the manager or ended by the city (its skills: config.skill_added/ended). */
const TeamDecidedPayload = z.object({ assignmentId: z.string(), decision: z.enum(['accepted', 'declined', 'withdrawn']), clerkId: z.string().nullable(), counterId: z.string().nullable(), serviceIds: z.array(z.string()) });

// ---------------------------------------------------------------- counters, clerks

const CounterStatusPayload = z.object({ counterId: z.string(), reason: z.string().nullable() });
const SignedInPayload = z.object({ clerkId: z.string(), counterId: z.string().nullable() });
/** Written with the session's actor, whose clerk id the type allows to be null. */
const SignedOutPayload = z.object({ clerkId: z.string().nullable(), counterId: z.string().nullable() });
/**
 * Too many wrong PINs/passwords or pairing codes: sign-in or pairing refused until `until`.
 * `key` is the username (scope account), the client address (login_address, pairing_address) or
 * null when the pairing codes themselves were voided (scope pairing_codes).
 */
export const LockedOutPayload = z.object({ scope: z.enum(['account', 'login_address', 'pairing_address', 'pairing_codes']), key: z.string().nullable(), until: z.number() });
/** A manager lifted a lockout early (`manager:unlock`). */
const UnlockedPayload = z.object({ username: z.string().nullable(), address: z.string().nullable() });
const WaitAlarmPayload = z.object({ number: z.string(), serviceId: z.string(), waitedMin: z.number() });
const AdviceDeclinedPayload = z.object({ adviceId: z.string(), counterId: z.string(), serviceId: z.string() });

// ---------------------------------------------------------------- devices, printing

const DevicePresencePayload = z.object({ deviceId: z.string(), kind: DeviceKind });
const DeviceHealthPayload = z.object({ deviceId: z.string(), peripheral: z.string(), kind: PeripheralStatus.shape.kind, health: DeviceHealth, detail: z.string().nullable() });
const DevicePairingCodePayload = z.object({ kind: DeviceKind, counterId: z.string().nullable(), boundDeviceId: z.string().nullable(), expiresAt: z.number() });
const DeviceNamedPayload = z.object({ deviceId: z.string(), kind: DeviceKind, name: z.string() });
const PrintSentPayload = z.object({ jobId: z.string(), agentId: z.string(), kioskId: z.string() });
const PrintSettledPayload = z.object({ jobId: z.string(), error: z.string().nullable() });

// ---------------------------------------------------------------- configuration, the day, retention

const Count = z.number().int().min(0);
const ConfigSeededPayload = z.object({ fields: Count, services: Count, procedures: Count, counters: Count, clerks: Count });
const FieldSavedPayload = z.object({ fieldId: z.string(), code: z.string(), created: z.boolean() });
const FieldDeletedPayload = z.object({ fieldId: z.string(), code: z.string() });
const ServiceSavedPayload = z.object({ serviceId: z.string(), code: z.string(), prefix: z.string(), active: z.boolean(), created: z.boolean() });
const ProcedureSavedPayload = z.object({ procedureId: z.string(), nationalCode: z.string(), created: z.boolean() });
const ProcedureDeletedPayload = z.object({ procedureId: z.string(), nationalCode: z.string() });
const CounterSavedPayload = z.object({ counterId: z.string(), number: z.number(), primary: z.array(z.string()), secondary: z.array(z.string()), created: z.boolean() });
const CounterDeletedPayload = z.object({ counterId: z.string(), number: z.number() });
const ClerkSavedPayload = z.object({ clerkId: z.string(), username: z.string(), role: z.enum(['clerk', 'manager']), active: z.boolean(), passwordChanged: z.boolean(), created: z.boolean() });
const CatalogImportedPayload = z.object({
  fileName: z.string(),
  rows: Count,
  imported: Count,
  skipped: Count,
  newFields: Count,
  newProcedures: Count,
  updatedProcedures: Count,
});
const SkillLevel = z.enum(['primary', 'secondary']);
const SkillAddedPayload = z.object({ id: z.string(), counterId: z.string(), serviceId: z.string(), level: SkillLevel, until: z.number(), createdAt: z.number(), adviceId: z.string().nullable() });
const SkillEndedPayload = z.object({ id: z.string(), counterId: z.string(), serviceId: z.string(), level: SkillLevel, why: z.enum(['removed', 'expired']) });
const DayStartedPayload = z.object({ day: CalendarDay, closedFromEarlierDays: Count });
const DataPurgedPayload = z.object({
  personalData: Count,
  tickets: Count,
  appointments: Count,
  printJobs: Count,
  events: Count,
  dayCounters: Count,
  credentials: Count,
  /** Absent in purges recorded before the housekeeping tables were covered. */
  housekeeping: Count.optional(),
  personalBefore: CalendarDay,
  historyBefore: CalendarDay,
});
/** The hub could not write (disk full, read-only or failing storage) from `since` until `until`; commands that write were refused meanwhile. */
const StorageRecoveredPayload = z.object({ since: z.number(), until: z.number(), code: z.string(), refused: Count });
/**
 * The manager's "khó khăn, vướng mắc, đề xuất" for an ISO week (Monday–Sunday): free text written
 * for the city's weekly report, so it leaves the ward (the one free text meant to). The latest per week counts.
 */
export const WeekNotePayload = z.object({ weekFrom: CalendarDay, weekTo: CalendarDay, text: z.string().max(4000) });

// ---------------------------------------------------------------- the union

export const HubEvent = z.discriminatedUnion('type', [
  withTicket('ticket.issued', TicketIssuedPayload),
  withTicket('ticket.called', TicketCalledPayload),
  withTicket('ticket.called_specific', TicketCalledSpecificPayload),
  withTicket('ticket.dossier_recorded', TicketDossierRecordedPayload),
  withTicket('ticket.recalled', TicketTransitionPayload),
  withTicket('ticket.started', TicketTransitionPayload),
  withTicket('ticket.finished', TicketTransitionPayload),
  withTicket('ticket.no_show', TicketTransitionPayload),
  withTicket('ticket.held', TicketTransitionPayload),
  withTicket('ticket.returned', TicketTransitionPayload),
  withTicket('ticket.cancelled', TicketTransitionPayload),
  withTicket('ticket.transferred', TicketTransferredPayload),
  withTicket('ticket.rated', TicketRatedPayload),
  withTicket('ticket.expired', TicketExpiredPayload),
  withTicket('appointment.checked_in', AppointmentCheckedInPayload),
  noTicket('appointment.booked', AppointmentBookedPayload),
  noTicket('city.message_applied', CityMessageAppliedPayload),
  noTicket('booking.accepted', HomeBookingAcceptedPayload),
  noTicket('booking.refused', HomeBookingRefusedPayload),
  noTicket('booking.cancelled', HomeBookingCancelledPayload),
  noTicket('booking.no_show', HomeBookingNoShowPayload),
  noTicket('team.decided', TeamDecidedPayload),
  noTicket('counter.opened', CounterStatusPayload),
  noTicket('counter.paused', CounterStatusPayload),
  noTicket('counter.resumed', CounterStatusPayload),
  noTicket('counter.closed', CounterStatusPayload),
  noTicket('auth.signed_in', SignedInPayload),
  noTicket('auth.signed_out', SignedOutPayload),
  noTicket('auth.locked_out', LockedOutPayload),
  noTicket('auth.unlocked', UnlockedPayload),
  withTicket('alarm.wait_warn', WaitAlarmPayload),
  withTicket('alarm.wait_breach', WaitAlarmPayload),
  noTicket('advice.declined', AdviceDeclinedPayload),
  noTicket('device.online', DevicePresencePayload),
  noTicket('device.offline', DevicePresencePayload),
  noTicket('device.health', DeviceHealthPayload),
  noTicket('device.pairing_code', DevicePairingCodePayload),
  noTicket('device.paired', DeviceNamedPayload),
  noTicket('device.revoked', DeviceNamedPayload),
  withTicket('print.sent', PrintSentPayload),
  withTicket('print.printed', PrintSettledPayload),
  withTicket('print.failed', PrintSettledPayload),
  noTicket('config.seeded', ConfigSeededPayload),
  noTicket('config.field_saved', FieldSavedPayload),
  noTicket('config.field_deleted', FieldDeletedPayload),
  noTicket('config.service_saved', ServiceSavedPayload),
  noTicket('config.procedure_saved', ProcedureSavedPayload),
  noTicket('config.procedure_deleted', ProcedureDeletedPayload),
  noTicket('config.counter_saved', CounterSavedPayload),
  noTicket('config.counter_deleted', CounterDeletedPayload),
  noTicket('config.clerk_saved', ClerkSavedPayload),
  noTicket('config.settings_saved', CentreSettings),
  noTicket('config.catalog_imported', CatalogImportedPayload),
  noTicket('config.skill_added', SkillAddedPayload),
  noTicket('config.skill_ended', SkillEndedPayload),
  noTicket('day.started', DayStartedPayload),
  noTicket('data.purged', DataPurgedPayload),
  noTicket('hub.storage_recovered', StorageRecoveredPayload),
  noTicket('report.week_note', WeekNotePayload),
]);
export type HubEvent = z.infer<typeof HubEvent>;
export type HubEventType = HubEvent['type'];

/** Every event type, in the order of the union. */
export const HUB_EVENT_TYPES: readonly HubEventType[] = HubEvent.options.map((o) => o.shape.type.value);
const KNOWN_TYPES: ReadonlySet<string> = new Set(HUB_EVENT_TYPES);

type EventByType = { [E in HubEvent as E['type']]: E };
type TicketIdByType = { [E in HubEvent as E['type']]: E['ticketId'] };
type PayloadByType = { [E in HubEvent as E['type']]: E['payload'] };

/** The member of the union with this type. */
export type HubEventOf<T extends HubEventType> = EventByType[T];
/** The payload of an event type. */
export type HubEventPayload<T extends HubEventType> = PayloadByType[T];
/** `string` for an event about a ticket, `null` otherwise. */
export type HubEventTicketId<T extends HubEventType> = TicketIdByType[T];
/** The event types that belong to a ticket. */
export type TicketEventType = { [T in HubEventType]: HubEventTicketId<T> extends string ? T : never }[HubEventType];
/** The types of the ticket state machine's transitions (the payload extends `TicketTransitionPayload`). */
export type TicketTransitionType = Extract<
  HubEventType,
  'ticket.called' | 'ticket.recalled' | 'ticket.started' | 'ticket.finished' | 'ticket.no_show' | 'ticket.held' | 'ticket.returned' | 'ticket.cancelled' | 'ticket.transferred' | 'ticket.rated'
>;

/**
 * The one builder of hub events: the hub writes through it (`Tx.event`) and test fixtures build
 * their events with it, so both have the shape the contract says. A wrong payload for the type,
 * or a ticket id where the type has none, is a compile error.
 */
export function hubEvent<T extends HubEventType>(type: T, ticketId: HubEventTicketId<T>, payload: HubEventPayload<T>): { type: T; ticketId: HubEventTicketId<T>; payload: HubEventPayload<T> } {
  return { type, ticketId, payload };
}

/** Whether a stored type is one of this version's event types. */
export function isHubEventType(type: string): type is HubEventType {
  return KNOWN_TYPES.has(type);
}

export type HubEventParse = { ok: true; event: HubEvent } | { ok: false; reason: 'unknown_type' | 'malformed'; message: string };

/**
 * Reads one event as stored or sent (type, ticket id, payload): the typed event, or why not — a
 * type this version does not know (a newer hub) or a known type whose payload does not match.
 */
export function parseHubEvent(e: { type: string; ticketId: string | null; payload: unknown }): HubEventParse {
  if (!isHubEventType(e.type)) return { ok: false, reason: 'unknown_type', message: `unknown event type ${e.type}` };
  const r = HubEvent.safeParse({ type: e.type, ticketId: e.ticketId, payload: e.payload });
  if (r.success) return { ok: true, event: r.data };
  const issue = r.error.issues[0];
  return { ok: false, reason: 'malformed', message: `${e.type}: ${issue?.path.join('.') || '(event)'}: ${issue?.message ?? 'invalid'}` };
}
