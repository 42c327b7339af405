/**
 * Figures computed from the hub's own tickets: today's work of a clerk (counter screen). The
 * manager's daily and weekly reports build on the same queries.
 */
import { businessDay } from '@motcua/shared';
import type { ClerkToday } from '@motcua/shared';
import type { Db } from '../db/database';

export class ReportsService {
  private readonly q;
  constructor(
    db: Db,
    private readonly timeZone: string,
  ) {
    this.q = {
      clerkToday: db.prepare(
        `SELECT SUM(state = 'done') AS served, SUM(state = 'no_show') AS no_shows,
                AVG(CASE WHEN state = 'done' AND started_at IS NOT NULL THEN (finished_at - started_at) END) AS avg_ms,
                AVG(rating) AS avg_rating, COUNT(rating) AS ratings
           FROM tickets WHERE day = ? AND clerk_id = ?`,
      ),
    };
  }

  clerkToday(clerkId: string, now: number): ClerkToday {
    const r = this.q.clerkToday.get(businessDay(now, this.timeZone), clerkId) as { served: number | null; no_shows: number | null; avg_ms: number | null; avg_rating: number | null; ratings: number };
    return {
      served: r.served ?? 0,
      noShows: r.no_shows ?? 0,
      avgServiceMin: r.avg_ms === null ? null : Math.round((r.avg_ms / 60_000) * 10) / 10,
      avgRating: r.avg_rating === null ? null : Math.round(r.avg_rating * 100) / 100,
      ratings: r.ratings,
    };
  }
}
