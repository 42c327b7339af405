/**
 * Wait prediction at issue time: the kiosk prints "about N people ahead, about M minutes".
 *
 * The tickets the policy would call before the new one are list-scheduled on the open counters:
 * each counter starts when its current service ends (drawn from the lognormal remaining time of a
 * service that has already run this long) or its pause ends, takes its planned breaks, and each
 * ticket goes to the eligible counter free first, for a drawn service time. "Before the new one" is
 * the policy's order: earliest deadline first; under motcua a late ticket counts from the moment it
 * reaches the tail limit, and one that would start late is deferred; a priority ticket goes before a
 * non-priority one. The prediction is the median over a few such futures (the figure with the
 * smallest typical error: waits are skewed), drawn Latin-hypercube style from a generator seeded by
 * the question (service, priority, slot, queue length, time), so the same question gets the same
 * answer and a nearby one a nearby answer. Future arrivals are not known and not simulated.
 */
import { CounterForecast, ForecastTable, ServiceSampler, hashString } from './forecast';
import { chooseCounterForArrival } from './policy';
import { MS_PER_MIN, deadline, tieBreak, waitStart } from './skills';
import { backlogPerCounterMin, motcuaTuning, tailLimitMs } from './tuning';
import type { CounterView, DispatchConfig, QueuedTicket, ServiceStats } from './types';

export interface PredictWaitInput {
  now: number;
  ticket: QueuedTicket;
  /** The queue without the new ticket. */
  queue: readonly QueuedTicket[];
  counters: readonly CounterView[];
  stats: ServiceStats;
  config: DispatchConfig;
}

export interface WaitPrediction {
  /** Tickets expected to be called before this one. */
  peopleAhead: number;
  /** Expected wait in minutes (0 when a counter takes the visitor at once). */
  minutes: number;
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
/** Above this many (tickets ahead × counters) the prediction uses expected times only. */
const SAMPLING_BUDGET = 200;
/** Samples × tickets ahead × counters spent on one prediction, at most (beyond the minimum of samples). */
const SAMPLING_WORK = 600;

/** How many futures to sample for a prediction with `size` = tickets ahead × counters (0: expected times only). */
export function predictionSamples(size: number): number {
  if (size > SAMPLING_BUDGET) return 0;
  const n = Math.min(PREDICTION_SAMPLES.max, Math.max(PREDICTION_SAMPLES.min, Math.floor(SAMPLING_WORK / Math.max(1, size))));
  return n % 2 === 1 ? n : n - 1;
}

/** Predicts the wait of `ticket` if it joins `queue` now. Pure and deterministic; never throws. */
export function predictWait(input: PredictWaitInput): WaitPrediction {
  const { now, ticket, queue, stats, config } = input;
  if (chooseCounterForArrival({ now, ticket, counters: input.counters, stats, config }) !== null) {
    return { peopleAhead: 0, minutes: 0, servable: true };
  }
  const motcua = config.policy === 'motcua';
  const tun = motcuaTuning(config);
  const backlog = backlogPerCounterMin(queue, input.counters, stats);
  const tailMs = motcua ? tailLimitMs(tun, backlog, config) : 0;
  /** The moment a ticket comes up in the policy's order (its deadline, or for a late ticket under motcua, its tail limit). */
  const rank = (t: QueuedTicket): number => {
    const d = deadline(t, config);
    return motcua && d < now ? waitStart(t) + tailMs : d;
  };
  const newPriority = ticket.priorityGroup !== null;
  const newRank = rank(ticket);
  const ahead: number[] = [];
  const keys = new Float64Array(queue.length);
  const deadlines = new Float64Array(queue.length);
  queue.forEach((t, i) => {
    deadlines[i] = deadline(t, config);
    const k = rank(t);
    keys[i] = k;
    const p = t.priorityGroup !== null;
    if ((p && !newPriority) || (p === newPriority && (k < newRank || (k === newRank && tieBreak(t, ticket) < 0)))) ahead.push(i);
  });
  ahead.sort((a, b) => keys[a]! - keys[b]! || tieBreak(queue[a]!, queue[b]!));

  const table = new ForecastTable(input.counters, now, stats, config);
  /** One future (expected times, or times drawn by `sampler`): when the new ticket starts, and how many are called before it. */
  const play = (sampler: ServiceSampler | null): { start: number; ahead: number } | null => {
    const forecast = new CounterForecast(table, sampler);
    let called = 0;
    // Under motcua a ticket that would start after its deadline is deferred to its tail limit, which
    // may put it behind the new ticket.
    const deferred: number[] = [];
    for (const i of ahead) {
      const t = queue[i]!;
      if (!forecast.earliest(t)) continue;
      if (motcua && forecast.at > deadlines[i]!) {
        const tail = waitStart(t) + tailMs;
        if (tail > newRank) continue;
        if (tail > forecast.at) {
          deferred.push(i);
          continue;
        }
      }
      forecast.book();
      called++;
    }
    for (const i of deferred) {
      if (!forecast.earliest(queue[i]!)) continue;
      forecast.book();
      called++;
    }
    return forecast.earliest(ticket) ? { start: forecast.at, ahead: called } : null;
  };

  // Deep in overload motcua defers whoever would be called late until the tail limit, and so does the prediction.
  const newDeadline = deadline(ticket, config);
  const deepOverload = motcua && backlog > DEEP_OVERLOAD_BACKLOG_MIN;
  const adjust = (start: number): number => (deepOverload && start > newDeadline ? Math.max(start, waitStart(ticket) + tailMs) : start);
  const mean0 = play(null);
  const mean = mean0 === null ? null : { ...mean0, start: adjust(mean0.start) };
  if (mean === null) return { peopleAhead: ahead.length, minutes: 0, servable: false };
  const from = waitStart(ticket);
  // Sampling matters most with few people ahead (the first of several counters to free up comes
  // sooner than the expected times say); with many ahead the expected times are close to the median,
  // and sampling would be costly, so the expected run is used alone.
  const samples = predictionSamples(ahead.length * table.counters.length);
  if (samples === 0) return { peopleAhead: mean.ahead, minutes: Math.max(0, mean.start - from) / MS_PER_MIN, servable: true };
  const waits = new Float64Array(samples);
  // Seeded by the question, not the ticket's random id: the same queue at the same moment gets the same answer.
  const sampler = new ServiceSampler(hashString(`${ticket.serviceId}|${ticket.priorityGroup ?? ''}|${ticket.slotAt ?? ''}|${queue.length}`) ^ Math.floor(now), samples);
  for (let k = 0; k < samples; k++) {
    sampler.startRun(k);
    const p = play(sampler);
    waits[k] = Math.max(0, (p === null ? mean.start : adjust(p.start)) - from);
  }
  waits.sort();
  const median = waits[samples >> 1] ?? 0;
  return { peopleAhead: mean.ahead, minutes: median / MS_PER_MIN, servable: true };
}
