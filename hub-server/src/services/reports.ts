/**
 * Figures computed from the hub's own tickets: today's work of a clerk (counter screen). The
 * manager's daily and weekly reports are manager/manager-service.ts's.
 */
import { businessDay } from '@motcua/shared';
import type { ClerkToday } from '@motcua/shared';
import type { ReportsRepo } from '../db/reports-repo';

export class ReportsService {
  constructor(
    private readonly repo: ReportsRepo,
    private readonly timeZone: string,
  ) {}

  clerkToday(clerkId: string, now: number): ClerkToday {
    const r = this.repo.clerkDay(businessDay(now, this.timeZone), clerkId);
    return {
      served: r.served,
      noShows: r.noShows,
      avgServiceMin: r.avgServiceMs === null ? null : Math.round((r.avgServiceMs / 60_000) * 10) / 10,
      avgRating: r.avgRating === null ? null : Math.round(r.avgRating * 100) / 100,
      ratings: r.ratings,
    };
  }
}
