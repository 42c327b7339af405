/**
 * The place-and-wait forecast as a citizen sees it over a whole queue (predictQueue, what the hub's
 * kiosk, print job, status page and loads use): for tickets of one service issued in order without
 * priority, a later ticket is never told fewer people ahead or a shorter wait than an earlier one,
 * whatever else waits (other services, priority, appointments) and whatever the counters do.
 * Deliberate breaks of predict.ts seen failing here:
 * - without the running maximum within a line, the first test fails (motcua calls a late ticket
 *   after a later one that can still be served in time: the later one was told a shorter wait), and
 *   so does the third (told 10 minutes and one ahead instead of the earlier ticket's 15 and two);
 * - counting every ticket booked before, on any counter (issue 13: people ahead rose 26 → 122 when
 *   a multi-skilled counter opened), the second and third fail;
 * - the wait counted from the ticket's arrival instead of now, the third fails (25 instead of 15).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { placeAndWait } from '@motcua/shared';
import { DEFAULT_DISPATCH_CONFIG } from './policy';
import { predictQueue } from './predict';
import { MIN, busyCounter, countersArb, idleCounter, queueArb } from './testing';
import type { DispatchConfig, PolicyName, QueuedTicket, ServiceStats } from './types';

const NOW = 5 * 60 * MIN;
const STATS: ServiceStats = { A: { meanMin: 6, cv: 0.8 }, B: { meanMin: 9, cv: 0.6 }, C: { meanMin: 12, cv: 1 } };
const POLICIES: readonly PolicyName[] = ['motcua', 'dedicated', 'shared-edf', 'pooled'];

/** `n` walk-ins of service A, issued in order one minute apart (the last one just now). */
function line(n: number, lastAgoMin = 0): QueuedTicket[] {
  return Array.from({ length: n }, (_, i) => ({ id: `a${String(i).padStart(3, '0')}`, serviceId: 'A', channel: 'kiosk' as const, priorityGroup: null, queuedAt: NOW - (n - 1 - i + lastAgoMin) * MIN, slotAt: null, targetCounterId: null }));
}

const others = queueArb(0, 30, { now: NOW, services: ['A', 'B', 'C'], maxAgoMin: 120, slotSpreadMin: 20, priorities: [null, null, 'elderly', 'disabled'], targets: [null, null, null, 'Q1'] });
const counters = countersArb(5, { now: NOW, primaryFrom: ['A', 'B', 'C'], secondaryFrom: ['A', 'B', 'C'], statuses: ['busy', 'busy', 'idle', 'paused'], maxAgoMin: 30 });

describe('predictQueue: the place and wait of every ticket', () => {
  it('never tells a later ticket of one service (no priority) fewer people ahead or a shorter wait than an earlier one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 14 }), fc.integer({ min: 0, max: 40 }), others, counters, fc.constantFrom(...POLICIES), (n, lastAgo, rest, cs, policy) => {
        const mine = line(n, lastAgo);
        // Other people: their own ids so they never collide with the line's.
        const queue = [...mine, ...rest.map((t) => ({ ...t, id: `o-${t.id}` }))];
        const config: DispatchConfig = { ...DEFAULT_DISPATCH_CONFIG, policy };
        // Idle counters call at once in the hub (QueueService.forecast): as the hub asks.
        const views = cs.map((c) => (c.status === 'idle' ? { ...c, status: 'busy' as const, busySince: NOW, currentServiceId: null, idleSince: null } : c));
        const all = predictQueue({ now: NOW, queue, counters: views, stats: STATS, config });
        const told = mine.map((t) => all.get(t.id)!);
        if (told.some((p) => !p.servable)) return;
        for (let i = 1; i < told.length; i++) {
          const [a, b] = [told[i - 1]!, told[i]!];
          expect(b.peopleAhead).toBeGreaterThanOrEqual(a.peopleAhead);
          expect(b.minutes).toBeGreaterThanOrEqual(a.minutes - 1e-9);
          expect(b.lowMin).toBeGreaterThanOrEqual(a.lowMin - 1e-9);
          expect(b.highMin).toBeGreaterThanOrEqual(a.highMin - 1e-9);
          // And so is what they are told (the shared model is monotone too).
          const [pa, pb] = [placeAndWait({ ...a, midMin: a.minutes }, 20), placeAndWait({ ...b, midMin: b.minutes }, 20)];
          expect(pb.peopleAhead).toBeGreaterThanOrEqual(pa.peopleAhead);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('counts only people called to a counter that could serve the ticket, and its own priority', () => {
    // Counter Q1 serves A only, Q2 serves B only; 10 people wait for B, 2 for A.
    const cs = [busyCounter('Q1', ['A'], 'A', NOW), busyCounter('Q2', ['B'], 'B', NOW)];
    const bs: QueuedTicket[] = Array.from({ length: 10 }, (_, i) => ({ id: `b${i}`, serviceId: 'B', channel: 'kiosk', priorityGroup: null, queuedAt: NOW - (20 - i) * MIN, slotAt: null, targetCounterId: null }));
    const queue = [...line(2, 1), ...bs];
    const ticket: QueuedTicket = { id: 'new', serviceId: 'A', channel: 'kiosk', priorityGroup: null, queuedAt: NOW, slotAt: null, targetCounterId: null };
    const args = { now: NOW, counters: cs, stats: { A: { meanMin: 5, cv: 0 }, B: { meanMin: 5, cv: 0 } }, config: DEFAULT_DISPATCH_CONFIG };
    const p = predictQueue({ ...args, queue: [...queue, ticket] }).get('new')!;
    expect(p.peopleAhead).toBe(2);
    expect(p.minutes).toBeCloseTo(15, 5);
    // An elderly citizen goes before the line: their own figures, nobody ahead, the current visit's end.
    const elderly = predictQueue({ ...args, queue: [...queue, { ...ticket, priorityGroup: 'elderly' }] }).get('new')!;
    expect(elderly.peopleAhead).toBe(0);
    expect(elderly.minutes).toBeCloseTo(5, 5);
    expect(placeAndWait({ ...elderly, midMin: elderly.minutes }, 20).long).toBe(false);
  });

  it('tells a ticket already waiting the time still to come, not the time since it arrived', () => {
    const cs = [busyCounter('Q1', ['A'], 'A', NOW)];
    const mine = line(3, 10); // arrived 12, 11 and 10 minutes ago
    const args = { now: NOW, queue: mine, stats: { A: { meanMin: 5, cv: 0 } }, config: DEFAULT_DISPATCH_CONFIG };
    const all = predictQueue({ ...args, counters: cs });
    expect(all.get(mine[2]!.id)).toMatchObject({ peopleAhead: 2, capped: false, servable: true });
    expect(all.get(mine[2]!.id)!.minutes).toBeCloseTo(15, 5);
    expect(predictQueue({ ...args, counters: [idleCounter('Q1', ['A'])] }).get(mine[0]!.id)!.minutes).toBe(0);
  });
});

describe('predictQueue phantoms (the kiosk’s probes)', () => {
  it('tell a probe what the same ticket is told once issued, in one run for every probe', () => {
    fc.assert(
      fc.property(others, counters, fc.constantFrom<PolicyName>('dedicated', 'shared-edf', 'pooled'), fc.constantFrom('A', 'B', 'C'), fc.boolean(), (rest, cs, policy, serviceId, elderly) => {
        const config: DispatchConfig = { ...DEFAULT_DISPATCH_CONFIG, policy };
        const views = cs.map((c) => (c.status === 'idle' ? { ...c, status: 'busy' as const, busySince: NOW, currentServiceId: null, idleSince: null } : c));
        const fresh: QueuedTicket = { id: 'zz-new', serviceId, channel: 'kiosk', priorityGroup: elderly ? 'elderly' : null, queuedAt: NOW, slotAt: null, targetCounterId: null };
        const other: QueuedTicket = { ...fresh, id: 'zz-other', serviceId: serviceId === 'A' ? 'B' : 'A' };
        const issued = predictQueue({ now: NOW, queue: [...rest, fresh], counters: views, stats: STATS, config }).get(fresh.id);
        const probed = predictQueue({ now: NOW, queue: rest, counters: views, stats: STATS, config, phantoms: [fresh, other] }).get(fresh.id);
        expect(probed).toEqual(issued);
      }),
      { numRuns: 150 },
    );
  });
});

describe('predictQueue: people ahead agree with the wait', () => {
  // Break seen failing: counting every booking on the ticket's counters (not only those starting no later than it) gives 2 here.
  it('does not count people called later to another counter (issue 13: "31 ahead · dưới 1 phút")', () => {
    // Q1 serves A and B, busy with B for 12 more minutes; Q2 serves A only and is free now. Two B citizens wait.
    const cs = [busyCounter('Q1', ['B'], 'B', NOW, ['A']), idleCounter('Q2', ['A'])];
    const bs: QueuedTicket[] = [0, 1].map((i) => ({ id: `b${i}`, serviceId: 'B', channel: 'kiosk', priorityGroup: null, queuedAt: NOW - 5 * MIN, slotAt: null, targetCounterId: null }));
    const a: QueuedTicket = { id: 'new', serviceId: 'A', channel: 'kiosk', priorityGroup: null, queuedAt: NOW, slotAt: null, targetCounterId: null };
    const f = predictQueue({ now: NOW, queue: [...bs, a], counters: cs, stats: { A: { meanMin: 5, cv: 0 }, B: { meanMin: 12, cv: 0 } }, config: DEFAULT_DISPATCH_CONFIG }).get('new')!;
    expect(f.minutes).toBe(0);
    expect(f.peopleAhead).toBe(0);
  });
});
