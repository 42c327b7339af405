/**
 * Wait prediction: the place and wait of every waiting ticket, and of a new one at issue (the queue
 * with the ticket added), which the kiosk prints as "N people ahead, 15–25 minutes".
 *
 * The queue is list-scheduled on the open counters in the policy's order: each counter starts when
 * its current service ends (drawn from the lognormal remaining time of a service that has already
 * run this long) or its pause ends, takes its planned breaks, and each ticket goes to the eligible
 * counter free first, for a drawn service time. The order is the policy's: priority first, then
 * earliest deadline; under motcua a late ticket counts from the moment it reaches the tail limit,
 * and one that would start late is deferred. The figures are the median and `RANGE_QUANTILES` over a
 * few such futures, drawn Latin-hypercube style from a generator seeded by the queue's length and
 * the time, so the same question gets the same answer and a nearby one a nearby answer. Future
 * arrivals are not known and not simulated. The simulator (`engine.ts`) asks it at each issue, as
 * the hub does.
 */
import { CounterForecast, ForecastTable, ServiceSampler, hashString } from './forecast';
import { MS_PER_MIN, deadline, tieBreak, waitStart } from './skills';
import { backlogPerCounterMin, motcuaTuning, tailLimitMs } from './tuning';
import type { CounterView, DispatchConfig, QueuedTicket, ServiceStats } from './types';

export interface WaitPrediction {
  /**
   * Tickets expected to be called before this one to a counter that could also serve it (priority,
   * appointments and skills included); tickets of other lines called elsewhere are not counted.
   */
  peopleAhead: number;
  /** Median wait in minutes (0 when a counter takes the visitor at once). */
  minutes: number;
  /** The `RANGE_QUANTILES` of the sampled futures (20th and 90th; the median ± 20 % when only expected times are used). */
  lowMin: number;
  highMin: number;
  /**
   * Deep in overload the wait is the policy's tail limit, not a forecast: the ticket would start after
   * its deadline, and the figure says only that it waits longer than the target.
   */
  capped: boolean;
  /**
   * False when no open or paused counter may serve the ticket's service: `minutes` is then 0 and
   * meaningless, and the kiosk should say that nobody serves it right now.
   */
  servable: boolean;
}

/**
 * Sampled futures behind each prediction, at most and at least (odd, so the median is one of them):
 * as many as `SAMPLING_WORK` allows, so a short queue, where one service time more or less matters
 * most, gets the most.
 */
export const PREDICTION_SAMPLES = { max: 63, min: 15 } as const;
/** Minutes of work waiting per counter above which a ticket predicted to be late is predicted to wait until the tail limit. */
const DEEP_OVERLOAD_BACKLOG_MIN = 60;
/** Above this many (tickets × counters × counters) the prediction uses expected times only. */
const SAMPLING_BUDGET = 200;
/** Samples × tickets × counters spent on one prediction, at most (beyond the minimum of samples). */
const SAMPLING_WORK = 600;
/** With expected times only, the range given around the median (a long queue's sum of service times varies less, relatively). */
const EXPECTED_SPREAD = 0.2;
/**
 * The quantiles of the sampled futures the printed range spans. The high end is the 90th, not the
 * 80th: the futures hold no later arrivals, and a later arrival (a priority citizen, a booking that
 * checks in, a walk-in with an earlier deadline than a held-back late ticket, a backlog that raises
 * the tail limit) can only delay a waiting ticket, never speed it up, so the forecast's misses are on
 * the high side. Measured with the simulator over 400 days (sim/README.md, "Prediction"): with 20–80,
 * 4.5 % of S-140's and 5.0 % of M-280's queued tickets waited more than 10 minutes outside their
 * printed range (M-280 one standard error from the 5 % target); with 20–90, 3.6 % and 4.3 %, for
 * ranges 2–2.6 minutes wider (13.4 and 12.4 minutes on average).
 */
export const RANGE_QUANTILES = { low: 0.2, high: 0.9 } as const;

/** How many futures to sample for a prediction with `size` = tickets (ahead, or in the queue) × counters (0: expected times only). */
export function predictionSamples(size: number): number {
  if (size > SAMPLING_BUDGET) return 0;
  const n = Math.min(PREDICTION_SAMPLES.max, Math.max(PREDICTION_SAMPLES.min, Math.floor(SAMPLING_WORK / Math.max(1, size))));
  return n % 2 === 1 ? n : n - 1;
}

// ------------------------------------------------------------------ the whole queue at once

export interface PredictQueueInput {
  now: number;
  /** Every waiting ticket (and a new one being issued, or a kiosk's probe). */
  queue: readonly QueuedTicket[];
  counters: readonly CounterView[];
  stats: ServiceStats;
  config: DispatchConfig;
  /**
   * Tickets not (yet) in the queue, each predicted as if it alone joined it now (a kiosk's probe per
   * service): placed in the policy's order like the others, but taking no counter time, so one run
   * answers for all of them. Each gets the figures it would get added to the queue as a real ticket
   * (the same futures are sampled), but for the small share of the tail limit its own service time
   * would add under motcua.
   */
  phantoms?: readonly QueuedTicket[];
}

/** What one ticket of the queue is told: people called before it to its counters, and its wait still to come (minutes from now). */
export type TicketForecast = Pick<WaitPrediction, 'peopleAhead' | 'minutes' | 'lowMin' | 'highMin' | 'capped' | 'servable'>;

/**
 * The place and wait of every ticket in the queue, from one schedule of the whole queue (per sampled
 * future): the policy's order (priority first, then earliest deadline; under motcua a ticket that
 * would start late waits for its tail limit), list-scheduled on the counters (each counter free first takes the next ticket it may serve).
 * People ahead of a ticket are those booked before it on a counter that could serve it.
 *
 * Then, within one line (same service, same named counter, same priority class, walk-in or
 * appointment) taken in the order its tickets started waiting, no ticket is told fewer people ahead
 * or a shorter wait than one that came before it: the policy may call a late ticket after a later
 * one that can still be served in time, and then the later one is told the earlier one's figures
 * (it is called sooner than it was told, never later). A new ticket, added to the queue, gets its
 * figures the same way, so the kiosk, the print job and the status page agree.
 */
export function predictQueue(input: PredictQueueInput): Map<string, TicketForecast> {
  const { now, stats, config } = input;
  const phantoms = input.phantoms ?? [];
  const real = input.queue.length;
  const queue = phantoms.length ? [...input.queue, ...phantoms] : input.queue;
  const n = queue.length;
  const out = new Map<string, TicketForecast>();
  if (n === 0) return out;
  const motcua = config.policy === 'motcua';
  const tun = motcuaTuning(config);
  const backlog = backlogPerCounterMin(input.queue, input.counters, stats);
  const tailMs = motcua ? tailLimitMs(tun, backlog, config) : 0;
  const deadlines = new Float64Array(n);
  const keys = new Float64Array(n);
  const tails = new Float64Array(n);
  queue.forEach((t, i) => {
    const d = deadline(t, config);
    deadlines[i] = d;
    tails[i] = waitStart(t) + tailMs;
    keys[i] = motcua && d < now ? tails[i] : d;
  });
  const prio = Uint8Array.from(queue, (t) => (t.priorityGroup !== null ? 0 : 1));
  const before = (a: number, ka: number, b: number, kb: number): boolean => prio[a]! < prio[b]! || (prio[a] === prio[b] && (ka < kb || (ka === kb && tieBreak(queue[a]!, queue[b]!) < 0)));
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (before(a, keys[a]!, b, keys[b]!) ? -1 : before(b, keys[b]!, a, keys[a]!) ? 1 : 0));

  const table = new ForecastTable(input.counters, now, stats, config);
  const rows = queue.map((t) => table.row(t).ks);
  /** One future: each ticket's start (Infinity: nobody serves it) and, when asked, how many were booked before it on its counters. */
  const play = (sampler: ServiceSampler | null, starts: Float64Array, ahead: Int32Array | null): void => {
    const forecast = new CounterForecast(table, sampler);
    /** Per counter, the starts booked on it so far (increasing: a counter takes one citizen after another). */
    const bookedAt: number[][] = table.counters.map(() => []);
    const book = (i: number): void => {
      if (ahead !== null) {
        // Ahead: those called to this counter before, and those called to another counter that could serve this ticket no later than it (the same moment counts: called first).
        let c = 0;
        for (const k of rows[i]!) c += k === forecast.k ? bookedAt[k]!.length : countAtMost(bookedAt[k]!, forecast.at);
        ahead[i] = c;
      }
      starts[i] = forecast.at;
      if (i >= real) return; // a phantom takes no counter time
      bookedAt[forecast.k]!.push(forecast.at);
      forecast.book();
    };
    // Deferred tickets wait for their tail limit: kept in the policy's order by that moment.
    const deferred: { i: number; key: number }[] = [];
    let p = 0;
    while (p < n || deferred.length > 0) {
      const d = deferred[0];
      const o = p < n ? order[p]! : -1;
      if (d !== undefined && (o < 0 || before(d.i, d.key, o, keys[o]!))) {
        deferred.shift();
        if (forecast.earliest(queue[d.i]!)) book(d.i);
        else starts[d.i] = Infinity;
        continue;
      }
      p++;
      const t = queue[o]!;
      if (!forecast.earliest(t)) {
        starts[o] = Infinity;
        continue;
      }
      if (motcua && forecast.at > deadlines[o]! && tails[o]! > forecast.at && tails[o]! > keys[o]!) {
        const item = { i: o, key: tails[o]! };
        let j = deferred.length;
        while (j > 0 && before(o, item.key, deferred[j - 1]!.i, deferred[j - 1]!.key)) j--;
        deferred.splice(j, 0, item);
        continue;
      }
      book(o);
    }
  };

  const deepOverload = motcua && backlog > DEEP_OVERLOAD_BACKLOG_MIN;
  const adjust = (i: number, start: number): number => (deepOverload && start > deadlines[i]! ? Math.max(start, tails[i]!) : start);
  /** Minutes still to wait, from now (not since arrival: a ticket already waiting is told what is left). */
  const waitMin = (i: number, start: number): number => Math.max(0, adjust(i, start) - now) / MS_PER_MIN;
  const mean = new Float64Array(n);
  const ahead = new Int32Array(n);
  play(null, mean, ahead);
  // Sized and seeded as for the real queue plus one new ticket, so a probe and the ticket then issued see the same futures.
  const effective = real + (phantoms.length ? 1 : 0);
  const samples = predictionSamples(effective * table.counters.length);
  const figures: TicketForecast[] = queue.map((_, i) => {
    const start = mean[i]!;
    if (!Number.isFinite(start)) return { peopleAhead: ahead[i]!, minutes: 0, lowMin: 0, highMin: 0, capped: false, servable: false };
    const capped = adjust(i, start) > start;
    const m = waitMin(i, start);
    // A capped ticket's low end is the forecast's own (before the tail limit): "more than that" is what can be said.
    const low = (capped ? Math.max(0, start - now) / MS_PER_MIN : m) * (1 - EXPECTED_SPREAD);
    return { peopleAhead: ahead[i]!, minutes: m, lowMin: low, highMin: m * (1 + EXPECTED_SPREAD), capped, servable: true };
  });
  if (samples > 0) {
    const waits = Array.from({ length: n }, () => new Float64Array(samples));
    const raw = Array.from({ length: n }, () => new Float64Array(samples));
    const run = new Float64Array(n);
    const sampler = new ServiceSampler(hashString(`queue|${effective}`) ^ Math.floor(now), samples, true);
    for (let k = 0; k < samples; k++) {
      sampler.startRun(k);
      play(sampler, run, null);
      for (let i = 0; i < n; i++) {
        const s = Number.isFinite(run[i]!) ? run[i]! : mean[i]!;
        waits[i]![k] = waitMin(i, s);
        raw[i]![k] = Math.max(0, s - now) / MS_PER_MIN;
      }
    }
    figures.forEach((f, i) => {
      if (!f.servable) return;
      const at = (a: Float64Array, x: number): number => a[Math.min(samples - 1, Math.floor(x * samples))] ?? 0;
      const w = waits[i]!.sort();
      figures[i] = { ...f, minutes: at(w, 0.5), lowMin: f.capped ? at(raw[i]!.sort(), RANGE_QUANTILES.low) : at(w, RANGE_QUANTILES.low), highMin: at(w, RANGE_QUANTILES.high) };
    });
  }

  // Within one line, in the order its tickets started waiting, figures never go down.
  const lineOf = (t: QueuedTicket): string => `${t.serviceId}|${t.targetCounterId ?? ''}|${t.priorityGroup === null ? '' : 'p'}|${t.slotAt === null ? '' : 'a'}`;
  const lines = new Map<string, number[]>();
  queue.forEach((t, i) => {
    const key = lineOf(t);
    const l = lines.get(key);
    if (l) l.push(i);
    else lines.set(key, [i]);
  });
  for (const l of lines.values()) {
    l.sort((a, b) => waitStart(queue[a]!) - waitStart(queue[b]!) || tieBreak(queue[a]!, queue[b]!));
    let prev: TicketForecast | null = null;
    for (const i of l) {
      const f = figures[i]!;
      if (prev !== null && f.servable && prev.servable) {
        figures[i] = { peopleAhead: Math.max(f.peopleAhead, prev.peopleAhead), minutes: Math.max(f.minutes, prev.minutes), lowMin: Math.max(f.lowMin, prev.lowMin), highMin: Math.max(f.highMin, prev.highMin), capped: f.capped || prev.capped, servable: true };
      }
      // A phantom is told at least what came before it, and never raises anyone after it.
      if (i < real) prev = figures[i]!;
    }
  }
  queue.forEach((t, i) => out.set(t.id, figures[i]!));
  return out;
}

/** How many of the increasing `xs` are at most `x`. */
function countAtMost(xs: readonly number[], x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
