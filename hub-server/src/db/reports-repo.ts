/** The hub's own figures from its tickets: one clerk's work on one day (the counter screen). */
import type { Db } from './database';

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
    };
  }

  clerkDay(day: string, clerkId: string): ClerkDayFigures {
    const r = this.q.clerkDay.get(day, clerkId) as { served: number | null; no_shows: number | null; avg_ms: number | null; avg_rating: number | null; ratings: number };
    return { served: r.served ?? 0, noShows: r.no_shows ?? 0, avgServiceMs: r.avg_ms, avgRating: r.avg_rating, ratings: r.ratings };
  }
}
