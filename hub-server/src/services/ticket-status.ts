/** A ticket as its holder sees it (the status page a ticket's QR opens): state, its place and wait (place-and-wait.ts), counter. */
import { businessDay, fail, ok, type Clock, type Result, type TicketStatus } from '@motcua/shared';
import type { CounterRepo, TicketRepo } from '../db/repositories';
import type { Catalog } from './catalog';
import { toPublicTicket, toQueued, type QueueService } from './queue';

export class TicketStatusService {
  constructor(
    private readonly tickets: TicketRepo,
    private readonly counters: CounterRepo,
    private readonly catalog: Catalog,
    private readonly queue: Pick<QueueService, 'place'>,
    private readonly clock: Clock,
    private readonly timeZone: string,
  ) {}

  status(ticketId: string): Result<TicketStatus> {
    const t = this.tickets.byId(ticketId);
    if (!t) return fail('not_found', `ticket ${ticketId}`);
    const now = this.clock.now();
    const day = businessDay(now, this.timeZone);
    const service = this.catalog.service(t.serviceId);
    // The same model the kiosk and the print job use (QueueService.place): the same ticket at the same moment gets the same figures.
    const place = t.state === 'waiting' && t.day === day ? this.queue.place({ now, day }, toQueued(t)).place : null;
    const counter = t.counterId ? this.counters.byId(t.counterId) : null;
    return ok({ ticket: toPublicTicket(t), serviceName: service?.name ?? { vi: t.serviceId, en: t.serviceId }, place, counterNumber: counter?.number ?? null });
  }
}
