/**
 * Domain types of a ward centre, each with its zod schema. Glossary (Vietnamese → code):
 * lĩnh vực → field; thủ tục → procedure; nhóm dịch vụ → service (what a ticket is for and what a
 * counter's skill names; a service has its own ticket prefix); quầy → counter; cán bộ → clerk;
 * số thứ tự → ticket; lịch hẹn → appointment; người có công → merit (priority group).
 */
import { z } from 'zod';
import { isCalendarDay } from './time';

export const Id = z.string().min(1).max(64);
export const LocalizedText = z.object({ vi: z.string().min(1).max(200), en: z.string().min(1).max(200) });
export type LocalizedText = z.infer<typeof LocalizedText>;

/** Lĩnh vực: chứng thực, hộ tịch, đất đai, … */
export const Field = z.object({ id: Id, code: z.string().min(1).max(32), name: LocalizedText, sortOrder: z.number().int() });
export type Field = z.infer<typeof Field>;

/** National procedure code as on dichvucong.gov.vn, e.g. 1.001193. */
export const NationalCode = z.string().regex(/^\d\.\d{6}(\.\d+)?$/, 'mã thủ tục dạng 1.001193');

/** Thủ tục hành chính, grouped into a service. */
export const Procedure = z.object({ id: Id, nationalCode: NationalCode, name: LocalizedText, fieldId: Id, serviceId: Id });
export type Procedure = z.infer<typeof Procedure>;

/** A service group: what a ticket is taken for, what a counter is skilled in; numbering prefix per service. */
export const Service = z.object({
  id: Id,
  code: z.string().min(1).max(32),
  name: LocalizedText,
  fieldId: Id,
  /** Ticket prefix, e.g. "1" gives 1001, 1002…; "A" gives A001. */
  prefix: z.string().regex(/^[A-Z0-9]{1,2}$/),
  /** Expected minutes of service, the seed for wait prediction before the hub has history. */
  expectedServiceMin: z.number().positive().max(240),
  active: z.boolean(),
});
export type Service = z.infer<typeof Service>;

export const CounterStatus = z.enum(['closed', 'open', 'paused']);
export type CounterStatus = z.infer<typeof CounterStatus>;

export const Counter = z.object({
  id: Id,
  /** Number shown on boards and announced: "quầy số 3". */
  number: z.number().int().min(1).max(999),
  name: LocalizedText,
  /** Services this counter serves first. */
  primary: z.array(Id),
  /** Services it may take when that helps the queue (slower, by experience). */
  secondary: z.array(Id),
  status: CounterStatus,
  pauseReason: z.string().max(200).nullable(),
  clerkId: Id.nullable(),
  zone: z.string().max(32).nullable(),
});
export type Counter = z.infer<typeof Counter>;

export const Role = z.enum(['kiosk', 'display', 'agent', 'clerk', 'manager']);
export type Role = z.infer<typeof Role>;

export const Clerk = z.object({
  id: Id,
  username: z.string().min(2).max(64),
  displayName: z.string().min(1).max(120),
  role: z.enum(['clerk', 'manager']),
  active: z.boolean(),
});
export type Clerk = z.infer<typeof Clerk>;

export const PriorityGroup = z.enum(['elderly', 'disabled', 'pregnant', 'merit', 'child']);
export type PriorityGroup = z.infer<typeof PriorityGroup>;

/** How a ticket came: the kiosk, an appointment check-in, remotely, or a walk-in served at a counter without a ticket (`counter:walkIn`). */
export const Channel = z.enum(['kiosk', 'appointment', 'remote', 'walk_in']);
export type Channel = z.infer<typeof Channel>;

/**
 * Why a clerk called a specific number instead of the next one dispatch chose (`counter:callTicket`):
 * the citizen came back after stepping out, missed the call, has a dossier linked to the one being
 * served, a case the clerk judged urgent, the manager asked, or another reason written out.
 */
export const CALL_SPECIFIC_REASONS = ['returned', 'missed_call', 'related_dossier', 'priority_case', 'manager_request', 'other'] as const;
export const CallSpecificReason = z.enum(CALL_SPECIFIC_REASONS);
export type CallSpecificReason = z.infer<typeof CallSpecificReason>;

/**
 * Ticket lifecycle:
 * waiting → called (→ called again by recall) → serving → done
 * called → no_show (explicit, or after the recall limit)
 * waiting | called | serving → transferred: the same ticket goes back to waiting for another
 *   service or counter, keeping its original queue time
 * called | serving → held (set aside, e.g. missing paper) → waiting again on return
 * waiting | held → cancelled
 */
/** A day of the calendar as YYYY-MM-DD (a business day, a date of birth). */
export const CalendarDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine(isCalendarDay, 'expected a calendar day YYYY-MM-DD');

export const TicketState = z.enum(['waiting', 'called', 'serving', 'held', 'done', 'no_show', 'cancelled']);
export type TicketState = z.infer<typeof TicketState>;

export const Ticket = z.object({
  id: Id,
  day: CalendarDay,
  /** Display number, e.g. "1023". */
  number: z.string(),
  seqNo: z.number().int().positive(),
  serviceId: Id,
  procedureId: Id.nullable(),
  channel: Channel,
  priorityGroup: PriorityGroup.nullable(),
  state: TicketState,
  issuedAt: z.number().int(),
  /** The time the wait is measured from; kept on transfer. */
  queuedAt: z.number().int(),
  /** Appointment slot start, when the ticket comes from an appointment. */
  slotAt: z.number().int().nullable(),
  /** A transfer to a named counter: only that counter may call it. */
  targetCounterId: Id.nullable(),
  counterId: Id.nullable(),
  clerkId: Id.nullable(),
  calledAt: z.number().int().nullable(),
  startedAt: z.number().int().nullable(),
  finishedAt: z.number().int().nullable(),
  recallCount: z.number().int().min(0),
  /** Predicted at issue time. */
  predictedWaitMin: z.number().min(0).nullable(),
  peopleAheadAtIssue: z.number().int().min(0).nullable(),
  rating: z.number().int().min(1).max(5).nullable(),
  /** Citizen's name from the ID card, staff-only (never sent to displays). */
  citizenName: z.string().max(120).nullable(),
});
export type Ticket = z.infer<typeof Ticket>;

/** What displays and kiosks may see of a ticket: no personal data. */
export type PublicTicket = Omit<Ticket, 'citizenName' | 'clerkId' | 'rating'>;

/**
 * An appointment's code: 6 symbols when the kiosk booked it, 10–16 of Crockford base32 when the
 * citizen booked from home on the city's site (city-channel.ts `BookingCode`).
 */
export const AppointmentCode = z.string().regex(/^[A-Z0-9]{4,16}$/);

export const Appointment = z.object({
  id: Id,
  code: AppointmentCode,
  serviceId: Id,
  slotAt: z.number().int(),
  citizenName: z.string().max(120).nullable(),
  state: z.enum(['booked', 'checked_in', 'cancelled', 'expired']),
  ticketId: Id.nullable(),
  /** Booked at the kiosk, or from home on the city's booking site (it came down the city → hub channel). */
  source: z.enum(['kiosk', 'home']),
});
export type Appointment = z.infer<typeof Appointment>;

export const DeviceKind = z.enum(['kiosk', 'display', 'agent']);
export type DeviceKind = z.infer<typeof DeviceKind>;

/** Health of one physical device behind an agent, as reported by its driver. */
export const DeviceHealth = z.enum(['ready', 'paper_near_end', 'paper_out', 'cover_open', 'offline', 'error', 'unknown']);
export type DeviceHealth = z.infer<typeof DeviceHealth>;

export const PeripheralStatus = z.object({
  /** Name in the agent's config, e.g. "printer", "scanner", "led-3". */
  name: z.string().min(1).max(64),
  kind: z.enum(['printer', 'scanner', 'led', 'keypad', 'rating_pad', 'chip_reader']),
  health: DeviceHealth,
  detail: z.string().max(300).nullable(),
  at: z.number().int(),
});
export type PeripheralStatus = z.infer<typeof PeripheralStatus>;

export const Device = z.object({
  id: Id,
  kind: DeviceKind,
  name: z.string().min(1).max(120),
  /** The counter an agent or counter kiosk is bound to (keypad, LED, rating pad). */
  counterId: Id.nullable(),
  online: z.boolean(),
  lastSeenAt: z.number().int().nullable(),
  peripherals: z.array(PeripheralStatus),
});
export type Device = z.infer<typeof Device>;

export const PRIORITY_LABELS: Record<PriorityGroup, LocalizedText> = {
  elderly: { vi: 'Người cao tuổi', en: 'Elderly' },
  disabled: { vi: 'Người khuyết tật', en: 'Person with disability' },
  pregnant: { vi: 'Phụ nữ mang thai', en: 'Pregnant woman' },
  merit: { vi: 'Người có công với cách mạng', en: 'Person with meritorious service' },
  child: { vi: 'Người đi cùng trẻ nhỏ', en: 'Parent with a small child' },
};
