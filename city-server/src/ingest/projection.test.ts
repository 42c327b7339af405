import { describe, expect, it } from 'vitest';
import { hubEvent, syncEvent, type HubEvent, type SyncEvent, type TicketState, type TicketTransitionPayload } from '@motcua/shared';
import { MINUTE_OFFSET, MINUTE_SLOTS } from '../db/minutes';
import { fieldResolver, project, ticketsToLoad, UNKNOWN_FIELD, type TicketProjection } from './projection';

const MIN = 60_000;
const T0 = Date.UTC(2026, 10, 23, 2, 0); // 09:00 in Ho Chi Minh City
const fieldOf = fieldResolver({ fields: [{ id: 'f-ct', code: 'CT' }, { id: 'f-ht', code: 'HT' }], services: [{ id: 's-ct', fieldId: 'f-ct' }, { id: 's-ht', fieldId: 'f-ht' }] });
const ctx = { fieldOf, lateThresholdMs: 20 * MIN, dayStart: (day: string) => Date.parse(`${day}T00:00:00+07:00`) };

// Events are built with the hub's own builder (`hubEvent`), so they have the hub's exact shape.
let seq = 0;
const ev = (e: HubEvent, at: number, day = '2026-11-23'): SyncEvent => syncEvent({ seq: ++seq, at, day, actor: 'x' }, e);
const issued = (id: string, at: number, serviceId = 's-ct') =>
  ev(hubEvent('ticket.issued', id, { number: '1001', serviceId, procedureId: null, channel: 'kiosk', priorityGroup: null, queuedAt: at, slotAt: null, predictedWaitMin: 5, peopleAhead: 0 }), at);
const step = (from: TicketState, to: TicketState, serviceId = 's-ct'): TicketTransitionPayload => ({ number: '1001', from, to, counterId: 'c1', serviceId });
const called = (id: string, at: number, serviceId = 's-ct', day?: string) => ev(hubEvent('ticket.called', id, { ...step('waiting', 'called', serviceId), reason: 'oldest' }), at, day);
const finished = (id: string, at: number, serviceId = 's-ct') => ev(hubEvent('ticket.finished', id, step('serving', 'done', serviceId)), at);
const rated = (id: string, at: number, score: number) => ev(hubEvent('ticket.rated', id, { ...step('done', 'done'), score, reason: null }), at);

describe('project', () => {
  it('counts issue, first-call wait, finish, rating once per ticket', () => {
    const events = [
      issued('a', T0),
      issued('b', T0 + MIN, 's-ht'),
      called('a', T0 + 25 * MIN),
      ev(hubEvent('ticket.recalled', 'a', step('called', 'called')), T0 + 27 * MIN),
      ev(hubEvent('ticket.started', 'a', step('called', 'serving')), T0 + 28 * MIN),
      finished('a', T0 + 35 * MIN),
      rated('a', T0 + 36 * MIN, 4),
      called('b', T0 + 11 * MIN, 's-ht'),
      ev(hubEvent('ticket.no_show', 'b', step('called', 'no_show', 's-ht')), T0 + 14 * MIN),
    ];
    const p = project(events, new Map(), ctx);
    expect(p.daily.get('2026-11-23|CT')).toMatchObject({ issued: 1, called: 1, served: 1, waitN: 1, waitSumMs: 25 * MIN, waitOverN: 1, ratingN: 1, ratingSum: 4 });
    expect(p.daily.get('2026-11-23|HT')).toMatchObject({ issued: 1, called: 1, noShow: 1, waitN: 1, waitSumMs: 10 * MIN, waitOverN: 0 });
    expect(p.tickets.get('a')).toMatchObject({ state: 'done', waitMs: 25 * MIN, rating: 4, fieldCode: 'CT' });
    expect(p.tickets.get('b')).toMatchObject({ state: 'no_show', fieldCode: 'HT' });
  });

  // Catches arrivals or calls counted in the wrong minute (break tried: the minute from UTC
  // midnight instead of the day's local midnight: "expected 0 to be 1" at minute 540), a recall
  // counted as a second call, or a walk-in (never queued) counted as an arrival.
  it('counts arrivals and first calls per minute after the local midnight of the ticket\'s day', () => {
    const walkIn = ev(hubEvent('ticket.issued', 'w', { number: '1002', serviceId: 's-ct', procedureId: null, channel: 'walk_in', priorityGroup: null, queuedAt: T0, slotAt: null, predictedWaitMin: null, peopleAhead: null }), T0);
    const events = [issued('a', T0), issued('b', T0 + 90_000, 's-ht'), walkIn, called('a', T0 + 25 * MIN), ev(hubEvent('ticket.recalled', 'a', step('called', 'called')), T0 + 27 * MIN), called('w', T0 + 25 * MIN)];
    const m = project(events, new Map(), ctx).minutes.get('2026-11-23')!;
    expect(m.arrivals).toHaveLength(MINUTE_SLOTS);
    // 09:00 is minute 540; b joined at 09:01:30, minute 541.
    expect(m.arrivals[MINUTE_OFFSET + 540]).toBe(1);
    expect(m.arrivals[MINUTE_OFFSET + 541]).toBe(1);
    expect(m.arrivals.reduce((a, b) => a + b, 0)).toBe(2);
    expect(m.calls[MINUTE_OFFSET + 565]).toBe(2); // a and the walk-in, first calls at 09:25; the recall is not a call
    expect(m.calls.reduce((a, b) => a + b, 0)).toBe(2);
  });

  it('continues a ticket stored by an earlier batch, without counting its issue again', () => {
    const before: TicketProjection = { ticketId: 'a', day: '2026-11-22', fieldCode: 'CT', serviceId: 's-ct', state: 'waiting', queuedAt: T0 - 30 * MIN, predictedWaitMin: 4, firstCalledAt: null, waitMs: null, finishedAt: null, rating: null };
    const transferred = hubEvent('ticket.transferred', 'a', { ...step('called', 'waiting', 's-ht'), fromCounterId: 'c1', fromServiceId: 's-ct', toServiceId: 's-ht', toCounterId: null });
    const events = [called('a', T0, 's-ct', '2026-11-23'), ev(transferred, T0 + MIN), called('a', T0 + 9 * MIN, 's-ht', '2026-11-23')];
    expect(ticketsToLoad(events)).toEqual(['a']);
    const p = project(events, new Map([['a', before]]), ctx);
    // Attributed to the ticket's own day and field, one wait (the first call), 30 minutes: late.
    expect([...p.daily.keys()]).toEqual(['2026-11-22|CT']);
    expect(p.daily.get('2026-11-22|CT')).toMatchObject({ issued: 0, called: 1, waitN: 1, waitSumMs: 30 * MIN, waitOverN: 1 });
    expect(p.tickets.get('a')?.state).toBe('called');
    expect(before.state).toBe('waiting'); // input untouched
  });

  it('a wait of exactly the threshold is not late; cancellations and expiries count as cancelled', () => {
    const events = [
      issued('a', T0),
      called('a', T0 + 20 * MIN),
      issued('b', T0),
      ev(hubEvent('ticket.cancelled', 'b', step('waiting', 'cancelled')), T0 + MIN),
      issued('c', T0),
      ev(hubEvent('ticket.expired', 'c', { number: '1001', day: '2026-11-23', from: 'waiting' }), T0 + 600 * MIN),
    ];
    const p = project(events, new Map(), ctx);
    expect(p.daily.get('2026-11-23|CT')).toMatchObject({ issued: 3, waitN: 1, waitOverN: 0, cancelled: 2 });
    expect(p.tickets.get('c')?.state).toBe('cancelled');
  });

  it('tracks counters and ignores events it does not project', () => {
    const counter = (type: 'counter.opened' | 'counter.paused', counterId: string) => hubEvent(type, null, { counterId, reason: null });
    const events = [
      ev(counter('counter.opened', 'c1'), T0),
      ev(counter('counter.paused', 'c1'), T0 + MIN),
      ev(counter('counter.opened', 'c2'), T0),
      ev(hubEvent('device.online', null, { deviceId: 'd1', kind: 'kiosk' }), T0),
      ev(hubEvent('auth.signed_in', null, { clerkId: 'u1', counterId: 'c1' }), T0),
      ev(hubEvent('print.sent', 'a', { jobId: 'j1', agentId: 'ag1', kioskId: 'k1' }), T0),
    ];
    const p = project(events, new Map(), ctx);
    expect([...p.counters.values()].map((c) => [c.counterId, c.status])).toEqual([['c1', 'paused'], ['c2', 'open']]);
    expect(p.daily.size).toBe(0);
    expect(p.tickets.size).toBe(0);
  });

  it('keeps figures of a ticket whose issue it never saw, without a wait', () => {
    const p = project([finished('z', T0, 's-ht')], new Map(), ctx);
    expect(p.daily.get('2026-11-23|HT')).toMatchObject({ served: 1, issued: 0, waitN: 0 });
    expect(fieldOf('nope')).toBe(UNKNOWN_FIELD);
    expect(fieldResolver(null)('s-ct')).toBe(UNKNOWN_FIELD);
  });

  it('splitting a stream into batches gives the same totals as one batch', () => {
    const events: SyncEvent[] = [];
    for (let i = 0; i < 40; i++) {
      const id = `t${i}`;
      events.push(issued(id, T0 + i * MIN, i % 3 ? 's-ct' : 's-ht'));
      events.push(called(id, T0 + i * MIN + (i % 7) * 5 * MIN));
      if (i % 5) events.push(finished(id, T0 + i * MIN + 40 * MIN));
      if (i % 4 === 0) events.push(rated(id, T0 + i * MIN + 41 * MIN, 1 + (i % 5)));
    }
    const whole = project(events, new Map(), ctx);
    const stored = new Map<string, TicketProjection>();
    const sums = new Map<string, Record<string, number | number[]>>();
    for (let i = 0; i < events.length; i += 7) {
      const part = events.slice(i, i + 7);
      const known = new Map(ticketsToLoad(part).flatMap((id) => (stored.has(id) ? [[id, stored.get(id)!] as const] : [])));
      const p = project(part, known, ctx);
      for (const [id, t] of p.tickets) stored.set(id, t);
      for (const [k, d] of p.daily) {
        const acc = sums.get(k) ?? {};
        for (const [f, v] of Object.entries(d)) {
          const was = acc[f];
          if (typeof v === 'number') acc[f] = (typeof was === 'number' ? was : 0) + v;
          // Wait histograms add bucket by bucket, as the ingest's upsert does.
          else if (f === 'waitHist') acc[f] = d.waitHist.map((x, i) => x + (Array.isArray(was) ? (was[i] ?? 0) : 0));
        }
        sums.set(k, acc);
      }
    }
    for (const [k, d] of whole.daily) {
      const { day: _d, fieldCode: _f, ...nums } = d;
      expect(sums.get(k)).toEqual(nums);
    }
  });
});
