/** A ticket as its holder sees it (the status page a ticket's QR opens): state, people ahead, estimated wait, counter. */
import { businessDay, fail, ok, type Clock, type Result, type TicketStatus } from '@motcua/shared';
import type { CounterRepo, TicketRepo } from '../db/repositories';
import type { Catalog } from './catalog';
import { toPublicTicket, toQueued, type QueueService } from './queue';

export class TicketStatusService {
  constructor(
    private readonly tickets: TicketRepo,
    private readonly counters: CounterRepo,
    private readonly catalog: Catalog,
    private readonly queue: Pick<QueueService, 'predict'>,
    private readonly clock: Clock,
    private readonly timeZone: string,
  ) {}

  status(ticketId: string): Result<TicketStatus> {
    const t = this.tickets.byId(ticketId);
    if (!t) return fail('not_found', `ticket ${ticketId}`);
    const now = this.clock.now();
    const day = businessDay(now, this.timeZone);
    const service = this.catalog.service(t.serviceId);
    const p = t.state === 'waiting' ? this.queue.predict({ now, day }, toQueued(t)) : { peopleAhead: 0, minutes: 0 };
    const counter = t.counterId ? this.counters.byId(t.counterId) : null;
    return ok({ ticket: toPublicTicket(t), serviceName: service?.name ?? { vi: t.serviceId, en: t.serviceId }, peopleAhead: p.peopleAhead, estimatedWaitMin: Math.round(p.minutes), counterNumber: counter?.number ?? null });
  }
}
