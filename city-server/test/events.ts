/**
 * Synthetic hub event streams for tests and the benchmark: tickets issued, called, served or
 * missed, rated, with counters opening. Built with the shared `hubEvent` builder the hub writes
 * through, so they have exactly the hub's shape (a change to the contract breaks them at compile
 * time). Deterministic for a seed.
 */
import { businessDay, hubEvent, localMidnight, syncEvent, type HubEvent, type SyncCatalog, type SyncEvent, type TicketState, type TicketTransitionPayload } from '@motcua/shared';

/** A `ticket.issued` as the hub writes it at a kiosk (no procedure, priority or booking). */
export function issuedEvent(ticketId: string, o: { number?: string; serviceId: string; queuedAt: number; predictedWaitMin?: number | null; peopleAhead?: number | null }): HubEvent {
  return hubEvent('ticket.issued', ticketId, {
    number: o.number ?? '1001',
    serviceId: o.serviceId,
    procedureId: null,
    channel: 'kiosk',
    priorityGroup: null,
    queuedAt: o.queuedAt,
    slotAt: null,
    predictedWaitMin: o.predictedWaitMin ?? null,
    peopleAhead: o.peopleAhead ?? 0,
  });
}

/** The common part of a transition's payload, as `QueueService.apply` writes it. */
export function moved(from: TicketState, to: TicketState, o: { number?: string; serviceId: string; counterId?: string | null }): TicketTransitionPayload {
  return { number: o.number ?? '1001', from, to, counterId: o.counterId === undefined ? 'c1' : o.counterId, serviceId: o.serviceId };
}

/** A `counter.opened` (or another counter status) as the hub writes it. */
export function counterEvent(type: 'counter.opened' | 'counter.paused' | 'counter.resumed' | 'counter.closed', counterId: string): HubEvent {
  return hubEvent(type, null, { counterId, reason: null });
}

/** Numbers events in order from `afterSeq + 1`, all on `day`, by `actor`. */
export function numbered(afterSeq: number, day: string, events: readonly { at: number; event: HubEvent; actor?: string }[]): SyncEvent[] {
  return events.map((e, k) => syncEvent({ seq: afterSeq + k + 1, at: e.at, day, actor: e.actor ?? 'system' }, e.event));
}

export const TEST_CATALOG: SyncCatalog = {
  fields: [
    { id: 'f-chung-thuc', code: 'CT', name: { vi: 'Chứng thực', en: 'Certification' } },
    { id: 'f-ho-tich', code: 'HT', name: { vi: 'Hộ tịch', en: 'Civil status' } },
    { id: 'f-dat-dai', code: 'DD', name: { vi: 'Đất đai', en: 'Land' } },
  ],
  services: [
    { id: 's-chung-thuc', fieldId: 'f-chung-thuc', name: { vi: 'Chứng thực', en: 'Certification' } },
    { id: 's-ho-tich', fieldId: 'f-ho-tich', name: { vi: 'Hộ tịch', en: 'Civil status' } },
    { id: 's-dat-dai', fieldId: 'f-dat-dai', name: { vi: 'Đất đai', en: 'Land' } },
  ],
};

/** mulberry32: a small seeded PRNG. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Expected {
  issued: number;
  served: number;
  noShow: number;
  ratings: number;
  ratingSum: number;
  waits: number;
  waitsOver20: number;
}

export interface GeneratedDay {
  events: SyncEvent[];
  expected: Expected;
}

const MIN = 60_000;

/**
 * One business day of a ward starting at `openAt` (epoch ms): `tickets` tickets over eight
 * hours; some are still waiting at `cutoff` (no call yet) when given. Seqs continue from `seq`.
 */
export function wardDay(o: { seq: number; openAt: number; tickets: number; random: () => number; cutoff?: number; idPrefix: string; timeZone?: string }): GeneratedDay {
  const r = o.random;
  const day = businessDay(o.openAt, o.timeZone);
  const out: { at: number; event: HubEvent }[] = [];
  const expected: Expected = { issued: 0, served: 0, noShow: 0, ratings: 0, ratingSum: 0, waits: 0, waitsOver20: 0 };
  const services = TEST_CATALOG.services;
  for (let c = 1; c <= 4; c++) out.push({ at: o.openAt + c, event: counterEvent('counter.opened', `c${c}`) });
  for (let i = 0; i < o.tickets; i++) {
    const id = `${o.idPrefix}-${day}-${i}`;
    const service = services[Math.floor(r() * services.length)] ?? services[0]!;
    const queuedAt = o.openAt + 5 * MIN + Math.floor((i / o.tickets) * 8 * 60 * MIN);
    const predicted = Math.round(r() * 300) / 10;
    const number = String(1000 + i);
    out.push({ at: queuedAt, event: issuedEvent(id, { number, serviceId: service.id, queuedAt, predictedWaitMin: predicted, peopleAhead: Math.floor(r() * 10) }) });
    expected.issued++;
    const wait = Math.floor(r() * 40 * MIN);
    const calledAt = queuedAt + wait;
    if (o.cutoff !== undefined && calledAt > o.cutoff) continue; // still waiting
    const at = { number, serviceId: service.id };
    out.push({ at: calledAt, event: hubEvent('ticket.called', id, { ...moved('waiting', 'called', at), reason: 'oldest' }) });
    expected.waits++;
    if (wait > 20 * MIN) expected.waitsOver20++;
    if (r() < 0.08) {
      out.push({ at: calledAt + MIN, event: hubEvent('ticket.recalled', id, moved('called', 'called', at)) });
      out.push({ at: calledAt + 3 * MIN, event: hubEvent('ticket.no_show', id, moved('called', 'no_show', at)) });
      expected.noShow++;
      continue;
    }
    const finishedAt = calledAt + Math.floor((3 + r() * 12) * MIN);
    out.push({ at: finishedAt, event: hubEvent('ticket.finished', id, moved('called', 'done', at)) });
    expected.served++;
    if (r() < 0.5) {
      const score = 1 + Math.floor(r() * 4);
      out.push({ at: finishedAt + 20_000, event: hubEvent('ticket.rated', id, { ...moved('done', 'done', at), score, reason: null }) });
      expected.ratings++;
      expected.ratingSum += score;
    }
  }
  // The events table is in commit order, which is time order.
  out.sort((a, b) => a.at - b.at);
  const events = numbered(o.seq, day, out);
  return { events, expected };
}

export function addExpected(a: Expected, b: Expected): Expected {
  return { issued: a.issued + b.issued, served: a.served + b.served, noShow: a.noShow + b.noShow, ratings: a.ratings + b.ratings, ratingSum: a.ratingSum + b.ratingSum, waits: a.waits + b.waits, waitsOver20: a.waitsOver20 + b.waitsOver20 };
}

export const EMPTY_EXPECTED: Expected = { issued: 0, served: 0, noShow: 0, ratings: 0, ratingSum: 0, waits: 0, waitsOver20: 0 };

/** TEST_CATALOG with the hub's booking setup: open 07:30–17:00 every day, 2/2/1 counters per service (what the team recommender reads). */
export const TEAM_CATALOG: SyncCatalog = {
  ...TEST_CATALOG,
  booking: {
    openingHours: Array.from({ length: 7 }, () => ({ open: '07:30', close: '17:00', lunch: null })),
    share: 0,
    horizonDays: 7,
    slotMinutes: 15,
    services: { 's-chung-thuc': { counters: 2, expectedServiceMin: 10 }, 's-ho-tich': { counters: 2, expectedServiceMin: 12 }, 's-dat-dai': { counters: 1, expectedServiceMin: 20 } },
  },
};

/**
 * The same weekday `weeksAgo` weeks before `now`: `perHour` citizens of `serviceId` an hour from
 * 07:30 to 16:30 (Vietnam), each called after 5 minutes and served in `serviceMin`.
 */
export function sameWeekdayHistory(o: { prefix: string; now: number; weeksAgo: number; perHour: number; serviceId: string; serviceMin: number }): { day: string; events: { at: number; event: HubEvent }[] } {
  const at0 = o.now - o.weeksAgo * 7 * 86_400_000;
  const open = localMidnight(at0) + (7 * 60 + 30) * MIN;
  const events: { at: number; event: HubEvent }[] = [];
  for (let h = 0; h < 9; h++) {
    for (let i = 0; i < o.perHour; i++) {
      const q = open + h * 60 * MIN + Math.floor((i * 60 * MIN) / o.perHour);
      const id = `${o.prefix}-h${o.weeksAgo}-${h}-${i}`;
      const serviceId = o.serviceId;
      events.push({ at: q, event: issuedEvent(id, { serviceId, queuedAt: q }) });
      events.push({ at: q + 5 * MIN, event: hubEvent('ticket.called', id, { ...moved('waiting', 'called', { serviceId }), reason: 'oldest' }) });
      events.push({ at: q + (5 + o.serviceMin) * MIN, event: hubEvent('ticket.finished', id, moved('called', 'done', { serviceId })) });
    }
  }
  return { day: businessDay(at0), events };
}

/** Today (of `now`): `counters` counters open since 07:30, and one citizen of `serviceId` waiting since each of `agos` minutes. */
export function queueToday(o: { prefix: string; now: number; counters: number; agos: readonly number[]; serviceId: string }): { day: string; events: { at: number; event: HubEvent }[] } {
  const open = localMidnight(o.now) + (7 * 60 + 30) * MIN;
  const events: { at: number; event: HubEvent }[] = Array.from({ length: o.counters }, (_, c) => ({ at: open + c, event: counterEvent('counter.opened', `c${c + 1}`) }));
  o.agos.forEach((ago, i) => events.push({ at: o.now - ago * MIN, event: issuedEvent(`${o.prefix}-w${i}`, { serviceId: o.serviceId, queuedAt: o.now - ago * MIN }) }));
  return { day: businessDay(o.now), events };
}
