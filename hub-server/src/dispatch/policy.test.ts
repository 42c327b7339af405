import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DISPATCH_CONFIG, chooseCounterForArrival, selectNextTicket } from './policy';
import { predictQueue, type PredictQueueInput, type TicketForecast } from './predict';
import { Skill, mayServe, skillFor, waitStart } from './skills';
import { MOTCUA_DEFAULTS } from './tuning';
import { MIN, busyCounter, countersArb as countersArbOf, idleCounter, queueArb as queueArbOf, ticketArb as ticketArbOf, walkIn } from './testing';
import type { TicketArbOptions } from './testing';
import type { DispatchConfig, DispatchInput, PolicyName, QueuedTicket, ServiceStats } from './types';

const SERVICES = ['A', 'B', 'C', 'D', 'X'] as const; // X: nobody has statistics for it
const STATS: ServiceStats = { A: { meanMin: 4, cv: 0.8 }, B: { meanMin: 8 }, C: { meanMin: 14, cv: 1 }, D: { meanMin: 10 } };
const POLICIES: readonly PolicyName[] = ['motcua', 'dedicated', 'shared-edf', 'pooled', 'two-line'];
const NOW = 5 * 60 * MIN;

const countersArb = countersArbOf(5, { now: NOW, primaryFrom: SERVICES.slice(0, 4), secondaryFrom: SERVICES, statuses: ['idle', 'busy', 'paused', 'closed'], maxAgoMin: 60 });
const TICKETS: TicketArbOptions = { now: NOW, services: SERVICES, maxAgoMin: 150, slotSpreadMin: 20, priorities: [null, 'elderly', 'disabled', 'pregnant', 'merit', 'child'], targets: [null, null, null, 'Q1', 'Q2', 'Q9'] };
const ticketArb = (i: number) => ticketArbOf(i, TICKETS);
const queueArb = queueArbOf(0, 25, TICKETS);

const inputArb: fc.Arbitrary<DispatchInput> = fc
  .record({
    counters: countersArb,
    queue: queueArb,
    policy: fc.constantFrom(...POLICIES),
    pick: fc.nat(),
    streak: fc.integer({ min: 0, max: 5 }),
    ageCapMin: fc.integer({ min: 25, max: 120 }),
  })
  .map((r) => {
    const config: DispatchConfig = { ...DEFAULT_DISPATCH_CONFIG, policy: r.policy, ageCapMin: r.ageCapMin };
    return { now: NOW, counterId: r.counters[r.pick % r.counters.length]!.id, queue: r.queue, counters: r.counters, stats: STATS, config, priorityStreak: r.streak };
  });

describe('selectNextTicket', () => {
  it('returns only a waiting ticket the counter may serve under the policy, and one whenever there is such a ticket', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const d = selectNextTicket(input);
        const counter = input.counters.find((c) => c.id === input.counterId)!;
        const servable = input.queue.filter((t) => mayServe(counter, t, input.config.policy));
        if (d === null) {
          expect(servable).toEqual([]);
          return;
        }
        const t = input.queue.find((q) => q.id === d.ticketId);
        expect(t).toBeDefined();
        expect(mayServe(counter, t!, input.config.policy)).toBe(true);
        if (t!.targetCounterId === null) {
          const skills = input.config.policy === 'pooled' ? null : input.config.policy === 'dedicated' ? counter.primary : [...counter.primary, ...counter.secondary];
          if (skills !== null) expect(skills).toContain(t!.serviceId);
        } else {
          expect(t!.targetCounterId).toBe(counter.id);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('is deterministic and does not depend on the order of the queue', () => {
    fc.assert(
      fc.property(inputArb, fc.nat(), (input, seed) => {
        const first = selectNextTicket(input);
        expect(selectNextTicket(input)).toEqual(first);
        const shuffled = [...input.queue];
        let s = seed;
        for (let i = shuffled.length - 1; i > 0; i--) {
          s = (s * 1103515245 + 12345) % 2147483648;
          const j = s % (i + 1);
          [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
        }
        expect(selectNextTicket({ ...input, queue: shuffled })?.ticketId ?? null).toBe(first?.ticketId ?? null);
      }),
      { numRuns: 300 },
    );
  });

  it('motcua never passes over a ticket that has waited the age cap', () => {
    fc.assert(
      fc.property(inputArb, (raw) => {
        const input = { ...raw, config: { ...raw.config, policy: 'motcua' as const } };
        const counter = input.counters.find((c) => c.id === input.counterId)!;
        const capped = input.queue.filter((t) => mayServe(counter, t, 'motcua') && input.now - waitStart(t) >= input.config.ageCapMin * MIN);
        const d = selectNextTicket(input);
        if (capped.length === 0) return;
        const t = input.queue.find((q) => q.id === d?.ticketId);
        expect(t).toBeDefined();
        // The one called has waited at least the cap, and nobody capped has waited longer, except
        // one this counter would serve as a secondary skill, by at most secondaryLateMarginMin.
        expect(input.now - waitStart(t!)).toBeGreaterThanOrEqual(input.config.ageCapMin * MIN);
        const margin = MOTCUA_DEFAULTS.secondaryLateMarginMin * MIN;
        const key = (x: QueuedTicket): number => waitStart(x) + (skillFor(counter, x.serviceId, 'motcua') === Skill.Secondary ? margin : 0);
        for (const c of capped) {
          expect(key(c)).toBeGreaterThanOrEqual(key(t!));
          expect(waitStart(c)).toBeGreaterThanOrEqual(waitStart(t!) - margin);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('never throws on inconsistent input', () => {
    fc.assert(
      fc.property(inputArb, fc.constantFrom('nobody', ''), (input, counterId) => {
        expect(selectNextTicket({ ...input, counterId })).toBeNull();
        expect(() => selectNextTicket({ ...input, stats: {} })).not.toThrow();
        expect(() => selectNextTicket({ ...input, counters: [] })).not.toThrow();
        const config = { ...input.config, ageCapMin: Number.NaN, targetWaitMin: Number.NaN, priority: { maxInRow: Number.NaN } };
        expect(() => selectNextTicket({ ...input, config, priorityStreak: Number.NaN })).not.toThrow();
      }),
      { numRuns: 100 },
    );
  });

  it('returns null for an empty queue or an unknown counter', () => {
    const counters = [idleCounter('Q1', ['A'])];
    const base = { now: NOW, counterId: 'Q1', queue: [], counters, stats: STATS, config: DEFAULT_DISPATCH_CONFIG, priorityStreak: 0 };
    expect(selectNextTicket(base)).toBeNull();
    const t: QueuedTicket = { id: 't', serviceId: 'A', channel: 'kiosk', priorityGroup: null, queuedAt: NOW, slotAt: null, targetCounterId: null };
    expect(selectNextTicket({ ...base, queue: [t], counterId: 'Q7' })).toBeNull();
    expect(selectNextTicket({ ...base, queue: [t] })?.ticketId).toBe('t');
  });

  it('prefers a ticket that can still be called on time over one already late, until the tail limit', () => {
    const counters = [idleCounter('Q1', ['A'])];
    const mk = (id: string, agoMin: number): QueuedTicket => walkIn(id, 'A', NOW, agoMin);
    const fresh = [mk('f16', 16), mk('f17', 17)];
    const input = { now: NOW, counterId: 'Q1', queue: [mk('late', 22), ...fresh], counters, stats: STATS, config: DEFAULT_DISPATCH_CONFIG, priorityStreak: 0 };
    // 12 minutes of work for one counter: the tail limit is max(28, 3 × 12) = 36 minutes.
    expect(selectNextTicket(input)?.ticketId).toBe('f17');
    expect(selectNextTicket({ ...input, config: { ...input.config, policy: 'shared-edf' } })?.ticketId).toBe('late');
    // Near the tail limit (33 minutes waited + 4 of service ≥ 36) the late ticket goes first.
    expect(selectNextTicket({ ...input, queue: [mk('late', 33), ...fresh] })?.ticketId).toBe('late');
    // When the on-time tickets can afford it, the late one is served in their slack.
    expect(selectNextTicket({ ...input, queue: [mk('late', 22), mk('f5', 5)] })?.ticketId).toBe('late');
  });
});

describe('chooseCounterForArrival', () => {
  it('picks an idle counter that may serve the ticket, or null when there is none', () => {
    fc.assert(
      fc.property(countersArb, ticketArb(0), fc.constantFrom(...POLICIES), (counters, ticket, policy) => {
        const config = { ...DEFAULT_DISPATCH_CONFIG, policy };
        const id = chooseCounterForArrival({ now: NOW, ticket, counters, stats: STATS, config });
        const ok = counters.filter((c) => c.status === 'idle' && mayServe(c, ticket, policy));
        if (id === null) expect(ok).toEqual([]);
        else expect(ok.map((c) => c.id)).toContain(id);
      }),
      { numRuns: 300 },
    );
  });

  it('baselines give the arrival to the longest idle counter; motcua to a primary, least flexible one', () => {
    const counters = [idleCounter('Q1', ['B'], ['A'], 0), idleCounter('Q2', ['A', 'B', 'C'], [], 100), idleCounter('Q3', ['A'], [], 200)];
    const ticket = walkIn('t', 'A', NOW, 0);
    const args = { now: NOW, ticket, counters, stats: STATS };
    expect(chooseCounterForArrival({ ...args, config: { ...DEFAULT_DISPATCH_CONFIG, policy: 'shared-edf' } })).toBe('Q1');
    expect(chooseCounterForArrival({ ...args, config: { ...DEFAULT_DISPATCH_CONFIG, policy: 'dedicated' } })).toBe('Q2');
    expect(chooseCounterForArrival({ ...args, config: DEFAULT_DISPATCH_CONFIG })).toBe('Q3');
  });
});

/** What a new ticket is told at issue, as the hub asks it: the queue with the ticket added. */
function predictWait(input: Omit<PredictQueueInput, 'queue' | 'phantoms'> & { ticket: QueuedTicket; queue: readonly QueuedTicket[] }): TicketForecast {
  const { ticket, queue, ...rest } = input;
  const f = predictQueue({ ...rest, queue: [...queue, ticket] }).get(ticket.id);
  if (f === undefined) throw new Error('no forecast for the ticket added');
  return f;
}

describe('predictQueue for a ticket added (the figure printed at issue)', () => {
  it('never throws and gives a finite, non-negative wait', () => {
    fc.assert(
      fc.property(inputArb, ticketArb(99), (input, t) => {
        const ticket = { ...t, id: 'new', queuedAt: NOW, slotAt: null, targetCounterId: null };
        const p = predictWait({ now: NOW, ticket, queue: input.queue, counters: input.counters, stats: input.stats, config: input.config });
        expect(Number.isFinite(p.minutes)).toBe(true);
        expect(p.minutes).toBeGreaterThanOrEqual(0);
        expect(p.peopleAhead).toBeGreaterThanOrEqual(0);
        expect(predictWait({ now: NOW, ticket, queue: input.queue, counters: input.counters, stats: input.stats, config: input.config })).toEqual(p);
      }),
      { numRuns: 200 },
    );
  });

  it('is zero when an eligible counter is idle, and grows with the queue ahead', () => {
    const counters = [busyCounter('Q1', ['A'], 'A', NOW)];
    const mk = (i: number): QueuedTicket => walkIn(`t${i}`, 'A', NOW, 10 - i);
    const ticket = { ...mk(99), queuedAt: NOW };
    const args = { now: NOW, ticket, counters, stats: { A: { meanMin: 4, cv: 0 } }, config: DEFAULT_DISPATCH_CONFIG };
    expect(predictWait({ ...args, queue: [] }).minutes).toBeCloseTo(4, 5);
    const three = predictWait({ ...args, queue: [mk(1), mk(2), mk(3)] });
    expect(three.peopleAhead).toBe(3);
    expect(three.minutes).toBeCloseTo(16, 5);
    const idle = [{ ...counters[0]!, status: 'idle' as const, idleSince: NOW, busySince: null, currentServiceId: null }];
    expect(predictWait({ ...args, counters: idle, queue: [] })).toEqual({ peopleAhead: 0, minutes: 0, lowMin: 0, highMin: 0, capped: false, servable: true });
  });

  it('gives the same queue the same answer whatever the ticket id, and moves little from one moment to the next', () => {
    // One counter, two people ahead for a 5-minute service (cv 0.8): the wait is the sum of two
    // service times, whose median is 8.7 minutes. Ticket ids carry random bytes in the hub.
    const counters = [busyCounter('Q1', ['A'], 'A', NOW)].map((c) => ({ ...c, currentServiceId: null }));
    const queue = [walkIn('a', 'A', NOW, 2), walkIn('b', 'A', NOW, 1)];
    const args = { counters, queue, stats: { A: { meanMin: 5, cv: 0.8 } }, config: DEFAULT_DISPATCH_CONFIG };
    const at = (now: number, id: string): number => predictWait({ ...args, now, ticket: { ...walkIn(id, 'A', now, 0), queuedAt: now } }).minutes;
    expect(at(NOW, 'x-1f3a')).toBe(at(NOW, 'y-99c0'));
    const minutes = Array.from({ length: 400 }, (_, i) => at(NOW + i * 1000, 'n'));
    for (const m of minutes) expect(m).toBeGreaterThan(7.5);
    for (const m of minutes) expect(m).toBeLessThan(10.5);
    const mean = minutes.reduce((a, b) => a + b, 0) / minutes.length;
    expect(mean).toBeGreaterThan(8.2);
    expect(mean).toBeLessThan(9.2);
  });

  it('reports a ticket nobody serves instead of guessing', () => {
    const counters = [busyCounter('Q1', ['A'], 'A', NOW)];
    const ticket = walkIn('n', 'Z', NOW, 0);
    expect(predictWait({ now: NOW, ticket, queue: [], counters, stats: STATS, config: DEFAULT_DISPATCH_CONFIG }).servable).toBe(false);
  });
});

describe('motcua: secondary skills', () => {
  it('among late tickets, calls one it serves at full speed before one it would serve as a secondary skill that has waited up to 20 minutes longer', () => {
    // Over capacity a secondary skill's slower service (secondarySlowdown) wastes the counters' time:
    // on ward-M-400-overload's worst days the counters spent 18–74 % of their time on secondary
    // skills, calling the late oldest first. Bug it catches: the margin dropped (secondaryLateMarginMin 0) — the B ticket,
    // waiting 15 minutes longer, is called, both past the age cap (90) and only late (no ticket on time).
    const q1 = idleCounter('Q1', ['A'], ['B']);
    const at = (bAgo: number, aAgo: number): string | undefined =>
      selectNextTicket({ now: NOW, counterId: 'Q1', queue: [walkIn('b', 'B', NOW, bAgo), walkIn('a', 'A', NOW, aAgo)], counters: [q1], stats: STATS, config: DEFAULT_DISPATCH_CONFIG, priorityStreak: 0 })?.ticketId;
    expect(at(110, 95)).toBe('a'); // age cap
    expect(at(45, 30)).toBe('a'); // late, nobody on time
    // Waiting more than 20 minutes longer, the secondary skill's ticket goes first.
    expect(at(120, 95)).toBe('b');
    expect(at(55, 30)).toBe('b');
  });

  it('calls the ticket it serves at full speed before one it would serve as a secondary skill due up to 3 minutes earlier', () => {
    // Measured default (tuning.ts): secondaryPenaltyMin 3 cut late share and over45 on M-280 and
    // L-1000-peak. Bug it catches: the penalty dropped (0) — the B ticket, 2 min more urgent, is called.
    const q1 = idleCounter('Q1', ['A'], ['B']);
    const queue: QueuedTicket[] = [walkIn('b', 'B', NOW, 12), walkIn('a', 'A', NOW, 10)];
    const input: DispatchInput = { now: NOW, counterId: 'Q1', queue, counters: [q1], stats: STATS, config: DEFAULT_DISPATCH_CONFIG, priorityStreak: 0 };
    expect(selectNextTicket(input)?.ticketId).toBe('a');
    // Due 4 minutes earlier, the secondary-skill ticket goes first.
    expect(selectNextTicket({ ...input, queue: [walkIn('b', 'B', NOW, 14), walkIn('a', 'A', NOW, 10)] })?.ticketId).toBe('b');
  });
});
