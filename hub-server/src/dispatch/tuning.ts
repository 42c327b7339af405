/**
 * The motcua knobs with their benchmarked defaults, and the two quantities derived from the queue
 * that both the policy and the forecasts use: the backlog per counter and the tail limit.
 */
import { MS_PER_MIN, meanServiceMin } from './skills';
import type { CounterView, DispatchConfig, MotcuaTuning, QueuedTicket, ServiceStats } from './types';

/** Benchmarked defaults of the motcua knobs (documented in MotcuaTuning, types.ts). */
export const MOTCUA_DEFAULTS: Readonly<Required<MotcuaTuning>> = {
  tailPerBacklog: 3,
  tailMaxMin: Infinity,
  triageBacklogMin: 15,
  triageShortWeight: 1,
  secondaryPenaltyMin: 3,
  secondaryLateMarginMin: 20,
  lateSlackMarginMin: 0,
  useAlternatives: true,
};

/** The configured knobs, each missing or invalid one replaced by its default. */
export function motcuaTuning(config: DispatchConfig): Required<MotcuaTuning> {
  const t = config.motcua;
  if (t === undefined) return MOTCUA_DEFAULTS;
  const num = (x: number | undefined, d: number): number => (typeof x === 'number' && !Number.isNaN(x) ? x : d);
  return {
    tailPerBacklog: num(t.tailPerBacklog, MOTCUA_DEFAULTS.tailPerBacklog),
    tailMaxMin: num(t.tailMaxMin, MOTCUA_DEFAULTS.tailMaxMin),
    triageBacklogMin: num(t.triageBacklogMin, MOTCUA_DEFAULTS.triageBacklogMin),
    triageShortWeight: num(t.triageShortWeight, MOTCUA_DEFAULTS.triageShortWeight),
    secondaryPenaltyMin: num(t.secondaryPenaltyMin, MOTCUA_DEFAULTS.secondaryPenaltyMin),
    secondaryLateMarginMin: num(t.secondaryLateMarginMin, MOTCUA_DEFAULTS.secondaryLateMarginMin),
    lateSlackMarginMin: num(t.lateSlackMarginMin, MOTCUA_DEFAULTS.lateSlackMarginMin),
    useAlternatives: typeof t.useAlternatives === 'boolean' ? t.useAlternatives : MOTCUA_DEFAULTS.useAlternatives,
  };
}

/** The age cap in ms (Infinity when not a positive number). */
export function ageCapMs(config: DispatchConfig): number {
  return (Number.isFinite(config.ageCapMin) && config.ageCapMin > 0 ? config.ageCapMin : Infinity) * MS_PER_MIN;
}

/**
 * Minutes of work waiting per open counter: the whole queue at full speed, shared by the counters
 * that are open. It says how far behind the centre is: above the target wait not everyone can be
 * called on time, whatever the order.
 */
export function backlogPerCounterMin(queue: readonly QueuedTicket[], counters: readonly CounterView[], stats: ServiceStats): number {
  let open = 0;
  for (const c of counters) if (c.status === 'idle' || c.status === 'busy') open++;
  let work = 0;
  for (const t of queue) work += meanServiceMin(stats, t.serviceId);
  return work / Math.max(1, open);
}

/**
 * The floor of the tail limit, minutes: the review's two-line rule's 28. (It was a knob, `tailMin`;
 * measured on the six scenarios, 0 and 28 give the same figures within 0.1 pt: the backlog term decides.)
 */
export const TAIL_FLOOR_MIN = 28;

/** How long (ms) a late ticket may be deferred behind on-time ones: max(28, tailPerBacklog × backlog), at most tailMaxMin and the age cap. */
export function tailLimitMs(tun: Required<MotcuaTuning>, backlogMin: number, config: DispatchConfig): number {
  return Math.min(ageCapMs(config), Math.min(tun.tailMaxMin, Math.max(TAIL_FLOOR_MIN, tun.tailPerBacklog * backlogMin)) * MS_PER_MIN);
}
