/**
 * Home bookings in reports (issue 18 item 7): the one definition the ward's own reports (the hub's
 * day and week report, its sheets) and the city's weekly "Đặt lịch từ xa" sheet share, so the two
 * read the same. Per field and ISO week of the booked slot:
 *
 * - made: every booking that reached the one counting it (the city: every booking made on it; the
 *   ward: every booking its hub received, accepted or refused);
 * - honoured: checked in at the kiosk (a ticket was issued for it);
 * - cancelled: by the citizen, the city or the ward, before the visit;
 * - noShow: its day ended (after the check-in grace) without a check-in;
 * - refused: the ward could not honour it (closed, slot full, no counter serves the service…);
 * - open: still booked, its slot not yet come (or the ward's answer not yet back).
 *
 * made = honoured + cancelled + noShow + refused + open.
 */
import { weekOf } from './time';

export type BookingOutcome = 'honoured' | 'cancelled' | 'no_show' | 'refused' | 'open';

export interface BookingFigures {
  made: number;
  honoured: number;
  cancelled: number;
  noShow: number;
  refused: number;
  open: number;
}

/** One row of a booking report: a field in an ISO week (e.g. 2026-W49), with its figures. */
export interface BookingReportGroup extends BookingFigures {
  fieldCode: string;
  week: string;
}

/** The city's booking statuses (city_bookings.status) as report outcomes. */
export const CITY_BOOKING_OUTCOME = { booked: 'open', accepted: 'open', honoured: 'honoured', cancelled: 'cancelled', no_show: 'no_show', refused: 'refused' } as const satisfies Record<string, BookingOutcome>;

/** The hub's appointment states of a home booking (appointments.state) as report outcomes; a refusal is a `booking.refused` event. */
export const HUB_BOOKING_OUTCOME = { booked: 'open', checked_in: 'honoured', cancelled: 'cancelled', expired: 'no_show' } as const satisfies Record<string, BookingOutcome>;

const FIGURE: Record<BookingOutcome, Exclude<keyof BookingFigures, 'made'>> = { honoured: 'honoured', cancelled: 'cancelled', no_show: 'noShow', refused: 'refused', open: 'open' };

export function emptyBookingFigures(): BookingFigures {
  return { made: 0, honoured: 0, cancelled: 0, noShow: 0, refused: 0, open: 0 };
}

/** Adds `n` bookings of one outcome to `f` (made counts every one). */
export function addBookings(f: BookingFigures, outcome: BookingOutcome, n = 1): BookingFigures {
  f.made += n;
  f[FIGURE[outcome]] += n;
  return f;
}

/** The sum of several rows' figures (a ward's total over its fields and weeks). */
export function totalBookings(rows: readonly BookingFigures[]): BookingFigures {
  const t = emptyBookingFigures();
  for (const r of rows) for (const k of Object.keys(t) as (keyof BookingFigures)[]) t[k] += r[k];
  return t;
}

/**
 * Tallies bookings by field and ISO week of their slot's day, sorted by field then week. `day` is
 * the slot's business day (YYYY-MM-DD); `n` defaults to 1 (a grouped count from SQL may pass more).
 */
export function tallyBookings(items: Iterable<{ fieldCode: string; day: string; outcome: BookingOutcome; n?: number }>): BookingReportGroup[] {
  const groups = new Map<string, BookingReportGroup>();
  for (const it of items) {
    const week = weekOf(it.day).label;
    const key = `${it.fieldCode}\u0000${week}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { fieldCode: it.fieldCode, week, ...emptyBookingFigures() }));
    addBookings(g, it.outcome, it.n ?? 1);
  }
  return [...groups.values()].sort((a, b) => a.fieldCode.localeCompare(b.fieldCode) || a.week.localeCompare(b.week));
}

/** The figure columns of a booking sheet, in order, with their bilingual headers (the ward's and the city's). */
export const BOOKING_REPORT_COLUMNS: readonly { key: keyof BookingFigures; vi: string; en: string }[] = [
  { key: 'made', vi: 'Đặt lịch', en: 'Made' },
  { key: 'honoured', vi: 'Đã đến', en: 'Honoured' },
  { key: 'cancelled', vi: 'Đã huỷ', en: 'Cancelled' },
  { key: 'noShow', vi: 'Không đến', en: 'No-show' },
  { key: 'refused', vi: 'Bị từ chối', en: 'Refused' },
  { key: 'open', vi: 'Chưa đến hạn', en: 'Open' },
];

/** "Đặt lịch / Made", … as one sheet's header cells. */
export function bookingReportHeader(): string[] {
  return BOOKING_REPORT_COLUMNS.map((c) => `${c.vi} / ${c.en}`);
}

/** The figure cells of a row, in BOOKING_REPORT_COLUMNS' order. */
export function bookingReportCells(f: BookingFigures): number[] {
  return BOOKING_REPORT_COLUMNS.map((c) => f[c.key]);
}
