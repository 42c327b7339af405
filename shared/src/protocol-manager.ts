/**
 * Types and schemas of the manager's side of the hub protocol: configuration, devices, catalogue
 * import, live alarms, staffing advice, reports and the audit log. The commands themselves (input,
 * roles, answer) are in commands-manager.ts; `ServerToClientEvents` extends `ManagerServerEvents`.
 *
 * Configuration changes answer with a Result like every command. A change that would strand
 * citizens already waiting (removing the last counter or skill that serves their service) is
 * refused with `conflict`; `error.message` explains it in Vietnamese, `error.detail` in English.
 */
import { z } from 'zod';
import type { Field, Procedure } from './domain';
import { CalendarDay, Clerk, Counter, Id, LocalizedText, NationalCode, PriorityGroup, Service } from './domain';
import type { BookingFigures, BookingReportGroup } from './booking-report';
import type { ReportFigures } from './report-format';
import type { TeamAssignmentView } from './city-channel';

// ---------------------------------------------------------------- audit log

export interface AuditEvent {
  seq: number;
  at: number;
  day: string;
  type: string;
  actor: string | null;
  payload: unknown;
}

export const AuditQuery = z.object({
  /** Newest first, older than this seq (paging back); absent = from the newest. */
  beforeSeq: z.number().int().min(1).optional(),
  limit: z.number().int().min(1).max(500).optional(),
  /** Only events whose type starts with this, e.g. "config." or "ticket.". */
  typePrefix: z.string().max(64).optional(),
});
export type AuditQuery = z.infer<typeof AuditQuery>;

// ---------------------------------------------------------------- settings

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'giờ dạng HH:mm');
/** A closing time: HH:mm, or 24:00 for "until midnight". */
const CLOSE_HHMM = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'giờ dạng HH:mm (tối đa 24:00)');

/**
 * One day's opening hours; null = closed that day. With a `lunch` closure the day has a morning
 * session (open → lunch.start) and an afternoon session (lunch.end → close).
 */
export const DayHours = z
  .object({ open: HHMM, close: CLOSE_HHMM, lunch: z.object({ start: HHMM, end: HHMM }).nullable().default(null) })
  .refine((d) => d.open < d.close, { message: 'giờ mở cửa phải trước giờ đóng cửa' })
  .refine((d) => d.lunch === null || (d.open < d.lunch.start && d.lunch.start < d.lunch.end && d.lunch.end < d.close), { message: 'giờ nghỉ trưa phải nằm trong giờ mở cửa' })
  .nullable();
export type DayHours = z.infer<typeof DayHours>;

/** How strictly the hours apply at the kiosk (the rules: shared/src/opening-hours.ts). */
export const OpeningPolicy = z.object({
  /** The kiosk issues from this many minutes before each session opens until this many after it closes. */
  graceMin: z.number().int().min(0).max(120),
  /** An appointment checks in from this many minutes before its slot … */
  checkInEarlyMin: z.number().int().min(0).max(240),
  /** … until this many minutes after it. */
  checkInLateMin: z.number().int().min(0).max(240),
});
export type OpeningPolicy = z.infer<typeof OpeningPolicy>;
export const DEFAULT_OPENING_POLICY: OpeningPolicy = { graceMin: 10, checkInEarlyMin: 60, checkInLateMin: 15 };

export const BreakTime = z.object({ start: HHMM, end: HHMM, label: z.string().min(1).max(60) }).refine((b) => b.start < b.end, { message: 'giờ bắt đầu nghỉ phải trước giờ kết thúc' });
export type BreakTime = z.infer<typeof BreakTime>;

/**
 * Booking from home on the city's site (issue 18): the share of each slot's capacity open to home
 * booking (0 = none), how many days ahead, and the slot length. Sent up to the city with the
 * catalogue; the city offers only the places that keep the wait target (city-server/src/booking).
 */
export const HomeBookingSettings = z.object({
  share: z.number().min(0).max(1),
  horizonDays: z.number().int().min(1).max(60),
  slotMinutes: z.number().int().min(5).max(120),
});
export type HomeBookingSettings = z.infer<typeof HomeBookingSettings>;
export const DEFAULT_HOME_BOOKING: HomeBookingSettings = { share: 0, horizonDays: 14, slotMinutes: 30 };

/**
 * The staffing advice's budget (issue 16 item 3): the reserve clerk-hours a day it may ask for
 * ("open counter 2 with a reserve clerk until 10:30"); 0 when the centre has no reserve clerk. The
 * hours counted are those an advised reserve counter was open within the window it was advised for.
 */
export const StaffingSettings = z.object({ reserveHoursPerDay: z.number().min(0).max(12) });
export type StaffingSettings = z.infer<typeof StaffingSettings>;
/** Two reserve clerk-hours a day: the budget the simulator's advice targets are measured with (`--advice-budget 2`). */
export const DEFAULT_STAFFING: StaffingSettings = { reserveHoursPerDay: 2 };

/** Everything the manager configures besides the catalogue, counters, clerks and devices. */
export const CentreSettings = z.object({
  /** Monday first: index 0 = Monday … 6 = Sunday. */
  openingHours: z.array(DayHours).length(7),
  /** Grace around the hours and the appointment check-in window (settings saved before it existed read the defaults). */
  opening: OpeningPolicy.default(DEFAULT_OPENING_POLICY),
  breaks: z.array(BreakTime).max(6),
  priority: z.object({
    /** Citizens at least this old are served as elderly (60 or 75 depending on the province). */
    elderlyAge: z.number().int().min(50).max(100),
    /** At most this many priority tickets in a row while others wait. */
    maxInRow: z.number().int().min(1).max(10),
    /** Groups the kiosk offers as priority. */
    groups: z.array(PriorityGroup),
  }),
  rating: z.object({
    scale: z.union([z.literal(4), z.literal(5)]),
    timeoutSec: z.number().int().min(5).max(300),
    askReasonAtOrBelow: z.number().int().min(0).max(5),
  }),
  /**
   * Wait alarms: a warning at `warnMin`, a breach at `breachMin` (the 20-minute directive); and a
   * counter on one ticket for `busyMin` minutes or more (settings saved before it existed read 30).
   */
  alarms: z
    .object({ warnMin: z.number().int().min(1).max(240), breachMin: z.number().int().min(1).max(240), busyMin: z.number().int().min(5).max(480).default(30) })
    .refine((a) => a.warnMin < a.breachMin, { message: 'mức cảnh báo phải nhỏ hơn mức vượt ngưỡng' }),
  /** Home booking on the city's site (settings saved before it existed read "off"). */
  booking: HomeBookingSettings.default(DEFAULT_HOME_BOOKING),
  /** The staffing advice's reserve budget (settings saved before it existed read 2 hours a day). */
  staffing: StaffingSettings.default(DEFAULT_STAFFING),
});
export type CentreSettings = z.infer<typeof CentreSettings>;

// ---------------------------------------------------------------- configuration

/** A skill given to a counter for a while (staffing advice), removed by the hub when it ends. */
export interface TemporarySkill {
  id: string;
  counterId: string;
  serviceId: string;
  level: 'primary' | 'secondary';
  until: number;
  createdAt: number;
  /** The advice it came from, if any. */
  adviceId: string | null;
}

export interface ManagerConfig {
  fields: Field[];
  services: Service[];
  procedures: Procedure[];
  counters: Counter[];
  clerks: Clerk[];
  settings: CentreSettings;
  temporarySkills: TemporarySkill[];
  /** Waiting tickets per service now: what a change would strand. */
  waitingByService: Record<string, number>;
}

export const SaveField = z.object({ id: Id.optional(), code: z.string().regex(/^[A-Z0-9_-]{1,32}$/, 'mã lĩnh vực: chữ in hoa, số'), name: LocalizedText, sortOrder: z.number().int().min(0).max(9999) });
export type SaveField = z.infer<typeof SaveField>;

export const SaveService = Service.omit({ id: true }).extend({ id: Id.optional() });
export type SaveService = z.infer<typeof SaveService>;

export const SaveProcedure = z.object({ id: Id.optional(), nationalCode: NationalCode, name: LocalizedText, fieldId: Id, serviceId: Id });
export type SaveProcedure = z.infer<typeof SaveProcedure>;

export const SaveCounter = Counter.pick({ number: true, name: true, primary: true, secondary: true, zone: true })
  .extend({ id: Id.optional() })
  .refine((c) => !c.primary.some((s) => c.secondary.includes(s)), { message: 'một dịch vụ không thể vừa là kỹ năng chính vừa là kỹ năng phụ' });
export type SaveCounter = z.infer<typeof SaveCounter>;

export const SaveClerk = z.object({
  id: Id.optional(),
  username: z.string().regex(/^[a-z0-9._-]{2,64}$/, 'tên đăng nhập: chữ thường không dấu, số, . _ -'),
  displayName: z.string().min(1).max(120),
  role: Clerk.shape.role,
  active: z.boolean(),
  /** Required for a new account; when present on an existing one, replaces the password. */
  password: z.string().min(4).max(200).optional(),
});
export type SaveClerk = z.infer<typeof SaveClerk>;

export const IdRef = z.object({ id: Id });

// ---------------------------------------------------------------- catalogue import

/**
 * A catalogue file (CSV or XLSX) is read by the manager app into a header and rows of text, sent
 * in chunks (`manager:importStage`), checked as a whole (`manager:importCheck`) and applied in one
 * transaction (`manager:importCommit`). With bad rows nothing is applied unless the manager
 * accepts the good rows.
 *
 * Columns (header names are matched without accents or case; Vietnamese or English):
 * Mã thủ tục / national_code (required, e.g. 1.001193), Tên thủ tục / name_vi (required),
 * Tên tiếng Anh / name_en, Mã lĩnh vực / field_code (required), Tên lĩnh vực / field_name (creates
 * the field when the code is new), Mã nhóm dịch vụ / service_code (needed unless the field has
 * exactly one service).
 */
export const ImportStage = z.object({
  importId: z.string().regex(/^[A-Za-z0-9-]{8,64}$/),
  fileName: z.string().min(1).max(200),
  /** The header row; required with the first chunk (offset 0). */
  header: z.array(z.string().max(200)).max(40).optional(),
  /** Index of the first row of this chunk among the data rows (0-based). */
  offset: z.number().int().min(0),
  rows: z.array(z.array(z.string().max(1000)).max(40)).max(500),
});
export type ImportStage = z.infer<typeof ImportStage>;

export const ImportRef = z.object({ importId: ImportStage.shape.importId });
export const ImportCommit = ImportRef.extend({ acceptGoodRows: z.boolean() });

export interface ImportRowError {
  /** Row number as the manager sees it in the file (header = row 1). */
  row: number;
  column: string | null;
  message: LocalizedText;
}

export interface ImportReport {
  importId: string;
  fileName: string;
  total: number;
  good: number;
  errors: ImportRowError[];
  /** What the good rows do. */
  newFields: number;
  newProcedures: number;
  updatedProcedures: number;
  /** Set once committed. */
  applied: boolean;
}

// ---------------------------------------------------------------- live alarms and advice

export interface WaitAlarm {
  ticketId: string;
  number: string;
  serviceId: string;
  fieldId: string;
  queuedAt: number;
  waitedMin: number;
  level: 'warn' | 'breach';
}

/** Pushed to managers when the set of alarms changes, and answered by `manager:alarms`. */
export interface AlarmState {
  /** Hub time the alarms were computed at (clients show waits against it). */
  now: number;
  warnMin: number;
  breachMin: number;
  alarms: WaitAlarm[];
}

/**
 * One item of the staffing advice, one per lever (issue 16 item 3), cheapest first:
 * - `addSkill`: a counter takes a service for a while (the hub applies it: a temporary skill);
 * - `moveClerk`: the clerk of `fromCounterId` switches to the work of `toCounterId` (its services,
 *   `serviceIds`) for a while, and the other counters take over `fromCounterId`'s own services. The
 *   hub can route those tickets to `fromCounterId` (temporary primary skills); the clerk must act on
 *   it, so it is a task for the clerks, not something the hub does to a person;
 * - `openReserve`: a reserve clerk opens the closed counter `counterId` for `hours` hours (the hub
 *   cannot do that: an instruction; the counter opens when the clerk signs in there).
 * `counterId` is always the counter concerned (for `moveClerk` the clerk's own counter), so a counter
 * is shown what is addressed to it.
 */
export type StaffingAdviceItem = AddSkillAdvice | MoveClerkAdvice | OpenReserveAdvice;
export type StaffingAdviceKind = StaffingAdviceItem['kind'];

interface AdviceItemBase {
  id: string;
  text: LocalizedText;
  counterId: string;
  from: number;
  until: number;
  /** The simulated effect, e.g. expected share waiting over 20 minutes before and after. */
  effect: LocalizedText | null;
}

export interface AddSkillAdvice extends AdviceItemBase {
  kind: 'addSkill';
  serviceId: string;
  level: 'primary' | 'secondary';
}

export interface MoveClerkAdvice extends AdviceItemBase {
  kind: 'moveClerk';
  /** The clerk's counter (same as `counterId`); its own services go to the other counters meanwhile. */
  fromCounterId: string;
  /** The counter whose work the clerk joins. */
  toCounterId: string;
  /** `toCounterId`'s services the clerk takes on (routed to `fromCounterId` as primary skills when accepted). */
  serviceIds: string[];
}

export interface OpenReserveAdvice extends AdviceItemBase {
  kind: 'openReserve';
  /** The counter's services (the reserve clerk serves what the counter is set up for). */
  serviceIds: string[];
  /** `until - from` in hours (rounded to a quarter). */
  hours: number;
}

export const ApplySkill = z.object({
  counterId: Id,
  serviceId: Id,
  level: z.enum(['primary', 'secondary']),
  until: z.number().int(),
  adviceId: z.string().max(64).optional(),
});
export type ApplySkill = z.infer<typeof ApplySkill>;

// ---------------------------------------------------------------- reports

/** The manager's week note: any day of the ISO week it is about, and the text (empty clears it). */
export const WeekNoteInput = z.object({ day: CalendarDay, text: z.string().trim().max(4000) });
export const WeekNoteQuery = z.object({ day: CalendarDay });
export interface WeekNote {
  /** Monday–Sunday of the ISO week, and its label "2026-W48". */
  weekFrom: string;
  weekTo: string;
  week: string;
  text: string;
  /** When it was last saved; null when none was written for the week. */
  savedAt: number | null;
}

export const ReportQuery = z.object({
  period: z.enum(['day', 'week']),
  /** A day (YYYY-MM-DD); a week report covers Monday–Sunday of that day's week. */
  day: CalendarDay,
});
export type ReportQuery = z.infer<typeof ReportQuery>;

/** Figures of one group (the ward, a field, a counter, a clerk, a day). */
export interface ReportGroup extends ReportFigures {
  key: string;
  /** Of `received`, citizens served at a counter without a ticket (`counter:walkIn`); they have no wait. */
  walkIns: number;
  code: string;
  name: LocalizedText;
  maxWaitMin: number | null;
  avgServiceMin: number | null;
  p90ServiceMin: number | null;
  /** Count of ratings per score (index 0 = score 1). */
  ratingCounts: number[];
}

export interface Report {
  period: 'day' | 'week';
  from: string;
  to: string;
  generatedAt: number;
  lateThresholdMin: number;
  ratingScale: 4 | 5;
  hubId: string;
  centreName: LocalizedText;
  ward: ReportGroup;
  byField: ReportGroup[];
  byCounter: ReportGroup[];
  byClerk: ReportGroup[];
  byDay: ReportGroup[];
  /**
   * Dossiers received (mã hồ sơ recorded at the counters, `ticket:recordDossier`) over the period:
   * the total ("tổng số hồ sơ tiếp nhận") and per procedure (a null procedure: recorded without one,
   * counted under its service).
   */
  dossiers: { total: number; byProcedure: { procedureId: string | null; serviceId: string; code: string; name: LocalizedText; count: number }[] };
  /**
   * Home bookings (đặt lịch từ xa, issue 18) whose slot falls in the period, per field and ISO week,
   * by the definition the city's weekly sheet shares (booking-report.ts): received, honoured,
   * cancelled, no-show, refused, open; `total` over all rows.
   */
  homeBookings: { rows: (BookingReportGroup & { fieldName: LocalizedText })[]; total: BookingFigures };
  /** Tickets issued per hour of day (index = hour, 0–23) over the period. */
  byHour: number[];
  /** The first day the hub still keeps (its retention policy deleted earlier days): a period starting before it is incomplete. */
  keptFrom: string;
  /** Days of history the hub keeps (its retention policy). */
  historyDays: number;
}

// ---------------------------------------------------------------- event maps

export interface ManagerServerEvents {
  /** To managers: the wait alarms changed (a ticket passed 15 or 20 minutes, or was called). */
  'manager:alarms': (state: AlarmState) => void;
  /** To managers: sign-in or pairing was locked after repeated wrong attempts (also in the audit log as `auth.locked_out`). */
  'manager:lockout': (info: LockoutAlert) => void;
  /** To managers: the retention policy is held and waits for their confirmation (null: no longer held). */
  'manager:retention': (hold: RetentionHold | null) => void;
  /** To managers: the hub's clock jumped (wall clock against the real time elapsed, checked every second). */
  'manager:clockJump': (jump: ClockJump) => void;
  /** The hub's clock differs from the city's by more than a minute (compared on each sync). */
  'manager:cityClock': (c: CityClockOffset) => void;
  /** To managers: a mobile support team assignment arrived from the city, or changed (withdrawn, decided). */
  'manager:teamAssignment': (a: TeamAssignmentView) => void;
}

/**
 * The retention policy did not run and waits for the manager (`manager:retention`,
 * `manager:confirmRetention`): it would have erased or deleted more than one business day at once
 * (`backlog`: the hub was off for days, or its clock jumped ahead), or the clock is far past the
 * newest stored event (`clock_ahead`: check the clock first; confirming would purge by it).
 */
export interface RetentionHold {
  reason: 'backlog' | 'clock_ahead';
  /** The hub's clock when it held. */
  now: number;
  newestEventAt: number | null;
  /** Business days whose personal data would be erased, and whose history deleted (backlog). */
  personalDays: string[];
  historyDays: string[];
}

/** The hub's wall clock moved by `deltaMs` more than the time that really passed (negative: back). */
export interface ClockJump {
  /** The hub's clock after the jump. */
  at: number;
  deltaMs: number;
}

/** How far the hub's clock is from the city's (positive: the city is ahead), measured at `at`. */
export interface CityClockOffset {
  at: number;
  offsetMs: number;
}

/** What one retention pass erased or deleted (rows), as `manager:confirmRetention` answers it. */
export interface PurgeSummary {
  personalData: number;
  tickets: number;
  appointments: number;
  printJobs: number;
  events: number;
  dayCounters: number;
  credentials: number;
  /** Housekeeping rows of old days: city messages applied (the cursor's row stays), mobile-team assignments, the priority streak. */
  housekeeping: number;
}

/** A lockout as the manager is alerted to it (the payload of the `auth.locked_out` event). */
export interface LockoutAlert {
  scope: 'account' | 'login_address' | 'pairing_address' | 'pairing_codes';
  /** The username, the client address, or null when the outstanding pairing codes were voided. */
  key: string | null;
  until: number;
}
