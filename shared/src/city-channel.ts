/**
 * The city → hub channel: signed messages the city keeps for each hub (bookings made on the city's
 * booking site, their cancellations and moves, mobile-team assignments), which the hub pulls as part
 * of its sync loop.
 *
 * Rules (both ends keep them; the city's outbox is `city-server/src/channel/outbox.ts`):
 * - each hub has its own message sequence `seq` (1, 2, 3, … without holes), assigned by the city
 *   when it enqueues a message for that hub;
 * - the hub asks for the messages after its cursor (`GET CITY_CHANNEL_PATHS.messages?after=<seq>`),
 *   signed with its per-hub key exactly as an upward batch (`signSyncRequest`, empty body), and
 *   applies each message once: the cursor and the message's effect are written in one transaction,
 *   so a message delivered twice is applied once;
 * - the city learns what the hub did with a message from the hub's events in the upward sync
 *   (e.g. a booking the hub cannot honour comes back as refused, with a reason): each message,
 *   whatever became of it, is answered by one `city.message_applied` event (seq, kind, outcome:
 *   applied | refused | skipped), and a booking by `booking.accepted` or `booking.refused` (reason:
 *   `HOME_BOOKING_REFUSAL_REASONS` in events.ts), later `booking.cancelled` or `booking.no_show`;
 * - the QR the city prints for a booking is `bookingQrPayload(code)` = `MOTCUA:APPT:<code>`, the
 *   same payload as a kiosk booking's (appointment-qr.ts), which the kiosk's scanner checks in; a
 *   link ending in `/a/<code>` is read as well. The ward's hub answers
 *   `GET /api/public/bookings/<code>` with `HubPublicBooking` once the booking has arrived there.
 */
import { z } from 'zod';
import { appointmentQrPayload } from './appointment-qr';
import { CalendarDay } from './domain';
import { HubIdSchema } from './sync';

export const CITY_CHANNEL_PROTOCOL_VERSION = 1;

export const CITY_CHANNEL_PATHS = {
  messages: '/api/sync/messages',
} as const;

export const CITY_CHANNEL_LIMITS = {
  /** Messages per pull at most. */
  maxMessages: 500,
} as const;

/**
 * A booking code: unguessable (at least 10 symbols of Crockford base32, ≥ 50 bits), shown to the
 * citizen and encoded in the QR; the hub and the city look bookings up by it.
 */
export const BookingCode = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{10,16}$/, 'booking code: 10–16 of 0-9, A-Z without I, L, O, U');
export type BookingCode = z.infer<typeof BookingCode>;

/** A booking made from home, as the hub needs it (no phone number: that stays at the city). */
export const CityBooking = z.object({
  code: BookingCode,
  serviceId: z.string().min(1).max(64),
  /** National procedure code (mã thủ tục), when the citizen chose one. */
  procedureCode: z.string().min(1).max(40).nullable(),
  /** Slot start, epoch ms, and the ward's business day it falls on. */
  slotStart: z.number().int(),
  day: CalendarDay,
  slotMinutes: z.number().int().min(1).max(240),
  name: z.string().min(1).max(80),
  /** When the citizen booked (epoch ms, city clock). */
  bookedAt: z.number().int(),
});
export type CityBooking = z.infer<typeof CityBooking>;

/** A mobile support team member sent to a ward for some fields and hours (issue: city balancing). */
export const TeamAssignment = z.object({
  id: z.string().min(1).max(64),
  /** The city's reference of the staff member and the name the ward's manager sees. */
  staffRef: z.string().min(1).max(64),
  staffName: z.string().min(1).max(80),
  /** Field codes (lĩnh vực) the team member serves at this ward. */
  fieldCodes: z.array(z.string().min(1).max(32)).min(1).max(50),
  day: CalendarDay,
  /** Local time of the ward, HH:MM. */
  from: z.string().regex(/^\d{2}:\d{2}$/),
  to: z.string().regex(/^\d{2}:\d{2}$/),
  note: z.string().max(500).default(''),
});
export type TeamAssignment = z.infer<typeof TeamAssignment>;

export const CityToHubMessage = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('booking.created'), booking: CityBooking }),
  z.object({ kind: z.literal('booking.moved'), code: BookingCode, slotStart: z.number().int(), day: CalendarDay }),
  z.object({ kind: z.literal('booking.cancelled'), code: BookingCode, by: z.enum(['citizen', 'city']) }),
  z.object({ kind: z.literal('team.assigned'), assignment: TeamAssignment }),
  z.object({ kind: z.literal('team.withdrawn'), id: z.string().min(1).max(64) }),
]);
export type CityToHubMessage = z.infer<typeof CityToHubMessage>;
export type CityToHubMessageKind = CityToHubMessage['kind'];

/** One message as it travels: the hub's sequence number, when the city enqueued it, and the message. */
export const CityMessage = z.object({
  seq: z.number().int().positive(),
  createdAt: z.number().int(),
  message: CityToHubMessage,
});
export type CityMessage = z.infer<typeof CityMessage>;

/** The answer to a pull: messages after the cursor, in order, and the newest seq the city holds for the hub. */
export const CityMessages = z
  .object({
    v: z.literal(CITY_CHANNEL_PROTOCOL_VERSION),
    hubId: HubIdSchema,
    messages: z.array(CityMessage).max(CITY_CHANNEL_LIMITS.maxMessages),
    latestSeq: z.number().int().min(0),
    serverTime: z.number().int(),
  })
  .superRefine((m, ctx) => {
    for (let i = 1; i < m.messages.length; i++) {
      const prev = (m.messages[i - 1] as CityMessage).seq;
      const cur = (m.messages[i] as CityMessage).seq;
      if (cur !== prev + 1) ctx.addIssue({ code: 'custom', path: ['messages', i, 'seq'], message: `seq ${cur} must follow ${prev} without a hole` });
    }
  });
export type CityMessages = z.infer<typeof CityMessages>;

/** The QR payload the city prints for a booking (the kiosk checks it in like a kiosk booking's). */
export function bookingQrPayload(code: BookingCode): string {
  return appointmentQrPayload(code);
}

/**
 * A booking as the ward's hub shows it to whoever holds its code (`GET /api/public/bookings/<code>`,
 * no session): the service, the slot and what became of it; of the name only the initials.
 */
export interface HubPublicBooking {
  code: string;
  hubId: string;
  serviceId: string;
  serviceName: { vi: string; en: string };
  slotStart: number;
  day: string;
  /** booked (waiting for check-in), checked_in, cancelled, no_show (the check-in window passed). */
  status: 'booked' | 'checked_in' | 'cancelled' | 'no_show';
  /** "N. V. A." for Nguyễn Văn An. */
  initials: string;
  /** The ticket number once checked in. */
  ticketNumber: string | null;
}

/** A team assignment as the ward's manager sees it (manager app panel, `manager:teamAssignments`). */
export interface TeamAssignmentView extends TeamAssignment {
  /** pending: waiting for the manager; accepted: a temporary clerk account and counter skills exist; declined; withdrawn by the city. */
  state: 'pending' | 'accepted' | 'declined' | 'withdrawn';
  receivedAt: number;
  decidedAt: number | null;
  /** The temporary clerk account created on acceptance (its username), null before. */
  clerkUsername: string | null;
  /** The counter given to the team member and the services added to it, on acceptance. */
  counterId: string | null;
}

/** `manager:decideTeamAssignment`: accept (at a counter) or decline an assignment the city sent. */
export const DecideTeamAssignment = z
  .object({ id: z.string().min(1).max(64), accept: z.boolean(), counterId: z.string().min(1).max(64).optional() })
  .refine((d) => !d.accept || d.counterId !== undefined, { message: 'accepting needs the counter the team member works at' });
export type DecideTeamAssignment = z.infer<typeof DecideTeamAssignment>;

/** The answer to an acceptance: the sign-in PIN of the temporary clerk, shown to the manager once and never stored in clear. */
export interface TeamDecision {
  assignment: TeamAssignmentView;
  pin: string | null;
}
