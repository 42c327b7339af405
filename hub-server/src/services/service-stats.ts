/**
 * Mean service time per service, from the last two weeks of finished tickets, falling back to the
 * service's configured expectation until enough history exists. Refreshed at most once a minute.
 */
import type { Clock, Service } from '@motcua/shared';
import type { TicketRepo } from '../db/repositories';
import type { ServiceStats } from '../dispatch/types';

const WINDOW_MS = 14 * 24 * 3600_000;
const MIN_SAMPLES = 10;

export class ServiceStatsCache {
  private cached: ServiceStats | null = null;
  private computedAt = 0;
  constructor(
    private readonly tickets: TicketRepo,
    private readonly services: () => Service[],
    private readonly clock: Clock,
  ) {}

  get(): ServiceStats {
    const now = this.clock.now();
    if (this.cached && now - this.computedAt < 60_000) return this.cached;
    const history = new Map(this.tickets.serviceMeans(now - WINDOW_MS).map((m) => [m.serviceId, m]));
    const stats: Record<string, { meanMin: number }> = {};
    for (const s of this.services()) {
      const h = history.get(s.id);
      // Blend towards history as samples accumulate, so a handful of odd visits don't swing it.
      const meanMin = h && h.n >= MIN_SAMPLES ? h.meanMin : h ? (h.meanMin * h.n + s.expectedServiceMin * MIN_SAMPLES) / (h.n + MIN_SAMPLES) : s.expectedServiceMin;
      stats[s.id] = { meanMin: Math.max(0.5, meanMin) };
    }
    this.cached = stats;
    this.computedAt = now;
    return stats;
  }

  invalidate(): void {
    this.cached = null;
  }
}
