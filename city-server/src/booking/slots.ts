/**
 * Bookable slots that keep the 20-minute promise (issue 18 item 2). Pure: no clock, no database.
 *
 * The model, per ward, service and day. A slot of L minutes at a service served by c counters with
 * an expected service time of m minutes can serve `cap = c·L/m` citizens. Walk-ins are expected at
 * the ward's same-weekday rate for that hour (the city's history of the ward). A queue of at most
 * `c·T/m` citizens clears within the target T (20 minutes). Going through the day in order and
 * assuming every bookable place is taken, the slot's bookable places are
 *
 * the most places, at most `share·cap`, such that the modelled queue stays at or under
 * `maxBacklog` at every hour boundary inside the slot and at its end (walk-ins steady within an
 * hour, booked citizens spread over their slot, a queue never below zero). The end-of-slot limit
 * is lowered by a backward pass for slots followed by a walk-in rush, so places booked early never
 * crowd out the walk-ins expected later. Even with every place taken the modelled queue never
 * exceeds what clears in T minutes (when walk-ins alone exceed it, no places are offered). `share` is
 * the manager's share of capacity open to home booking.
 */
import { businessDay, HUB_TIME_ZONE, localMidnight, sessionsOf, weekdayIndex, type DayHours } from '@motcua/shared';

const MIN = 60_000;

export interface SlotPlanInput {
  /** The ward's business day, YYYY-MM-DD. */
  day: string;
  /** Monday first (CentreSettings.openingHours). */
  openingHours: readonly DayHours[];
  slotMinutes: number;
  counters: number;
  expectedServiceMin: number;
  /** 0–1. */
  share: number;
  /** Expected walk-in arrivals for this service per local hour of the day (24 entries). */
  walkInsByHour: readonly number[];
  /** Bookings already held per slot start (epoch ms). */
  booked: ReadonlyMap<number, number>;
  /** Slots that start at or before this instant are not offered. */
  now: number;
  targetWaitMin?: number;
  timeZone?: string;
}

export interface PlannedSlot {
  slotStart: number;
  /** Citizens the slot can serve. */
  capacity: number;
  expectedWalkIns: number;
  /** Places open to home booking in this slot (booked ones included). */
  bookable: number;
  booked: number;
  /** bookable − booked, at least 0. */
  free: number;
  /** Modelled queue (citizens) at the end of the slot with every bookable place taken. */
  backlogAfter: number;
}

/** Local midnight of a business day (zones east of UTC−12 and west of UTC+12). */
export function dayStart(day: string, timeZone: string = HUB_TIME_ZONE): number {
  return localMidnight(Date.parse(`${day}T12:00:00Z`), timeZone);
}

/** Walk-ins expected in [from, to) minutes after midnight, spreading each hour's rate evenly. */
export function walkInsBetween(byHour: readonly number[], fromMin: number, toMin: number): number {
  let sum = 0;
  for (let h = Math.floor(fromMin / 60); h * 60 < toMin && h < 24; h++) {
    const overlap = Math.min(toMin, (h + 1) * 60) - Math.max(fromMin, h * 60);
    if (overlap > 0) sum += ((byHour[h] ?? 0) * overlap) / 60;
  }
  return sum;
}

interface Piece {
  len: number;
  walkIns: number;
}

/** A slot cut at the hours (walk-ins arrive at a steady rate within each piece). */
function pieces(byHour: readonly number[], from: number, to: number): Piece[] {
  const out: Piece[] = [];
  for (let a = from; a < to; ) {
    const b = Math.min(to, (Math.floor(a / 60) + 1) * 60);
    out.push({ len: b - a, walkIns: walkInsBetween(byHour, a, b) });
    a = b;
  }
  return out;
}

/** The queue at the end of each piece: walk-ins and `booked` citizens spread over the slot, served at `rate`. */
function run(start: number, ps: readonly Piece[], booked: number, slotLen: number, rate: number): number[] {
  let q = start;
  return ps.map((p) => (q = Math.max(0, q + p.walkIns + (booked * p.len) / slotLen - rate * p.len)));
}

function fits(ends: readonly number[], maxBacklog: number, last: number, eps: number): boolean {
  return ends.every((q) => q <= maxBacklog + eps) && (ends.at(-1) ?? 0) <= last + eps;
}

/** Every slot of the day with its places; empty when the ward is closed or nobody serves the service. */
export function planSlots(i: SlotPlanInput): PlannedSlot[] {
  const tz = i.timeZone ?? HUB_TIME_ZONE;
  const target = i.targetWaitMin ?? 20;
  const hours = i.openingHours[weekdayIndex(i.day)] ?? null;
  if (!hours || i.counters <= 0 || i.expectedServiceMin <= 0) return [];
  const midnight = dayStart(i.day, tz);
  const L = i.slotMinutes;
  const cap = (i.counters * L) / i.expectedServiceMin;
  const maxBacklog = (i.counters * target) / i.expectedServiceMin;
  const out: PlannedSlot[] = [];
  const rate = i.counters / i.expectedServiceMin; // citizens served per minute
  const eps = 1e-9;
  for (const s of sessionsOf(hours)) {
    // The queue does not carry over lunch: the centre serves those waiting before it closes.
    const starts: number[] = [];
    for (let t = s.open; t + L <= s.close; t += L) starts.push(t);
    const parts = starts.map((t) => pieces(i.walkInsByHour, t, t + L));
    // Backward: the most backlog each slot may end with so that the walk-ins still to come keep
    // the queue within the target (a place booked now must not crowd out a later walk-in).
    const allowedEnd = new Array<number>(starts.length).fill(maxBacklog);
    for (let k = starts.length - 2; k >= 0; k--) {
      let a = allowedEnd[k + 1] ?? maxBacklog;
      for (const p of [...(parts[k + 1] ?? [])].reverse()) a = Math.min(maxBacklog, a + rate * p.len - p.walkIns);
      allowedEnd[k] = a;
    }
    let backlog = 0;
    starts.forEach((t, k) => {
      const ps = parts[k] ?? [];
      const limit = allowedEnd[k] ?? maxBacklog;
      // The most places (≤ share × capacity) that keep every moment of the slot within the target.
      let bookable = Math.max(0, Math.floor(i.share * cap + eps));
      for (; bookable > 0; bookable--) if (fits(run(backlog, ps, bookable, L, rate), maxBacklog, limit, eps)) break;
      const after = run(backlog, ps, bookable, L, rate);
      backlog = after.at(-1) ?? backlog;
      const w = ps.reduce((x, p) => x + p.walkIns, 0);
      const slotStart = midnight + t * MIN;
      const booked = i.booked.get(slotStart) ?? 0;
      if (slotStart <= i.now) return;
      out.push({ slotStart, capacity: cap, expectedWalkIns: w, bookable, booked, free: Math.max(0, bookable - booked), backlogAfter: backlog });
    });
  }
  return out;
}

/** The business days a citizen may book at `now`: today and the next horizonDays − 1. */
export function bookableDays(now: number, horizonDays: number, timeZone: string = HUB_TIME_ZONE): { first: string; last: string } {
  const first = businessDay(now, timeZone);
  const d = new Date(Date.parse(`${first}T00:00:00Z`) + (horizonDays - 1) * 86_400_000);
  return { first, last: d.toISOString().slice(0, 10) };
}
