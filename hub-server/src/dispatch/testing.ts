/**
 * Builders for the dispatch tests (unit and property tests): counters and tickets by hand, and
 * fast-check arbitraries for random centres and queues. Not used by production code.
 */
import fc from 'fast-check';
import type { PriorityGroup } from '@motcua/shared';
import type { CounterView, QueuedTicket } from './types';

export const MIN = 60_000;

/** An open, free counter. */
export function idleCounter(id: string, primary: readonly string[], secondary: readonly string[] = [], idleSince = 0): CounterView {
  return { id, primary, secondary, status: 'idle', idleSince, busySince: null, currentServiceId: null };
}

/** A counter serving `serviceId` since `since`. */
export function busyCounter(id: string, primary: readonly string[], serviceId: string, since: number, secondary: readonly string[] = []): CounterView {
  return { id, primary, secondary, status: 'busy', idleSince: null, busySince: since, currentServiceId: serviceId };
}

/** A walk-in who took a ticket `agoMin` minutes before `now`. */
export function walkIn(id: string, serviceId: string, now: number, agoMin: number, priorityGroup: PriorityGroup | null = null): QueuedTicket {
  return { id, serviceId, channel: 'kiosk', priorityGroup, queuedAt: now - agoMin * MIN, slotAt: null, targetCounterId: null };
}

export interface CounterArbOptions {
  now: number;
  /** Services a counter may have as primary skills. */
  primaryFrom: readonly string[];
  /** Services a counter may have as secondary skills (its primaries are removed). */
  secondaryFrom: readonly string[];
  /** At least this many primary skills (default 0). */
  minPrimary?: number;
  /** Statuses drawn from (repeat one to make it likelier). */
  statuses: readonly CounterView['status'][];
  /** Idle or busy since at most this many minutes before `now`. */
  maxAgoMin: number;
}

export function counterArb(id: string, o: CounterArbOptions): fc.Arbitrary<CounterView> {
  return fc
    .record({
      primary: fc.subarray([...o.primaryFrom], { minLength: o.minPrimary ?? 0 }),
      secondary: fc.subarray([...o.secondaryFrom]),
      status: fc.constantFrom(...o.statuses),
      idleAgo: fc.integer({ min: 0, max: o.maxAgoMin * MIN }),
      busyAgo: fc.integer({ min: 0, max: o.maxAgoMin * MIN }),
      current: fc.constantFrom(...o.secondaryFrom),
    })
    .map((r) => ({
      id,
      primary: r.primary,
      secondary: r.secondary.filter((s) => !r.primary.includes(s)),
      status: r.status,
      idleSince: r.status === 'idle' ? o.now - r.idleAgo : null,
      busySince: r.status === 'busy' ? o.now - r.busyAgo : null,
      currentServiceId: r.status === 'busy' ? r.current : null,
    }));
}

/** 1 to `max` counters named Q1, Q2, … */
export function countersArb(max: number, o: CounterArbOptions): fc.Arbitrary<CounterView[]> {
  return fc.integer({ min: 1, max }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => counterArb(`Q${i + 1}`, o))));
}

export interface TicketArbOptions {
  now: number;
  services: readonly string[];
  /** Queued at most this many minutes before `now`. */
  maxAgoMin: number;
  /** An appointment's slot is within this many minutes of its arrival. */
  slotSpreadMin: number;
  /** Priority groups drawn from (null: none; repeat to weight). */
  priorities: readonly (PriorityGroup | null)[];
  /** Target counters drawn from (null: any counter; repeat to weight). */
  targets: readonly (string | null)[];
}

export function ticketArb(i: number, o: TicketArbOptions): fc.Arbitrary<QueuedTicket> {
  return fc
    .record({
      service: fc.constantFrom(...o.services),
      ago: fc.integer({ min: 0, max: o.maxAgoMin * MIN }),
      appointment: fc.boolean(),
      slotOffset: fc.integer({ min: -o.slotSpreadMin * MIN, max: o.slotSpreadMin * MIN }),
      priority: fc.constantFrom(...o.priorities),
      target: fc.constantFrom(...o.targets),
    })
    .map((r) => ({
      id: `t${i}`,
      serviceId: r.service,
      channel: r.appointment ? 'appointment' : 'kiosk',
      priorityGroup: r.priority,
      queuedAt: o.now - r.ago,
      slotAt: r.appointment ? o.now - r.ago + r.slotOffset : null,
      targetCounterId: r.target,
    }));
}

/** A queue of `min` to `max` tickets t0, t1, … */
export function queueArb(min: number, max: number, o: TicketArbOptions): fc.Arbitrary<QueuedTicket[]> {
  return fc.integer({ min, max }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => ticketArb(i, o))));
}
