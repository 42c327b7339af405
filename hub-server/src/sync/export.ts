/**
 * What leaves the ward: every event the uploader sends to the city passes through `exportEvent`,
 * which keeps only the payload fields this table allows for its type, replaces free text (pause
 * and rating reasons, device and file names, print error texts, lockout keys) by null or an empty
 * string, and replaces staff ids and usernames by a pseudonym: HMAC-SHA256 under the ward's own
 * key (`sync-pseudonym.key` in the secrets folder), stable per ward so the city can still count
 * "one clerk's sessions" without knowing who, and not linkable between wards.
 *
 * The table is typed from the `HubEvent` union (shared/src/events.ts): every event type must have
 * an entry and every payload field a rule, so a new event type or field does not compile until
 * someone decides whether it may leave the ward. A field the table does not list (one a newer
 * hub wrote) is dropped. The result still reads as its `HubEvent` member, so the city projects it.
 */
import { createHmac } from 'node:crypto';
import { BookingCode, type HubEventPayload, type HubEventType, type SyncEventRow } from '@motcua/shared';

/** Replaces a value by a pseudonym (staff ids, usernames). */
type Pseudonymise = (value: string) => string;

/**
 * keep: sent as is. null: free text, sent as null (the field is nullable). empty: free text, sent
 * as ''. staff: a staff id or username, sent as its pseudonym. A function: a nested value with
 * free text inside, rewritten.
 */
type FieldRule<V> =
  | 'keep'
  | (null extends V ? 'null' : never)
  | ([V] extends [string] ? 'empty' : never)
  | ([V] extends [string | null] ? 'staff' : never)
  | ((value: V) => V);

/** A rule as the loop in exportEvent sees it, whatever its field's type. */
type AnyRule = 'keep' | 'null' | 'empty' | 'staff' | ((value: never) => unknown);

/** One rule per payload field, for every event type. */
export type ExportRules = { [T in HubEventType]: { [K in keyof HubEventPayload<T>]-?: FieldRule<HubEventPayload<T>[K]> } };

/** A home booking's code (10–16 symbols, `BookingCode`, issued by the city) as it is; any other code blanked. */
function homeBookingCodeOnly(code: string): string {
  return BookingCode.safeParse(code).success ? code : '';
}

const TRANSITION = { number: 'keep', from: 'keep', to: 'keep', counterId: 'keep', serviceId: 'keep' } as const;
const COUNTER_STATUS = { counterId: 'keep', reason: 'null' } as const;
const PRESENCE = { deviceId: 'keep', kind: 'keep' } as const;
const NAMED_DEVICE = { deviceId: 'keep', kind: 'keep', name: 'empty' } as const;
const PRINT_SETTLED = { jobId: 'keep', error: 'null' } as const;
const WAIT_ALARM = { number: 'keep', serviceId: 'keep', waitedMin: 'keep' } as const;

export const EXPORT_RULES: ExportRules = {
  'ticket.issued': { number: 'keep', serviceId: 'keep', procedureId: 'keep', channel: 'keep', priorityGroup: 'keep', queuedAt: 'keep', slotAt: 'keep', predictedWaitMin: 'keep', peopleAhead: 'keep' },
  // The dispatch policy's reason is one of its own codes ('deadline', 'tail', 'age-cap'…), not text a person wrote.
  'ticket.called': { ...TRANSITION, reason: 'keep' },
  // The reason is from a fixed list; the clerk's free-text note stays in the ward.
  // Counted by the city ("tổng số hồ sơ tiếp nhận"); the code itself opens the citizen's dossier and stays here.
  'ticket.dossier_recorded': { number: 'keep', serviceId: 'keep', procedureId: 'keep', counterId: 'keep', dossierCode: 'empty' },
  'ticket.called_specific': { number: 'keep', serviceId: 'keep', counterId: 'keep', reason: 'keep', note: 'null' },
  'ticket.recalled': TRANSITION,
  'ticket.started': TRANSITION,
  'ticket.finished': TRANSITION,
  'ticket.no_show': TRANSITION,
  'ticket.held': TRANSITION,
  'ticket.returned': TRANSITION,
  'ticket.cancelled': TRANSITION,
  'ticket.transferred': { ...TRANSITION, fromCounterId: 'keep', fromServiceId: 'keep', toServiceId: 'keep', toCounterId: 'keep' },
  // The score leaves the ward; the citizen's reason for it does not.
  'ticket.rated': { ...TRANSITION, score: 'keep', reason: 'null' },
  'ticket.expired': { number: 'keep', day: 'keep', from: 'keep' },
  // A kiosk booking's code is the citizen's check-in credential and stays here; a home booking's code
  // (issued by the city) goes back, so the city learns the booking was honoured.
  'appointment.checked_in': { appointmentId: 'keep', code: homeBookingCodeOnly },
  'appointment.booked': { appointmentId: 'keep', code: 'empty', serviceId: 'keep', slotAt: 'keep' },
  // Home bookings: the city issued the code, so sending it back tells it nothing new; no name travels.
  'city.message_applied': { seq: 'keep', kind: 'keep', outcome: 'keep', detail: 'keep' },
  'booking.accepted': { code: 'keep', appointmentId: 'keep', serviceId: 'keep', slotAt: 'keep' },
  'booking.refused': { code: 'keep', reason: 'keep', detail: 'keep', serviceId: 'keep', slotAt: 'keep', keptAt: 'keep', movedTo: 'keep' },
  'booking.cancelled': { code: 'keep', by: 'keep' },
  'booking.no_show': { code: 'keep', appointmentId: 'keep' },
  'team.decided': { assignmentId: 'keep', decision: 'keep', clerkId: 'staff', counterId: 'keep', serviceIds: 'keep' },
  'counter.opened': COUNTER_STATUS,
  // A pause reason may name a colleague's illness.
  'counter.paused': COUNTER_STATUS,
  'counter.resumed': COUNTER_STATUS,
  'counter.closed': COUNTER_STATUS,
  'auth.signed_in': { clerkId: 'staff', counterId: 'keep' },
  'auth.signed_out': { clerkId: 'staff', counterId: 'keep' },
  // The key is a username or a client address.
  'auth.locked_out': { scope: 'keep', key: 'null', until: 'keep' },
  'auth.unlocked': { username: 'null', address: 'null' },
  'alarm.wait_warn': WAIT_ALARM,
  'alarm.wait_breach': WAIT_ALARM,
  'advice.declined': { adviceId: 'keep', counterId: 'keep', serviceId: 'keep' },
  'device.online': PRESENCE,
  'device.offline': PRESENCE,
  'device.health': { deviceId: 'keep', peripheral: 'keep', kind: 'keep', health: 'keep', detail: 'null' },
  'device.pairing_code': { kind: 'keep', counterId: 'keep', boundDeviceId: 'keep', expiresAt: 'keep' },
  'device.paired': NAMED_DEVICE,
  'device.revoked': NAMED_DEVICE,
  'print.sent': { jobId: 'keep', agentId: 'keep', kioskId: 'keep' },
  'print.printed': PRINT_SETTLED,
  'print.failed': PRINT_SETTLED,
  'config.seeded': { fields: 'keep', services: 'keep', procedures: 'keep', counters: 'keep', clerks: 'keep' },
  'config.field_saved': { fieldId: 'keep', code: 'keep', created: 'keep' },
  'config.field_deleted': { fieldId: 'keep', code: 'keep' },
  'config.service_saved': { serviceId: 'keep', code: 'keep', prefix: 'keep', active: 'keep', created: 'keep' },
  'config.procedure_saved': { procedureId: 'keep', nationalCode: 'keep', created: 'keep' },
  'config.procedure_deleted': { procedureId: 'keep', nationalCode: 'keep' },
  'config.counter_saved': { counterId: 'keep', number: 'keep', primary: 'keep', secondary: 'keep', created: 'keep' },
  'config.counter_deleted': { counterId: 'keep', number: 'keep' },
  'config.clerk_saved': { clerkId: 'staff', username: 'staff', role: 'keep', active: 'keep', passwordChanged: 'keep', created: 'keep' },
  // Break labels are the manager's words: numbered instead (the schema wants a non-empty label).
  'config.settings_saved': { openingHours: 'keep', opening: 'keep', breaks: (breaks) => breaks.map((b, i) => ({ ...b, label: `${i + 1}` })), priority: 'keep', rating: 'keep', alarms: 'keep', booking: 'keep', staffing: 'keep' },
  'config.catalog_imported': { fileName: 'empty', rows: 'keep', imported: 'keep', skipped: 'keep', newFields: 'keep', newProcedures: 'keep', updatedProcedures: 'keep' },
  'config.skill_added': { id: 'keep', counterId: 'keep', serviceId: 'keep', level: 'keep', until: 'keep', createdAt: 'keep', adviceId: 'keep' },
  'config.skill_ended': { id: 'keep', counterId: 'keep', serviceId: 'keep', level: 'keep', why: 'keep' },
  'day.started': { day: 'keep', closedFromEarlierDays: 'keep' },
  // A storage outage the hub recovered from: its times, the SQLite error code and how many commands it refused.
  'hub.storage_recovered': { since: 'keep', until: 'keep', code: 'keep', refused: 'keep' },
  // The manager writes this text for the city's weekly report (the manager app says so): it is
  // the one free text meant to leave the ward.
  'report.week_note': { weekFrom: 'keep', weekTo: 'keep', text: 'keep' },
  'data.purged': { personalData: 'keep', tickets: 'keep', appointments: 'keep', printJobs: 'keep', events: 'keep', dayCounters: 'keep', credentials: 'keep', housekeeping: 'keep', personalBefore: 'keep', historyBefore: 'keep' },
};

/** The ward's staff pseudonym: HMAC-SHA256 under the ward's key, 16 bytes as hex, marked `p:`. */
export function staffPseudonymiser(key: Buffer): Pseudonymise {
  return (value) => `p:${createHmac('sha256', key).update(`staff\u0000${value}`, 'utf8').digest('hex').slice(0, 32)}`;
}

/**
 * The actor column: `device:<id>` and `system` leave as they are; `clerk:<id>@<counter>` and
 * `manager:<id>` leave with the staff id pseudonymised.
 */
export function exportActor(actor: string | null, staff: Pseudonymise): string | null {
  if (actor === null) return null;
  const m = /^(clerk|manager):([^@]+)(@.*)?$/.exec(actor);
  return m ? `${m[1]}:${staff(m[2]!)}${m[3] ?? ''}` : actor;
}

/** The row as it may leave the ward. An unknown type (none exists: the hub writes only the union) leaves with an empty payload. */
export function exportEvent(row: SyncEventRow, staff: Pseudonymise): SyncEventRow {
  const rules = (EXPORT_RULES as Partial<Record<string, Record<string, AnyRule>>>)[row.type];
  const payload = row.payload && typeof row.payload === 'object' ? (row.payload as Record<string, unknown>) : {};
  const out: Record<string, unknown> = {};
  for (const [field, rule] of Object.entries(rules ?? {})) {
    if (!Object.hasOwn(payload, field)) continue;
    const v = payload[field];
    if (rule === 'keep') out[field] = v;
    else if (rule === 'null') out[field] = null;
    else if (rule === 'empty') out[field] = '';
    else if (rule === 'staff') out[field] = typeof v === 'string' ? staff(v) : null;
    // The table types each function by its field; the stored row is that field's value.
    else out[field] = (rule as (value: unknown) => unknown)(v);
  }
  return { ...row, actor: exportActor(row.actor, staff), payload: out };
}
