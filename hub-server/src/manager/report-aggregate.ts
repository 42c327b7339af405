/**
 * Report figures from ticket rows, pure: per ward, field, counter, clerk and day — received,
 * served, no-shows, cancelled, wait mean / p90 / max and share over the threshold, service time
 * mean / p90, ratings. Definitions are those of shared/src/report-format.ts (the city's too).
 */
import { percentileCont, type LocalizedText, type ReportGroup } from '@motcua/shared';
import type { ReportTicketRow } from '../db/manager-repo';

const MIN = 60_000;
const round1 = (x: number): number => Math.round(x * 10) / 10;
const round2 = (x: number): number => Math.round(x * 100) / 100;

/**
 * Wait of a called ticket in ms: queue time to first call. A walk-in (served at the counter
 * without a ticket) never queued: it has no wait, rather than a wait of 0 that would flatter the figures.
 */
export function waitMs(t: ReportTicketRow): number | null {
  if (t.channel === 'walk_in') return null;
  return t.firstCalledAt === null ? null : Math.max(0, t.firstCalledAt - t.queuedAt);
}

export function serviceMs(t: ReportTicketRow): number | null {
  return t.state === 'done' && t.startedAt !== null && t.finishedAt !== null ? Math.max(0, t.finishedAt - t.startedAt) : null;
}

/**
 * A citizen never called who has already waited past the threshold: still waiting at `now`, or
 * who left (cancelled, or closed at the day's end) after waiting that long. They count in "chờ quá
 * N phút" — leaving them out would make a day when nobody was called look perfect — but not in the
 * mean or P90, whose final values are not known. Null when not (yet) over.
 */
export function uncalledOverMs(t: ReportTicketRow, now: number, thresholdMs: number): number | null {
  if (t.firstCalledAt !== null || t.channel === 'walk_in') return null;
  const until = t.state === 'waiting' ? now : t.state === 'cancelled' ? t.finishedAt : null;
  if (until === null) return null;
  const waited = until - t.queuedAt;
  return waited > thresholdMs ? waited : null;
}

export function aggregate(key: string, code: string, name: LocalizedText, tickets: readonly ReportTicketRow[], lateThresholdMin: number, ratingScale: number, now: number): ReportGroup {
  const waits: number[] = [];
  let uncalledOver = 0;
  const services: number[] = [];
  const ratingCounts = Array.from({ length: ratingScale }, () => 0);
  let served = 0;
  let noShows = 0;
  let cancelled = 0;
  let ratings = 0;
  let ratingSum = 0;
  let walkIns = 0;
  for (const t of tickets) {
    if (t.channel === 'walk_in') walkIns++;
    if (t.state === 'done') served++;
    else if (t.state === 'no_show') noShows++;
    else if (t.state === 'cancelled') cancelled++;
    const w = waitMs(t);
    if (w !== null) waits.push(w);
    else if (uncalledOverMs(t, now, lateThresholdMin * MIN) !== null) uncalledOver++;
    const s = serviceMs(t);
    if (s !== null) services.push(s);
    if (t.rating !== null) {
      ratings++;
      ratingSum += t.rating;
      if (t.rating >= 1 && t.rating <= ratingScale) ratingCounts[t.rating - 1] = (ratingCounts[t.rating - 1] ?? 0) + 1;
    }
  }
  const mean = (xs: number[]): number | null => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
  const inMin = (x: number | null): number | null => (x === null ? null : round1(x / MIN));
  return {
    key,
    code,
    name,
    received: tickets.length,
    walkIns,
    served,
    noShows,
    cancelled,
    avgWaitMin: inMin(mean(waits)),
    p90WaitMin: inMin(percentileCont(waits, 0.9)),
    maxWaitMin: waits.length ? inMin(Math.max(...waits)) : null,
    lateShare: waits.length + uncalledOver ? (waits.filter((w) => w > lateThresholdMin * MIN).length + uncalledOver) / (waits.length + uncalledOver) : null,
    avgServiceMin: inMin(mean(services)),
    p90ServiceMin: inMin(percentileCont(services, 0.9)),
    ratings,
    avgRating: ratings ? round2(ratingSum / ratings) : null,
    ratingCounts,
  };
}

/** Groups tickets by a key (tickets whose key is null are left out) and aggregates each group. */
export function groupBy(
  tickets: readonly ReportTicketRow[],
  keyOf: (t: ReportTicketRow) => string | null,
  describe: (key: string) => { code: string; name: LocalizedText; order: number },
  lateThresholdMin: number,
  ratingScale: number,
  now: number,
): ReportGroup[] {
  const groups = new Map<string, ReportTicketRow[]>();
  for (const t of tickets) {
    const k = keyOf(t);
    if (k === null) continue;
    let g = groups.get(k);
    if (!g) groups.set(k, (g = []));
    g.push(t);
  }
  return [...groups.entries()]
    .map(([k, ts]) => ({ d: describe(k), g: ts, k }))
    .sort((a, b) => a.d.order - b.d.order || a.d.code.localeCompare(b.d.code))
    .map(({ d, g, k }) => aggregate(k, d.code, d.name, g, lateThresholdMin, ratingScale, now));
}

/** Monday–Sunday of the week a day falls in: the shared ISO week, the city's too. */
export { weekOf } from '@motcua/shared';

export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}
