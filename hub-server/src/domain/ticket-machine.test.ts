import { describe, expect, it } from 'vitest';
import type { Ticket } from '@motcua/shared';
import { canApply, transition, type TicketAction } from './ticket-machine';

const base: Ticket = {
  id: 't1', day: '2026-11-23', number: '1001', seqNo: 1, serviceId: 's1', procedureId: 'p1', channel: 'kiosk', priorityGroup: null,
  state: 'waiting', issuedAt: 1000, queuedAt: 1000, slotAt: null, targetCounterId: null, counterId: null, clerkId: null,
  calledAt: null, startedAt: null, finishedAt: null, recallCount: 0, predictedWaitMin: 3, peopleAheadAtIssue: 1, rating: null, citizenName: null,
};

describe('ticket state machine', () => {
  const table: [TicketAction, Ticket['state'][]][] = [
    ['call', ['waiting']],
    ['recall', ['called']],
    ['start', ['called']],
    ['finish', ['called', 'serving']],
    ['no_show', ['called']],
    ['hold', ['called', 'serving']],
    ['return', ['held']],
    ['cancel', ['waiting', 'held']],
    ['transfer', ['waiting', 'called', 'serving', 'held']],
    ['rate', ['done']],
  ];
  const states: Ticket['state'][] = ['waiting', 'called', 'serving', 'held', 'done', 'no_show', 'cancelled'];
  for (const [action, allowed] of table) {
    it(`${action} is allowed exactly from ${allowed.join(', ')}`, () => {
      for (const s of states) expect(canApply(s, action)).toBe(allowed.includes(s));
    });
  }

  it('walks a visit: call → start → finish, recording times', () => {
    const called = transition(base, { action: 'call', now: 2000, counterId: 'c1', clerkId: 'u1' });
    expect(called.ok && called.ticket).toMatchObject({ state: 'called', counterId: 'c1', calledAt: 2000 });
    if (!called.ok) return;
    const started = transition(called.ticket, { action: 'start', now: 2500 });
    if (!started.ok) throw new Error('start refused');
    const done = transition(started.ticket, { action: 'finish', now: 9000 });
    expect(done.ok && done.ticket).toMatchObject({ state: 'done', startedAt: 2500, finishedAt: 9000 });
  });

  it('finishing a called ticket without start counts service from the call', () => {
    const called = transition(base, { action: 'call', now: 2000, counterId: 'c1', clerkId: null });
    if (!called.ok) throw new Error();
    const done = transition(called.ticket, { action: 'finish', now: 5000 });
    expect(done.ok && done.ticket.startedAt).toBe(2000);
  });

  it('recall beyond the limit becomes a no-show', () => {
    let t: Ticket = { ...base, state: 'called', counterId: 'c1', calledAt: 1 };
    for (let i = 1; i <= 2; i++) {
      const r = transition(t, { action: 'recall', now: 10 * i, recallLimit: 2 });
      if (!r.ok) throw new Error();
      expect(r.ticket).toMatchObject({ state: 'called', recallCount: i });
      t = r.ticket;
    }
    const last = transition(t, { action: 'recall', now: 99, recallLimit: 2 });
    expect(last.ok && last.ticket.state).toBe('no_show');
  });

  it('transfer keeps the original queue time and clears the counter', () => {
    const serving: Ticket = { ...base, state: 'serving', counterId: 'c1', calledAt: 5, startedAt: 6, recallCount: 1 };
    const toService = transition(serving, { action: 'transfer', now: 50, toServiceId: 's2' });
    expect(toService.ok && toService.ticket).toMatchObject({ state: 'waiting', serviceId: 's2', procedureId: null, queuedAt: 1000, counterId: null, recallCount: 0 });
    const toCounter = transition(serving, { action: 'transfer', now: 50, toCounterId: 'c3' });
    expect(toCounter.ok && toCounter.ticket).toMatchObject({ state: 'waiting', serviceId: 's1', targetCounterId: 'c3', queuedAt: 1000 });
  });

  it('a held ticket returns to the line of the counter that held it', () => {
    const held: Ticket = { ...base, state: 'held', counterId: 'c2', calledAt: 5 };
    const r = transition(held, { action: 'return', now: 60 });
    expect(r.ok && r.ticket).toMatchObject({ state: 'waiting', targetCounterId: 'c2', queuedAt: 1000 });
  });

  it('refuses a transition from the wrong state', () => {
    expect(transition(base, { action: 'finish', now: 1 })).toEqual({ ok: false, reason: 'invalid_state' });
  });
});
