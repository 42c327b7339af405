import { describe, expect, it } from 'vitest';
import type { SyncEvent } from '@motcua/shared';
import { fieldResolver, project, ticketsToLoad, UNKNOWN_FIELD, type TicketProjection } from './projection';

const MIN = 60_000;
const T0 = Date.UTC(2026, 10, 23, 2, 0); // 09:00 in Ho Chi Minh City
const fieldOf = fieldResolver({ fields: [{ id: 'f-ct', code: 'CT' }, { id: 'f-ht', code: 'HT' }], services: [{ id: 's-ct', fieldId: 'f-ct' }, { id: 's-ht', fieldId: 'f-ht' }] });
const ctx = { fieldOf, lateThresholdMs: 20 * MIN };

let seq = 0;
const ev = (type: string, ticketId: string | null, at: number, payload: Record<string, unknown> = {}, day = '2026-11-23'): SyncEvent => ({ seq: ++seq, at, day, type, actor: 'x', ticketId, payload });
const issued = (id: string, at: number, serviceId = 's-ct') => ev('ticket.issued', id, at, { number: '1001', serviceId, queuedAt: at, predictedWaitMin: 5 });

describe('project', () => {
  it('counts issue, first-call wait, finish, rating once per ticket', () => {
    const events = [
      issued('a', T0),
      issued('b', T0 + MIN, 's-ht'),
      ev('ticket.called', 'a', T0 + 25 * MIN, { from: 'waiting', to: 'called' }),
      ev('ticket.recalled', 'a', T0 + 27 * MIN, { from: 'called', to: 'called' }),
      ev('ticket.started', 'a', T0 + 28 * MIN, { to: 'serving' }),
      ev('ticket.finished', 'a', T0 + 35 * MIN, { to: 'done' }),
      ev('ticket.rated', 'a', T0 + 36 * MIN, { to: 'done', score: 4 }),
      ev('ticket.called', 'b', T0 + 11 * MIN, { to: 'called' }),
      ev('ticket.no_show', 'b', T0 + 14 * MIN, { to: 'no_show' }),
    ];
    const p = project(events, new Map(), ctx);
    expect(p.daily.get('2026-11-23|CT')).toMatchObject({ issued: 1, called: 1, served: 1, waitN: 1, waitSumMs: 25 * MIN, waitOverN: 1, ratingN: 1, ratingSum: 4 });
    expect(p.daily.get('2026-11-23|HT')).toMatchObject({ issued: 1, called: 1, noShow: 1, waitN: 1, waitSumMs: 10 * MIN, waitOverN: 0 });
    expect(p.tickets.get('a')).toMatchObject({ state: 'done', waitMs: 25 * MIN, rating: 4, fieldCode: 'CT' });
    expect(p.tickets.get('b')).toMatchObject({ state: 'no_show', fieldCode: 'HT' });
  });

  it('continues a ticket stored by an earlier batch, without counting its issue again', () => {
    const before: TicketProjection = { ticketId: 'a', day: '2026-11-22', fieldCode: 'CT', serviceId: 's-ct', state: 'waiting', queuedAt: T0 - 30 * MIN, predictedWaitMin: 4, firstCalledAt: null, waitMs: null, finishedAt: null, rating: null };
    const events = [ev('ticket.called', 'a', T0, { to: 'called' }, '2026-11-23'), ev('ticket.transferred', 'a', T0 + MIN, { to: 'waiting', serviceId: 's-ht' }, '2026-11-23'), ev('ticket.called', 'a', T0 + 9 * MIN, { to: 'called' }, '2026-11-23')];
    expect(ticketsToLoad(events)).toEqual(['a']);
    const p = project(events, new Map([['a', before]]), ctx);
    // Attributed to the ticket's own day and field, one wait (the first call), 30 minutes: late.
    expect([...p.daily.keys()]).toEqual(['2026-11-22|CT']);
    expect(p.daily.get('2026-11-22|CT')).toMatchObject({ issued: 0, called: 1, waitN: 1, waitSumMs: 30 * MIN, waitOverN: 1 });
    expect(p.tickets.get('a')?.state).toBe('called');
    expect(before.state).toBe('waiting'); // input untouched
  });

  it('a wait of exactly the threshold is not late; cancellations and expiries count as cancelled', () => {
    const events = [issued('a', T0), ev('ticket.called', 'a', T0 + 20 * MIN), issued('b', T0), ev('ticket.cancelled', 'b', T0 + MIN, { to: 'cancelled' }), issued('c', T0), ev('ticket.expired', 'c', T0 + 600 * MIN, { from: 'waiting' })];
    const p = project(events, new Map(), ctx);
    expect(p.daily.get('2026-11-23|CT')).toMatchObject({ issued: 3, waitN: 1, waitOverN: 0, cancelled: 2 });
    expect(p.tickets.get('c')?.state).toBe('cancelled');
  });

  it('tracks counters and ignores events it does not project', () => {
    const events = [ev('counter.opened', null, T0, { counterId: 'c1' }), ev('counter.paused', null, T0 + MIN, { counterId: 'c1' }), ev('counter.opened', null, T0, { counterId: 'c2' }), ev('device.status', null, T0, {}), ev('auth.login', null, T0)];
    const p = project(events, new Map(), ctx);
    expect([...p.counters.values()].map((c) => [c.counterId, c.status])).toEqual([['c1', 'paused'], ['c2', 'open']]);
    expect(p.daily.size).toBe(0);
  });

  it('keeps figures of a ticket whose issue it never saw, without a wait', () => {
    const p = project([ev('ticket.finished', 'z', T0, { serviceId: 's-ht', to: 'done' })], new Map(), ctx);
    expect(p.daily.get('2026-11-23|HT')).toMatchObject({ served: 1, issued: 0, waitN: 0 });
    expect(fieldOf('nope')).toBe(UNKNOWN_FIELD);
    expect(fieldResolver(null)('s-ct')).toBe(UNKNOWN_FIELD);
  });

  it('splitting a stream into batches gives the same totals as one batch', () => {
    const events: SyncEvent[] = [];
    for (let i = 0; i < 40; i++) {
      const id = `t${i}`;
      events.push(issued(id, T0 + i * MIN, i % 3 ? 's-ct' : 's-ht'));
      events.push(ev('ticket.called', id, T0 + i * MIN + (i % 7) * 5 * MIN));
      if (i % 5) events.push(ev('ticket.finished', id, T0 + i * MIN + 40 * MIN, { to: 'done' }));
      if (i % 4 === 0) events.push(ev('ticket.rated', id, T0 + i * MIN + 41 * MIN, { score: 1 + (i % 5) }));
    }
    const whole = project(events, new Map(), ctx);
    const stored = new Map<string, TicketProjection>();
    const sums = new Map<string, Record<string, number>>();
    for (let i = 0; i < events.length; i += 7) {
      const part = events.slice(i, i + 7);
      const known = new Map(ticketsToLoad(part).flatMap((id) => (stored.has(id) ? [[id, stored.get(id)!] as const] : [])));
      const p = project(part, known, ctx);
      for (const [id, t] of p.tickets) stored.set(id, t);
      for (const [k, d] of p.daily) {
        const acc = sums.get(k) ?? {};
        for (const [f, v] of Object.entries(d)) if (typeof v === 'number') acc[f] = (acc[f] ?? 0) + v;
        sums.set(k, acc);
      }
    }
    for (const [k, d] of whole.daily) {
      const { day: _d, fieldCode: _f, ...nums } = d;
      expect(sums.get(k)).toEqual(nums);
    }
  });
});
