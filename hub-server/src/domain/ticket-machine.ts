/**
 * The ticket state machine, pure. The hub's queue service loads a ticket, asks this module for
 * the next version, and stores it with its event in one transaction.
 */
import type { Ticket, TicketState, TicketTransitionType } from '@motcua/shared';

export type TicketAction = 'call' | 'recall' | 'start' | 'finish' | 'no_show' | 'hold' | 'return' | 'cancel' | 'transfer' | 'rate';

const FROM: Record<TicketAction, readonly TicketState[]> = {
  call: ['waiting'],
  recall: ['called'],
  start: ['called'],
  // Clerks often serve without pressing "start": finishing a called ticket is allowed.
  finish: ['called', 'serving'],
  no_show: ['called'],
  hold: ['called', 'serving'],
  return: ['held'],
  cancel: ['waiting', 'held'],
  transfer: ['waiting', 'called', 'serving', 'held'],
  rate: ['done'],
};

export function canApply(state: TicketState, action: TicketAction): boolean {
  return FROM[action].includes(state);
}

export type TransitionInput =
  | { action: 'call'; now: number; counterId: string; clerkId: string | null }
  | { action: 'recall'; now: number; recallLimit: number }
  | { action: 'start' | 'finish' | 'no_show' | 'hold' | 'cancel'; now: number }
  | { action: 'return'; now: number }
  | { action: 'transfer'; now: number; toServiceId?: string; toCounterId?: string }
  | { action: 'rate'; now: number; score: number };

export type TransitionResult = { ok: true; ticket: Ticket; eventType: TicketTransitionType } | { ok: false; reason: 'invalid_state' };

/** The next version of a ticket after an action, or why the action is not allowed now. */
export function transition(t: Ticket, input: TransitionInput): TransitionResult {
  if (!canApply(t.state, input.action)) return { ok: false, reason: 'invalid_state' };
  const now = input.now;
  switch (input.action) {
    case 'call':
      return { ok: true, eventType: 'ticket.called', ticket: { ...t, state: 'called', counterId: input.counterId, clerkId: input.clerkId, calledAt: now, targetCounterId: null } };
    case 'recall':
      if (t.recallCount + 1 > input.recallLimit) {
        // The citizen did not come after the allowed recalls: the ticket becomes a no-show.
        return { ok: true, eventType: 'ticket.no_show', ticket: { ...t, state: 'no_show', finishedAt: now } };
      }
      return { ok: true, eventType: 'ticket.recalled', ticket: { ...t, recallCount: t.recallCount + 1, calledAt: now } };
    case 'start':
      return { ok: true, eventType: 'ticket.started', ticket: { ...t, state: 'serving', startedAt: now } };
    case 'finish':
      return { ok: true, eventType: 'ticket.finished', ticket: { ...t, state: 'done', startedAt: t.startedAt ?? t.calledAt ?? now, finishedAt: now } };
    case 'no_show':
      return { ok: true, eventType: 'ticket.no_show', ticket: { ...t, state: 'no_show', finishedAt: now } };
    case 'hold':
      return { ok: true, eventType: 'ticket.held', ticket: { ...t, state: 'held' } };
    case 'return':
      // Back in line for the counter that held it, keeping the original queue time.
      return { ok: true, eventType: 'ticket.returned', ticket: { ...t, state: 'waiting', targetCounterId: t.counterId, calledAt: null, startedAt: null } };
    case 'cancel':
      return { ok: true, eventType: 'ticket.cancelled', ticket: { ...t, state: 'cancelled', finishedAt: now } };
    case 'transfer': {
      const base = { ...t, state: 'waiting' as const, counterId: null, clerkId: null, calledAt: null, startedAt: null, recallCount: 0 };
      if (input.toCounterId !== undefined) return { ok: true, eventType: 'ticket.transferred', ticket: { ...base, targetCounterId: input.toCounterId } };
      return { ok: true, eventType: 'ticket.transferred', ticket: { ...base, serviceId: input.toServiceId ?? t.serviceId, procedureId: input.toServiceId && input.toServiceId !== t.serviceId ? null : t.procedureId, targetCounterId: null } };
    }
    case 'rate':
      return { ok: true, eventType: 'ticket.rated', ticket: { ...t, rating: input.score } };
  }
}
