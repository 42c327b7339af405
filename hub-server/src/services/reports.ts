/**
 * Figures computed from the hub's own records: today's work of a clerk (counter screen), and the
 * home bookings of a period per field and ISO week of their slot (the manager's reports, by the
 * definition the city's weekly sheet shares: shared/src/booking-report.ts). The rest of the
 * manager's daily and weekly reports is manager/manager-service.ts's.
 */
import { addDays, businessDay, HUB_BOOKING_OUTCOME, localMidnight, tallyBookings, type BookingReportGroup } from '@motcua/shared';
import type { ClerkToday } from '@motcua/shared';
import type { ReportsRepo } from '../db/reports-repo';

/** How far before its slot a refusal can have been written: past any booking horizon the settings allow. */
const REFUSAL_LOOKBACK_DAYS = 60;

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

  /**
   * Home bookings whose slot falls on the days `from`–`to`: received (made), honoured, cancelled,
   * no-show, refused and still open, per field code (`fieldCodeOf` a service; '?' when the service
   * is gone) and ISO week.
   */
  homeBookings(from: string, to: string, fieldCodeOf: (serviceId: string) => string | null): BookingReportGroup[] {
    const start = this.dayStart(from);
    const end = this.dayStart(addDays(to, 1));
    const field = (serviceId: string): string => fieldCodeOf(serviceId) ?? '?';
    const day = (at: number): string => businessDay(at, this.timeZone);
    return tallyBookings([
      ...this.repo.homeBookings(start, end).map((b) => ({ fieldCode: field(b.serviceId), day: day(b.slotAt), outcome: HUB_BOOKING_OUTCOME[b.state] })),
      ...this.repo.refusedBookings(addDays(from, -REFUSAL_LOOKBACK_DAYS), to, start, end).map((b) => ({ fieldCode: field(b.serviceId), day: day(b.slotAt), outcome: 'refused' as const })),
    ]);
  }

  /** Local midnight starting `day` (YYYY-MM-DD) in the hub's time zone. */
  private dayStart(day: string): number {
    return localMidnight(Date.parse(`${day}T12:00:00Z`), this.timeZone);
  }
}
