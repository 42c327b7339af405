/**
 * The hub's own figures: one clerk's work on one day (the counter screen), and the home bookings
 * (issue 18) whose slot falls in a period, for the manager's reports.
 */
import type { Appointment } from '@motcua/shared';
import type { Db } from './database';

/** An appointment's state (`appointments.state`), which a home booking has too. */
export type HomeBookingState = Appointment['state'];

export interface ClerkDayFigures {
  served: number;
  noShows: number;
  /** Mean ms from start to finish of the visits served; null when none. */
  avgServiceMs: number | null;
  avgRating: number | null;
  ratings: number;
}

export class ReportsRepo {
  private readonly q;
  constructor(db: Db) {
    this.q = {
      clerkDay: db.prepare(
        `SELECT SUM(state = 'done') AS served, SUM(state = 'no_show') AS no_shows,
                AVG(CASE WHEN state = 'done' AND started_at IS NOT NULL THEN (finished_at - started_at) END) AS avg_ms,
                AVG(rating) AS avg_rating, COUNT(rating) AS ratings
           FROM tickets WHERE day = ? AND clerk_id = ?`,
      ),
      homeBookings: db.prepare("SELECT service_id, slot_at, state FROM appointments WHERE source = 'home' AND slot_at >= ? AND slot_at < ?"),
      // A refusal is written before its slot, at most the booking horizon (≤ 60 days) earlier.
      refusedBookings: db.prepare(
        `SELECT json_extract(payload, '$.serviceId') AS service_id, json_extract(payload, '$.slotAt') AS slot_at FROM events
          WHERE day BETWEEN ? AND ? AND type = 'booking.refused' AND json_extract(payload, '$.slotAt') >= ? AND json_extract(payload, '$.slotAt') < ?`,
      ),
    };
  }

  /** Home bookings the hub accepted whose slot starts in [fromMs, toMs), with their state now. */
  homeBookings(fromMs: number, toMs: number): { serviceId: string; slotAt: number; state: HomeBookingState }[] {
    return (this.q.homeBookings.all(fromMs, toMs) as { service_id: string; slot_at: number; state: HomeBookingState }[]).map((r) => ({ serviceId: r.service_id, slotAt: r.slot_at, state: r.state }));
  }

  /** New home bookings the hub refused whose slot starts in [fromMs, toMs) (refusal events written from `fromDay` to `toDay`). */
  refusedBookings(fromDay: string, toDay: string, fromMs: number, toMs: number): { serviceId: string; slotAt: number }[] {
    return (this.q.refusedBookings.all(fromDay, toDay, fromMs, toMs) as { service_id: string; slot_at: number }[]).map((r) => ({ serviceId: r.service_id, slotAt: r.slot_at }));
  }

  clerkDay(day: string, clerkId: string): ClerkDayFigures {
    const r = this.q.clerkDay.get(day, clerkId) as { served: number | null; no_shows: number | null; avg_ms: number | null; avg_rating: number | null; ratings: number };
    return { served: r.served ?? 0, noShows: r.no_shows ?? 0, avgServiceMs: r.avg_ms, avgRating: r.avg_rating, ratings: r.ratings };
  }
}
