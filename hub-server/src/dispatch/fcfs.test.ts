import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DISPATCH_CONFIG, selectNextTicket } from './policy';
import { deadline, isAppointment, mayServe, waitStart } from './skills';
import { MIN, countersArb as countersArbOf, idleCounter, queueArb as queueArbOf } from './testing';
import type { DispatchConfig, DispatchInput, QueuedTicket, ServiceStats } from './types';

const NOW = 4 * 60 * MIN;

/** Same line: same service, same kind (walk-in / appointment), same priority class, same target. */
function sameLine(a: QueuedTicket, b: QueuedTicket): boolean {
  return (
    a.serviceId === b.serviceId &&
    isAppointment(a) === isAppointment(b) &&
    (a.priorityGroup !== null) === (b.priorityGroup !== null) &&
    a.targetCounterId === b.targetCounterId
  );
}

describe('motcua: first come, first served within a line among on-time tickets', () => {
  it('calls the earlier of two on-time walk-ins of the same service (c1 is given a, not b)', () => {
    const counters = [idleCounter('c1', ['CT'], ['HT']), idleCounter('c2', ['HT'], ['CT'])];
    const t = (id: string, queuedAt: number): QueuedTicket => ({ id, serviceId: 'CT', channel: 'kiosk', priorityGroup: null, queuedAt, slotAt: null, targetCounterId: null });
    const stats: ServiceStats = { CT: { meanMin: 10 }, HT: { meanMin: 10 } };
    const input: DispatchInput = { now: 60_000, counterId: 'c1', queue: [t('a', 0), t('b', 60_000)], counters, stats, config: DEFAULT_DISPATCH_CONFIG, priorityStreak: 0 };
    expect(selectNextTicket(input)?.ticketId).toBe('a');
    expect(selectNextTicket({ ...input, queue: [t('b', 60_000), t('a', 0)] })?.ticketId).toBe('a');
  });

  const SERVICES = ['A', 'B', 'C'] as const;
  const STATS: ServiceStats = { A: { meanMin: 4 }, B: { meanMin: 9 }, C: { meanMin: 15 } };
  const countersArb = countersArbOf(4, { now: NOW, primaryFrom: SERVICES, secondaryFrom: SERVICES, minPrimary: 1, statuses: ['idle', 'idle', 'busy', 'busy', 'paused'], maxAgoMin: 30 });
  // Mostly on-time tickets of few services, so that several share a line.
  const queueArb = queueArbOf(1, 20, { now: NOW, services: SERVICES, maxAgoMin: 35, slotSpreadMin: 15, priorities: [null, null, null, 'elderly', 'child'], targets: [null, null, null, null, 'Q1', 'Q2'] });
  const inputArb: fc.Arbitrary<DispatchInput> = fc
    .record({ counters: countersArb, queue: queueArb, pick: fc.nat(), streak: fc.integer({ min: 0, max: 3 }), triage: fc.boolean() })
    .map((r) => {
      const config: DispatchConfig = { ...DEFAULT_DISPATCH_CONFIG, motcua: r.triage ? { triageBacklogMin: 0, triageShortWeight: 1 } : undefined };
      return { now: NOW, counterId: r.counters[r.pick % r.counters.length]!.id, queue: r.queue, counters: r.counters, stats: STATS, config, priorityStreak: r.streak };
    });

  it('never calls an on-time ticket while an earlier on-time ticket of the same line waits', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const d = selectNextTicket(input);
        if (d === null) return;
        const counter = input.counters.find((c) => c.id === input.counterId)!;
        const t = input.queue.find((q) => q.id === d.ticketId)!;
        if (deadline(t, input.config) < input.now) return;
        for (const q of input.queue) {
          if (q === t || !mayServe(counter, q, 'motcua') || deadline(q, input.config) < input.now || !sameLine(q, t)) continue;
          expect(waitStart(t)).toBeLessThanOrEqual(waitStart(q));
          if (waitStart(t) === waitStart(q)) expect(t.queuedAt <= q.queuedAt).toBe(true);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
