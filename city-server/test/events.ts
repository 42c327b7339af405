/**
 * Synthetic hub event streams for tests and the benchmark: tickets issued, called, served or
 * missed, rated, with counters opening; shaped like the hub's own events (see
 * hub-server/src/services/queue.ts). Deterministic for a seed.
 */
import { businessDay, type SyncCatalog, type SyncEvent } from '@motcua/shared';

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
  const out: { at: number; type: string; ticketId: string | null; payload: Record<string, unknown> }[] = [];
  const expected: Expected = { issued: 0, served: 0, noShow: 0, ratings: 0, ratingSum: 0, waits: 0, waitsOver20: 0 };
  const services = TEST_CATALOG.services;
  for (let c = 1; c <= 4; c++) out.push({ at: o.openAt + c, type: 'counter.opened', ticketId: null, payload: { counterId: `c${c}`, reason: null } });
  for (let i = 0; i < o.tickets; i++) {
    const id = `${o.idPrefix}-${day}-${i}`;
    const service = services[Math.floor(r() * services.length)] ?? services[0]!;
    const queuedAt = o.openAt + 5 * MIN + Math.floor((i / o.tickets) * 8 * 60 * MIN);
    const predicted = Math.round(r() * 300) / 10;
    const number = String(1000 + i);
    out.push({ at: queuedAt, type: 'ticket.issued', ticketId: id, payload: { number, serviceId: service.id, procedureId: null, channel: 'kiosk', priorityGroup: null, queuedAt, slotAt: null, predictedWaitMin: predicted, peopleAhead: Math.floor(r() * 10) } });
    expected.issued++;
    const wait = Math.floor(r() * 40 * MIN);
    const calledAt = queuedAt + wait;
    if (o.cutoff !== undefined && calledAt > o.cutoff) continue; // still waiting
    out.push({ at: calledAt, type: 'ticket.called', ticketId: id, payload: { number, from: 'waiting', to: 'called', counterId: 'c1', serviceId: service.id, reason: 'oldest' } });
    expected.waits++;
    if (wait > 20 * MIN) expected.waitsOver20++;
    if (r() < 0.08) {
      out.push({ at: calledAt + MIN, type: 'ticket.recalled', ticketId: id, payload: { number, from: 'called', to: 'called', counterId: 'c1', serviceId: service.id } });
      out.push({ at: calledAt + 3 * MIN, type: 'ticket.no_show', ticketId: id, payload: { number, from: 'called', to: 'no_show', counterId: 'c1', serviceId: service.id } });
      expected.noShow++;
      continue;
    }
    const finishedAt = calledAt + Math.floor((3 + r() * 12) * MIN);
    out.push({ at: finishedAt, type: 'ticket.finished', ticketId: id, payload: { number, from: 'called', to: 'done', counterId: 'c1', serviceId: service.id } });
    expected.served++;
    if (r() < 0.5) {
      const score = 1 + Math.floor(r() * 4);
      out.push({ at: finishedAt + 20_000, type: 'ticket.rated', ticketId: id, payload: { number, from: 'done', to: 'done', counterId: 'c1', serviceId: service.id, score, reason: null } });
      expected.ratings++;
      expected.ratingSum += score;
    }
  }
  // The events table is in commit order, which is time order.
  out.sort((a, b) => a.at - b.at);
  const events = out.map((e, k): SyncEvent => ({ seq: o.seq + k + 1, at: e.at, day, type: e.type, actor: 'system', ticketId: e.ticketId, payload: e.payload }));
  return { events, expected };
}

export function addExpected(a: Expected, b: Expected): Expected {
  return { issued: a.issued + b.issued, served: a.served + b.served, noShow: a.noShow + b.noShow, ratings: a.ratings + b.ratings, ratingSum: a.ratingSum + b.ratingSum, waits: a.waits + b.waits, waitsOver20: a.waitsOver20 + b.waitsOver20 };
}

export const EMPTY_EXPECTED: Expected = { issued: 0, served: 0, noShow: 0, ratings: 0, ratingSum: 0, waits: 0, waitsOver20: 0 };
