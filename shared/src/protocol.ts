/**
 * The one typed contract between the hub and every client (UIs and device agents), passed as
 * generics to socket.io's `Server<…>` and `io<…>`.
 *
 * Connection: `io(url, { auth: { protocolVersion: PROTOCOL_VERSION, token } })`. `token` is a device
 * token (from `device:pair`) or a session token (from `auth:login`); without one the socket is
 * public (may read public state, pair a device, or sign in). A wrong protocol version is refused
 * at connect with `connect_error` whose message is `protocol_mismatch`.
 *
 * Every state change is a command sent with an acknowledgement, answered with a `Result`.
 * State: `state:snapshot` returns a snapshot with `seq`; then the hub pushes `state:delta`s, each
 * with `prevSeq` equal to the previous delta's `seq`. A client whose `seq` differs from a delta's
 * `prevSeq` has missed something and asks for a snapshot again (`applyDelta` returns 'gap').
 */
import { z } from 'zod';
import type {
  Clerk,
  Device,
  Field,
  Procedure,
  Service} from './domain';
import {
  Appointment,
  AppointmentCode,
  CalendarDay,
  CallSpecificReason,
  Channel,
  Counter,
  Id,
  PeripheralStatus,
  PriorityGroup,
  Ticket,
  type LocalizedText,
  type PublicTicket,
  type Role,
} from './domain';
import type { Result } from './result';
import type { OpeningRules } from './opening-hours';
import type { PlaceAndWait } from './place-and-wait';
import type { ManagerServerEvents } from './protocol-manager';

export const PROTOCOL_VERSION = 1;

export const HandshakeAuth = z.object({
  protocolVersion: z.number().int(),
  token: z.string().max(200).optional(),
});
export type HandshakeAuth = z.infer<typeof HandshakeAuth>;

export type Ack<T> = (result: Result<T>) => void;

// ---------------------------------------------------------------- command payloads

export const Empty = z.object({}).strict();

export const LoginInput = z.object({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(200),
  /** Clerks sign in to a counter; managers leave it out. */
  counterId: Id.optional(),
});
export type LoginInput = z.infer<typeof LoginInput>;

export const PairInput = z.object({ code: z.string().regex(/^\d{6}$/), name: z.string().min(1).max(120) });
export type PairInput = z.infer<typeof PairInput>;

/** Citizen details read from the CCCD QR; only what the ticket needs leaves the kiosk. */
export const CitizenInput = z.object({
  /** 12-digit ID number: hashed at rest, never sent to displays. */
  idNumber: z.string().regex(/^\d{12}$/),
  fullName: z.string().min(1).max(120),
  /** YYYY-MM-DD */
  dateOfBirth: CalendarDay,
});
export type CitizenInput = z.infer<typeof CitizenInput>;

// ---------------------------------------------------------------- the CCCD chip (drivers/src/chip)

/** Why a chip read failed, as the chip driver types it (drivers/src/chip/errors.ts uses this list). */
export const CHIP_ERROR_CODES = [
  'pcsc_unavailable',
  'no_reader',
  'reader_unplugged',
  'no_card',
  'canceled',
  'card_removed',
  'not_cccd',
  'access_denied',
  'secure_messaging',
  'bad_data',
  'inconsistent_data',
  'passive_auth_failed',
  'io',
] as const;
export const ChipErrorCode = z.enum(CHIP_ERROR_CODES);
export type ChipErrorCode = z.infer<typeof ChipErrorCode>;

/** What the QR on the back of the card gives towards the chip's BAC key (the agent derives the expiry candidates). */
export const ChipQrKey = z.object({ idNumber: z.string().regex(/^\d{12}$/), dateOfBirth: CalendarDay, issueDate: CalendarDay });
export type ChipQrKey = z.infer<typeof ChipQrKey>;

/**
 * Kiosk → hub: read the card on my agent's chip reader, opened with what the kiosk has — the QR it
 * scanned first (BAC keys derived from it) and/or the 6-digit CAN printed on the card.
 */
export const ChipReadInput = z
  .object({ requestId: z.string().min(8).max(64), qr: ChipQrKey.optional(), can: z.string().regex(/^\d{6}$/).optional() })
  .refine((v) => v.qr !== undefined || v.can !== undefined, { message: 'the QR data or the CAN is needed to open the chip' });
export type ChipReadInput = z.infer<typeof ChipReadInput>;

/** Hub → the kiosk's own agent: read the card now (or when it is placed). */
export interface ChipReadRequest {
  requestId: string;
  qr: ChipQrKey | null;
  can: string | null;
}

export const AgeBand = z.object({ min: z.number().int().min(0).max(150), max: z.number().int().min(1).max(151).nullable() });
export type AgeBand = z.infer<typeof AgeBand>;

/**
 * What a chip read gives beyond the agent (Decree 13/2023): the name, an age band, and whether
 * passive authentication reached a configured CSCA (`verified`); or the driver's typed error with
 * its Vietnamese and English messages and whether the kiosk should go to the QR path.
 */
export const ChipReadOutcome = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), fullName: z.string().min(1).max(120), ageBand: AgeBand, verified: z.boolean() }),
  z.object({ ok: z.literal(false), code: ChipErrorCode, message: z.string().max(300), messageEn: z.string().max(300), fallbackToQr: z.boolean() }),
]);
export type ChipReadOutcome = z.infer<typeof ChipReadOutcome>;

/** Agent → hub: the outcome of a `chip:read` request. */
export const ChipResultInput = z.object({ requestId: z.string().min(8).max(64), outcome: ChipReadOutcome });
export type ChipResultInput = z.infer<typeof ChipResultInput>;

/** Hub → kiosk: the card read for its `kiosk:readChip` (`elderly`: verified chip data puts the citizen at or above the centre's elderly age). */
export interface ChipCitizen {
  requestId: string;
  outcome: ChipReadOutcome;
  elderly: boolean;
}

export const IssueTicketInput = z.object({
  serviceId: Id,
  procedureId: Id.optional(),
  priorityGroup: PriorityGroup.nullable().optional(),
  channel: Channel.default('kiosk'),
  citizen: CitizenInput.optional(),
  /**
   * The `requestId` of this kiosk's chip read (`kiosk:readChip`): the hub takes the name and the
   * age priority from the read it received from the kiosk's own agent (verified chip data only),
   * never from the kiosk, and then ignores `citizen`.
   */
  chipReadId: z.string().min(8).max(64).optional(),
  /**
   * Idempotency key chosen by the client for this tap: a repeated issue with the same key (double
   * tap, a retry after the hub dropped mid-issue) returns the same ticket instead of a new one.
   */
  requestId: z.string().min(8).max(64),
  /** Ask the hub to print it on the kiosk's bound printer. */
  print: z.boolean().default(true),
});
export type IssueTicketInput = z.input<typeof IssueTicketInput>;

export const CheckInInput = z.object({ code: AppointmentCode, requestId: z.string().min(8).max(64), print: z.boolean().default(true) });
export type CheckInInput = z.input<typeof CheckInInput>;

export const CounterRef = z.object({ counterId: Id });
export const PauseInput = z.object({ counterId: Id, reason: z.string().min(1).max(200) });
export const TicketRef = z.object({ ticketId: Id });
/** `counter:callTicket`: call one waiting number to this counter, out of dispatch order, with a reason (`other` needs the note). */
export const CallTicketInput = z
  .object({ counterId: Id, ticketId: Id, reason: CallSpecificReason, note: z.string().trim().max(200).optional() })
  .refine((v) => v.reason !== 'other' || (v.note ?? '').length > 0, { message: 'lý do khác cần ghi rõ / "other" needs a note', path: ['note'] });
/** `ticket:recordDossier`: a dossier received during this visit, by its one-stop code (validated by the hub, dossier-code.ts). */
export const RecordDossierInput = z.object({ ticketId: Id, code: z.string().min(1).max(64), procedureId: Id.optional() });
/** `counter:walkIn`: serve a citizen who came to the counter without a ticket (a ticket is created and started here). */
export const WalkInInput = z.object({ counterId: Id, serviceId: Id, procedureId: Id.optional(), requestId: z.string().min(8).max(64) });
export const TransferInput = z
  .object({ ticketId: Id, toServiceId: Id.optional(), toCounterId: Id.optional() })
  .refine((v) => (v.toServiceId === undefined) !== (v.toCounterId === undefined), { message: 'exactly one of toServiceId or toCounterId' });
export const RateInput = z.object({ ticketId: Id, score: z.number().int().min(1).max(5), reason: z.string().max(300).optional() });

export const KeypadKey = z.enum(['call_next', 'recall', 'start', 'finish', 'no_show', 'hold', 'pause', 'resume']);
export type KeypadKey = z.infer<typeof KeypadKey>;

/** What an agent sends when a peripheral produces input. */
export const DeviceInput = z.discriminatedUnion('type', [
  z.object({ type: z.literal('scan'), peripheral: z.string().min(1).max(64), data: z.string().max(2000) }),
  z.object({ type: z.literal('key'), peripheral: z.string().min(1).max(64), key: KeypadKey }),
  z.object({ type: z.literal('rating'), peripheral: z.string().min(1).max(64), score: z.number().int().min(1).max(5) }),
]);
export type DeviceInput = z.infer<typeof DeviceInput>;

export const DeviceStatusInput = z.object({ peripherals: z.array(PeripheralStatus).max(32) });

/**
 * Why a device operation failed, as the drivers type it (drivers/src/errors.ts). A print job the
 * agent never answered is settled by the hub as `timeout` too.
 */
export const DEVICE_ERROR_CODES = ['disconnected', 'timeout', 'canceled', 'paper_out', 'cover_open', 'offline', 'not_found', 'protocol', 'unsupported', 'io'] as const;
export const DeviceErrorCode = z.enum(DEVICE_ERROR_CODES);
export type DeviceErrorCode = z.infer<typeof DeviceErrorCode>;

/** A failed print job: the driver's code, and a message for logs and managers. */
export const PrintError = z.object({ code: DeviceErrorCode, message: z.string().max(300).optional() });
export type PrintError = z.infer<typeof PrintError>;

/** How a print error is stored and shown in the audit log: "code: message". */
export function printErrorText(e: PrintError): string {
  return e.message ? `${e.code}: ${e.message}` : e.code;
}

export const PrintResultInput = z.object({
  jobId: Id,
  ok: z.boolean(),
  /** Why it failed, in the driver's typed terms (paper_out, offline, …). */
  error: PrintError.optional(),
});
export type PrintResultInput = z.infer<typeof PrintResultInput>;

// ---------------------------------------------------------------- results and pushes

export interface SessionInfo {
  token: string;
  role: Role;
  clerk: Clerk | null;
  counterId: string | null;
  deviceId: string | null;
}

export interface PairResult {
  deviceId: string;
  kind: Device['kind'];
  token: string;
  counterId: string | null;
}

/** What the citizen is told when taking a ticket. */
export interface IssuedTicket {
  ticket: PublicTicket;
  /** People ahead and the wait, as every surface words them (place-and-wait.ts). */
  place: PlaceAndWait;
  /** Link the ticket's QR opens: the live status page. */
  statusUrl: string;
  /** Whether a print job was sent (the print result arrives later as `print:failed` if it fails). */
  printJobId: string | null;
  /** The ticket existed already for this requestId (a retried tap). */
  repeated: boolean;
}

/**
 * The kiosk's printer as its device agent reports it (`kiosk:printer`): whether an agent is bound
 * to the kiosk, whether one is online, and the printers' health, so the kiosk warns before the tap.
 */
export interface KioskPrinter {
  configured: boolean;
  online: boolean;
  printers: PeripheralStatus[];
  /** The CCCD chip readers of the online bound agents: the kiosk offers the chip path only while one is `ready`. */
  chipReaders: PeripheralStatus[];
}

/** What a ticket printer receives: everything needed to render the ticket, already localized. */
export interface TicketPrintData {
  centreName: LocalizedText;
  serviceName: LocalizedText;
  number: string;
  peopleAhead: number;
  /** The wait worded by `formatWait` (place-and-wait.ts), the same words the screen shows. */
  wait: LocalizedText;
  issuedAt: number;
  statusUrl: string;
  priority: LocalizedText | null;
  /** An appointment ticket: its slot, printed as "LỊCH HẸN 14:30" (null for a walk-in). */
  appointmentAt: number | null;
  /** The appointment was booked from home on the city's site (city → hub channel): printed "ĐẶT LỊCH TỪ XA". */
  bookedOnline?: boolean;
  /** The numbers of the counters that serve this ticket (its own counter when transferred to one), sorted. */
  counterNumbers: number[];
  footer: LocalizedText;
}

export interface PrintJob {
  jobId: string;
  /** Name of the printer in the agent's config ("printer" by default). */
  peripheral: string;
  ticketId: string;
  ticket: TicketPrintData;
}

/** What an LED board or counter digit display should show. */
export type LedCommand =
  | { target: 'counter'; counterId: string; counterNumber: number; number: string | null }
  | { target: 'main'; lines: string[] };

export interface CallRecord {
  ticketId: string;
  number: string;
  counterId: string;
  counterNumber: number;
  serviceId: string;
  at: number;
  recall: boolean;
}

export interface ServiceLoad {
  serviceId: string;
  waiting: number;
  oldestQueuedAt: number | null;
  /** Median wait of a new ticket, minutes: for comparing wards (nearby), never shown as such. */
  estimatedWaitMin: number;
  /** What a new ticket of this service would be told now, without and with priority. */
  next: PlaceAndWait;
  priority: PlaceAndWait;
}

export interface CentreInfo {
  hubId: string;
  name: LocalizedText;
  address: string;
  targetWaitMin: number;
  timeZone: string;
  /** Base URL citizens' phones use for the ticket status page. */
  publicUrl: string;
  /**
   * Where it came from: the configuration (`publicUrl`), the hub's first LAN address, or only a
   * loopback address (no phone can open it: the manager's dashboard shows an alert).
   */
  publicUrlSource: PublicUrlSource;
  rating: { scale: 4 | 5; timeoutSec: number; askReasonAtOrBelow: number };
  recallLimit: number;
  /** Age from which a scanned ID card gets elderly priority; how many priority calls in a row. */
  priority: { elderlyAge: number; maxInRow: number };
  /** Whole days after which citizens' names and hashed ID numbers are erased (the kiosk tells citizens who scan their card). */
  retention: { personalDataDays: number };
  /**
   * The manager's wait alarm levels (settings): the counter colours a wait amber from `warnMin`
   * and red from `breachMin`, the same levels the manager's alarms use; the manager's dashboard
   * flags a counter on one ticket for `busyMin` minutes or more.
   */
  alarms: { warnMin: number; breachMin: number; busyMin: number };
  /**
   * Opening hours and the check-in window (manager settings), so the kiosk and display show the
   * closed state the hub enforces (rules: opening-hours.ts; time: the snapshot's `now`, the hub's clock).
   */
  opening: OpeningRules;
}

export type PublicUrlSource = 'config' | 'lan' | 'loopback';

export type LiveTicket = Ticket | PublicTicket;

export interface Snapshot {
  seq: number;
  now: number;
  day: string;
  role: Role | 'public';
  centre: CentreInfo;
  fields: Field[];
  services: Service[];
  procedures: Procedure[];
  counters: Counter[];
  /** Today's tickets that are not finished (waiting, called, serving, held). */
  tickets: LiveTicket[];
  recentCalls: CallRecord[];
  loads: ServiceLoad[];
  /** Only for managers. */
  devices: Device[];
}

export interface Delta {
  seq: number;
  prevSeq: number;
  at: number;
  /** Business day the delta belongs to; a new day means "ask for a snapshot". */
  day: string;
  tickets?: LiveTicket[];
  counters?: Counter[];
  call?: CallRecord;
  devices?: Device[];
  /** Configuration changed (services, procedures…): ask for a snapshot. */
  resync?: boolean;
}

const TERMINAL = new Set(['done', 'no_show', 'cancelled']);

/**
 * Applies a delta to a snapshot (pure). Returns 'gap' when the delta does not follow the
 * snapshot's sequence or asks for a resync, so the client fetches a new snapshot.
 */
export function applyDelta(s: Snapshot, d: Delta): Snapshot | 'gap' {
  if (d.seq <= s.seq) return s; // already seen (e.g. delivered before the snapshot's ack)
  if (d.prevSeq !== s.seq || d.resync || d.day !== s.day) return 'gap';
  let tickets = s.tickets;
  if (d.tickets?.length) {
    const byId = new Map(tickets.map((t) => [t.id, t]));
    for (const t of d.tickets) {
      if (TERMINAL.has(t.state)) byId.delete(t.id);
      else byId.set(t.id, t);
    }
    tickets = [...byId.values()];
  }
  let counters = s.counters;
  if (d.counters?.length) {
    const byId = new Map(counters.map((c) => [c.id, c]));
    for (const c of d.counters) byId.set(c.id, c);
    counters = [...byId.values()].sort((a, b) => a.number - b.number);
  }
  let devices = s.devices;
  if (d.devices?.length) {
    const byId = new Map(devices.map((x) => [x.id, x]));
    for (const x of d.devices) byId.set(x.id, x);
    devices = [...byId.values()];
  }
  const recentCalls = d.call ? [d.call, ...s.recentCalls].slice(0, 20) : s.recentCalls;
  return { ...s, seq: d.seq, now: d.at, tickets, counters, devices, recentCalls };
}

// ---------------------------------------------------------------- event maps

// ClientToServerEvents is derived from the command table (commands.ts).

export interface ClerkToday {
  served: number;
  noShows: number;
  avgServiceMin: number | null;
  avgRating: number | null;
  ratings: number;
}

export interface AppointmentSlot {
  slotAt: number;
  free: number;
}

export const BookAppointmentInput = z.object({
  serviceId: Id,
  slotAt: z.number().int(),
  requestId: z.string().min(8).max(64),
  citizenName: z.string().min(1).max(120).optional(),
});
export type BookAppointmentInput = z.infer<typeof BookAppointmentInput>;

export interface TicketStatus {
  ticket: PublicTicket;
  serviceName: LocalizedText;
  /** While waiting: people ahead and the wait still to come (place-and-wait.ts); null otherwise. */
  place: PlaceAndWait | null;
  counterNumber: number | null;
}

export interface ScannedCitizen {
  deviceId: string;
  /** Parsed and validated, or the reason it could not be read. */
  /** `issueDate` (YYYY-MM-DD): the kiosk passes it back for the chip's BAC keys (`kiosk:readChip`). */
  result: Result<CitizenInput & { sex: string | null; issueDate?: string | null }>;
  /** Set when the scan was an appointment QR instead of an ID card (then `result` is not an ID). */
  appointmentCode?: string;
  /**
   * True when the card was read but cannot be true (ID against date of birth and sex, unknown
   * province, a date after today: `CCCD_SEE_CLERK`): the kiosk asks the citizen to see a clerk
   * and grants no age priority.
   */
  seeClerk?: boolean;
}

export interface RatingRequest {
  ticketId: string;
  number: string;
  counterId: string;
  timeoutSec: number;
  scale: 4 | 5;
}

/** To the kiosk whose printer failed: which job and ticket, and the driver's typed reason (null: none given). */
export interface PrintFailed {
  jobId: string;
  ticketId: string;
  error: PrintError | null;
}

/**
 * Whether the hub can write its database. While `storage` is `unavailable` (disk full, read-only
 * or failing), commands that write are refused with `storage_unavailable`; reads keep working. The
 * kiosk stops issuing numbers and the manager sees an alarm; the hub probes and recovers by itself.
 */
export interface HubHealth {
  storage: 'ok' | 'unavailable';
  /** When the storage failed (null while ok). */
  since: number | null;
  /** The SQLite error code of the failure (SQLITE_FULL, SQLITE_IOERR_WRITE…), null while ok. */
  code: string | null;
}

export interface ServerToClientEvents extends ManagerServerEvents {
  'state:delta': (delta: Delta) => void;
  /** To every socket when the hub's storage fails or recovers, and to a socket that connects while it is down. */
  'hub:health': (health: HubHealth) => void;
  /** Derived figures (waiting count, estimated wait per service), pushed every few seconds when they change. */
  'state:loads': (loads: ServiceLoad[]) => void;
  'print:job': (job: PrintJob) => void;
  /** To the kiosk whose printer failed: show the ticket on screen instead. */
  'print:failed': (info: PrintFailed) => void;
  /** To the kiosk: the ticket is on paper. */
  'print:printed': (info: { jobId: string; ticketId: string }) => void;
  'led:show': (cmd: LedCommand) => void;
  'device:scanned': (scan: ScannedCitizen) => void;
  /** To the kiosk's own agent: read the card on the chip reader. */
  'chip:read': (req: ChipReadRequest) => void;
  /** To the kiosk: the outcome of its chip read. */
  'kiosk:chip': (read: ChipCitizen) => void;
  'rating:request': (req: RatingRequest) => void;
  'rating:done': (info: { ticketId: string }) => void;
  /** The session was ended (signed out elsewhere, account changed, expired, device revoked); the hub then disconnects the socket. */
  'session:ended': (info: { reason: SessionEndReason }) => void;
}

/** Why the hub ended a session or a device's access. */
export type SessionEndReason = 'logout' | 'deactivated' | 'role_changed' | 'password_changed' | 'expired' | 'revoked' | 'ended';

export interface SocketData {
  role: Role | 'public';
  deviceId: string | null;
  clerkId: string | null;
  counterId: string | null;
  sessionToken: string | null;
}

// Re-exported so clients import schemas from one place.
export { Appointment, Ticket, Counter };
