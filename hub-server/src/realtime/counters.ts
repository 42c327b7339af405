/** A counter's status and calling the next citizen from the clerk's screen; the clerk's figures. */
import { fail, ok } from '@motcua/shared';
import type { HubContext as Hub } from '../hub-context';
import { toTicket } from '../services/queue';
import type { Handlers } from './commands';
import { mayActAt, type Operations } from './operations';

type CounterCommand = 'counter:open' | 'counter:pause' | 'counter:resume' | 'counter:close' | 'counter:callNext' | 'counter:callTicket' | 'counter:walkIn' | 'clerk:today';

export function counterHandlers(hub: Hub, ops: Operations): Handlers<CounterCommand> {
  const { queue } = hub;
  return {
    'counter:open': ({ actor }, { counterId }) => (mayActAt(actor, counterId) ? hub.exec(actor, (tx) => queue.setCounterStatus(tx, counterId, 'open')) : fail('wrong_counter')),
    'counter:pause': ({ actor }, { counterId, reason }) => (mayActAt(actor, counterId) ? hub.exec(actor, (tx) => queue.setCounterStatus(tx, counterId, 'pause', reason)) : fail('wrong_counter')),
    'counter:resume': ({ actor }, { counterId }) => (mayActAt(actor, counterId) ? hub.exec(actor, (tx) => queue.setCounterStatus(tx, counterId, 'resume')) : fail('wrong_counter')),
    'counter:close': ({ actor }, { counterId }) => (mayActAt(actor, counterId) ? hub.exec(actor, (tx) => queue.setCounterStatus(tx, counterId, 'close')) : fail('wrong_counter')),

    'counter:callNext': ({ actor }, { counterId }) => {
      if (!mayActAt(actor, counterId)) return fail('wrong_counter');
      const r = ops.callNext(actor, counterId);
      return r.ok ? ok(toTicket(r.data.ticket)) : r;
    },

    'counter:callTicket': ({ actor }, { counterId, ticketId, reason, note }) => {
      if (!mayActAt(actor, counterId)) return fail('wrong_counter');
      return hub.exec(actor, (tx) => {
        const r = queue.callTicket(tx, counterId, actor.clerkId, { ticketId, reason, note: note ? note : null });
        if (!r.ok) return r;
        // The visit this call closed gets its rating request, as with call next.
        for (const t of tx.changes.tickets.values()) if (t.state === 'done') ops.requestRating(tx, t);
        return ok(toTicket(r.data.ticket));
      });
    },

    'counter:walkIn': ({ actor }, { counterId, serviceId, procedureId, requestId }) => {
      if (!mayActAt(actor, counterId)) return fail('wrong_counter');
      return hub.exec(actor, (tx) => {
        const r = queue.walkIn(tx, counterId, actor.clerkId, { serviceId, procedureId, requestId }, actor.clerkId ?? actor.deviceId ?? 'unknown');
        if (!r.ok) return r;
        for (const t of tx.changes.tickets.values()) if (t.state === 'done') ops.requestRating(tx, t);
        return ok(toTicket(r.data));
      });
    },

    'clerk:today': ({ actor }) => ok(hub.reports.clerkToday(actor.clerkId ?? '', hub.clock.now())),
  };
}
