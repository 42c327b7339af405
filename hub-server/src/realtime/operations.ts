/**
 * Steps several command areas share: who may act on a ticket or at a counter, a ticket action in
 * one transaction, the rating request after a visit closes, print data, and call-next — the one
 * path for the clerk's screen (`counter:callNext`) and the counter keypad (`call_next`).
 */
import { fail, formatWaitBoth, ok, PRIORITY_LABELS, servesService, t as sharedText, type PlaceAndWait, type Result, type Ticket, type TicketPrintData } from '@motcua/shared';
import type { TicketRow } from '../db/repositories';
import type { HubContext as Hub } from '../hub-context';
import { toTicket } from '../services/queue';
import type { Actor, Tx } from '../services/unit-of-work';

export type TicketAction = 'recall' | 'start' | 'finish' | 'noShow' | 'hold' | 'return' | 'cancel';

/** A clerk may act only at their own counter; managers anywhere. */
export function mayActAt(actor: Actor, counterId: string | null): boolean {
  if (actor.role === 'manager') return true;
  return actor.counterId !== null && actor.counterId === counterId;
}

export interface Operations {
  /** Loads a ticket and checks the actor may act on it. */
  ticketFor(actor: Actor, ticketId: string): Result<TicketRow>;
  runTicketAction(actor: Actor, ticketId: string, action: TicketAction): Result<Ticket>;
  /** After commit, asks the counter's rating pad/tablet to rate a visit that just closed. */
  requestRating(tx: Tx, t: TicketRow): void;
  /** The print job's data; the place and wait worded by the one formatter (place-and-wait.ts), as on screen. */
  printData(t: TicketRow, place: PlaceAndWait, statusUrl: string): TicketPrintData;
  /**
   * Calls the next citizen to `counterId` as `actor` (whose clerkId is recorded), in one
   * transaction; the visit it closes gets its rating request like an explicit finish.
   */
  callNext(actor: Actor, counterId: string): ReturnType<Hub['queue']['callNext']>;
}

export function createOperations(hub: Hub): Operations {
  const { queue, config } = hub;

  const ticketFor = (actor: Actor, ticketId: string): Result<TicketRow> => {
    const r = queue.ticketOr(ticketId);
    if (!r.ok) return r;
    const t = r.data;
    // Waiting tickets belong to no counter yet: only managers act on them (cancel, transfer).
    if (!mayActAt(actor, t.counterId)) return fail(actor.role === 'clerk' ? 'wrong_counter' : 'forbidden');
    return r;
  };

  const requestRating = (tx: Tx, t: TicketRow): void => {
    if (!t.counterId) return;
    const counterId = t.counterId;
    tx.afterCommit(() => hub.pushToCounter(counterId, 'rating:request', { ticketId: t.id, number: t.number, counterId, timeoutSec: config.rating.timeoutSec, scale: config.rating.scale }));
  };

  return {
    ticketFor,
    requestRating,

    runTicketAction(actor, ticketId, action) {
      return hub.exec(actor, (tx) => {
        const r = ticketFor(actor, ticketId);
        if (!r.ok) return r;
        let out: Result<TicketRow>;
        switch (action) {
          case 'recall':
            out = queue.recall(tx, r.data);
            break;
          case 'noShow':
            out = queue.apply(tx, r.data, { action: 'no_show', now: tx.now });
            break;
          default:
            out = queue.apply(tx, r.data, { action, now: tx.now });
        }
        if (out.ok && out.data.state === 'done') requestRating(tx, out.data);
        return out.ok ? ok(toTicket(out.data)) : out;
      });
    },

    printData(t, place, statusUrl) {
      const service = hub.catalog.service(t.serviceId);
      return {
        centreName: config.centre.name,
        serviceName: service?.name ?? { vi: t.serviceId, en: t.serviceId },
        number: t.number,
        peopleAhead: place.peopleAhead,
        wait: formatWaitBoth(place.wait),
        issuedAt: t.issuedAt,
        statusUrl,
        priority: t.priorityGroup ? PRIORITY_LABELS[t.priorityGroup] : null,
        appointmentAt: t.channel === 'appointment' || t.channel === 'remote' ? t.slotAt : null,
        bookedOnline: t.channel === 'remote',
        counterNumbers: hub.counters
          .all()
          .filter((c) => (t.targetCounterId ? c.id === t.targetCounterId : servesService(c, t.serviceId)))
          .map((c) => c.number)
          .sort((a, b) => a - b),
        footer: sharedText.both('ticketFooter'),
      };
    },

    callNext(actor, counterId) {
      return hub.exec(actor, (tx) => {
        const called = queue.callNext(tx, counterId, actor.clerkId);
        if (called.ok) for (const t of tx.changes.tickets.values()) if (t.state === 'done') requestRating(tx, t);
        return called;
      });
    },
  };
}
