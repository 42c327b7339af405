/**
 * The staffing advice's reserve budget (issue 16 item 3): how many reserve clerk-hours today's advice
 * has already used. An advised reserve counter ("open counter 2 with a reserve clerk until 10:30")
 * uses the budget for the time it was open (or paused: the clerk is there) within a window it was
 * advised for. Opening hours a counter kept outside those windows are the centre's own staffing, not
 * the advice's. Pure: the windows and the counters' status changes in, hours out.
 */

/** A window the advice asked for a reserve counter to be open in. */
export interface ReserveWindow {
  counterId: string;
  from: number;
  until: number;
}

/** A counter's status change of the day (the `counter.*` events), in order. */
export interface CounterStatusChange {
  at: number;
  counterId: string;
  kind: 'opened' | 'paused' | 'resumed' | 'closed';
}

const HOUR = 3_600_000;

/** Sorted, merged copies of the intervals (touching ones join). */
function merged(intervals: readonly [number, number][]): [number, number][] {
  const out: [number, number][] = [];
  for (const [a, b] of [...intervals].filter(([x, y]) => y > x).sort((p, q) => p[0] - q[0])) {
    const last = out[out.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

/** Reserve clerk-hours used by `now`: per counter, its open time (until closed, or `now`) within the union of its advised windows. */
export function reserveHoursUsed(windows: readonly ReserveWindow[], changes: readonly CounterStatusChange[], now: number): number {
  let ms = 0;
  for (const counterId of new Set(windows.map((w) => w.counterId))) {
    const advised = merged(windows.filter((w) => w.counterId === counterId).map((w) => [w.from, Math.min(w.until, now)]));
    const open: [number, number][] = [];
    let since: number | null = null;
    for (const c of changes) {
      if (c.counterId !== counterId) continue;
      if (c.kind === 'closed') {
        if (since !== null) open.push([since, c.at]);
        since = null;
      } else if (since === null) since = c.at;
    }
    if (since !== null) open.push([since, now]);
    const opened = merged(open);
    for (const [a, b] of advised) for (const [x, y] of opened) ms += Math.max(0, Math.min(b, y) - Math.max(a, x));
  }
  return ms / HOUR;
}
