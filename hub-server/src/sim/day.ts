/**
 * The seeded day generator, following the "Semantics of a day" of `hub-server/bench/scenarios/README.md`.
 * A day is a set of visitors in arrival order, in typed arrays; every draw (arrival, service,
 * service time at full speed, walk-away, priority) is made here once, so every policy run on the
 * day sees exactly the same visitors and the same service times.
 */
import type { SimDay } from '../dispatch/engine';
import { createRandom, lognormal, pickWeighted, poisson } from '../dispatch/rng';
import type { Random } from '../dispatch/rng';
import type { Scenario } from './scenario';

export const MS_PER_MIN = 60_000;

/** Arrival rates the generator uses: walk-ins per hour of the day, and appointment bookings. */
export interface DemandProfile {
  walkInsPerHour: readonly number[];
  bookings: number;
}

export function demandOf(s: Scenario): DemandProfile {
  const walkIns = s.visitorsPerDay * (1 - s.appointments.share);
  return {
    walkInsPerHour: s.day.hourlyShare.map((h) => walkIns * h),
    bookings: (s.visitorsPerDay * s.appointments.share) / (1 - s.appointments.noShowShare),
  };
}

/** Streams of the day's random source, so adding a draw of one kind does not shift another. */
const STREAM_ARRIVALS = 1;
const STREAM_SERVICE = 2;
const STREAM_APPOINTMENTS = 3;

interface Raw {
  arrival: number;
  slot: number;
  service: number;
  baseMs: number;
  walkAway: number;
  priority: number;
}

/**
 * Generates day `dayIndex` of the run seeded `seed`. `fromMin` (default 0) drops visitors arriving
 * before it (used by the staffing advice, which simulates the rest of a day).
 */
export function generateDay(s: Scenario, seed: number, dayIndex: number, demand: DemandProfile = demandOf(s), fromMin = 0): SimDay {
  const rArr = createRandom(seed, dayIndex, STREAM_ARRIVALS);
  const rSvc = createRandom(seed, dayIndex, STREAM_SERVICE);
  const rApp = createRandom(seed, dayIndex, STREAM_APPOINTMENTS);
  const cum = new Float64Array(s.services.length);
  let acc = 0;
  s.services.forEach((svc, i) => {
    acc += svc.share;
    cum[i] = acc;
  });
  const raw: Raw[] = [];
  const drawVisitor = (r: Random, arrival: number, slot: number, walkIn: boolean, keep: boolean): void => {
    const service = pickWeighted(r, cum);
    const svc = s.services[service];
    const baseMs = svc ? lognormal(rSvc, svc.meanMin, svc.cv) * MS_PER_MIN : MS_PER_MIN;
    const walkAway = walkIn && r.next() < s.walkAway.share ? 1 : 0;
    const priority = walkIn && r.next() < s.priority.share ? 1 : 0;
    if (keep && arrival >= fromMin * MS_PER_MIN) raw.push({ arrival, slot, service, baseMs, walkAway, priority });
  };
  const lastTicketMs = s.day.lastTicketMin * MS_PER_MIN;
  demand.walkInsPerHour.forEach((rate, h) => {
    const k = poisson(rArr, rate);
    for (let j = 0; j < k; j++) {
      const t = (h + rArr.next()) * 60 * MS_PER_MIN;
      // Visitors after the last ticket are drawn and dropped, so later draws do not depend on the cut-off.
      drawVisitor(rArr, t, NaN, true, t <= lastTicketMs);
    }
  });
  const a = s.appointments;
  const nSlots = Math.floor(a.lastSlotMin / a.slotMin) + 1;
  const bookings = poisson(rApp, demand.bookings);
  for (let j = 0; j < bookings; j++) {
    const noShow = rApp.next() < a.noShowShare;
    const slotMin = Math.min(nSlots - 1, Math.floor(rApp.next() * nSlots)) * a.slotMin;
    const arriveMin = Math.max(0, slotMin - a.arriveEarlyMin + rApp.next() * (a.arriveEarlyMin + a.arriveLateMin));
    drawVisitor(rApp, arriveMin * MS_PER_MIN, slotMin * MS_PER_MIN, false, !noShow);
  }
  raw.sort((x, y) => x.arrival - y.arrival);
  const n = raw.length;
  const day: SimDay = {
    n,
    arrival: new Float64Array(n),
    slot: new Float64Array(n),
    service: new Int32Array(n),
    baseMs: new Float64Array(n),
    walkAway: new Uint8Array(n),
    priority: new Uint8Array(n),
  };
  raw.forEach((v, i) => {
    day.arrival[i] = v.arrival;
    day.slot[i] = v.slot;
    day.service[i] = v.service;
    day.baseMs[i] = v.baseMs;
    day.walkAway[i] = v.walkAway;
    day.priority[i] = v.priority;
  });
  return day;
}
