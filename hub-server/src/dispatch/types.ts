/**
 * The dispatch contract. Dispatch is a pure function of its input: the hub's "call next" and the
 * simulator call the same code, and nothing else decides who is called.
 * Times are milliseconds on one clock (epoch ms in the hub, ms since the day's start in the sim).
 */
import type { Channel, PriorityGroup } from '@motcua/shared';

export type PolicyName = 'motcua' | 'dedicated' | 'shared-edf' | 'pooled' | 'two-line';

export interface QueuedTicket {
  id: string;
  serviceId: string;
  channel: Channel;
  priorityGroup: PriorityGroup | null;
  /** The moment the wait is measured from (kept on transfer). */
  queuedAt: number;
  /** Appointment slot start; the wait of an appointment is measured from max(queuedAt, slotAt). */
  slotAt: number | null;
  /** Only this counter may call the ticket (a transfer to a named counter). */
  targetCounterId: string | null;
}

export interface CounterView {
  id: string;
  primary: readonly string[];
  secondary: readonly string[];
  /** idle: open and free; busy: serving or calling; paused/closed: not serving. */
  status: 'idle' | 'busy' | 'paused' | 'closed';
  /** When the counter last became idle (for "longest idle takes the arrival"). */
  idleSince: number | null;
  /** When the current service started and which service it is, if busy. */
  busySince: number | null;
  currentServiceId: string | null;
  /** Optional: when a paused counter is expected back (the forecasts of motcua and wait prediction use it; absent = in 15 minutes). */
  pausedUntil?: number | null;
  /**
   * Optional: planned breaks still to come, ascending, each taken when the counter is free at or
   * after `at` and lasting `lengthMs` (the forecasts of motcua and wait prediction use them).
   */
  upcomingBreaks?: readonly { at: number; lengthMs: number }[];
}

/** Mean service time per service, in minutes (the hub keeps it from history; the sim knows it). */
export type ServiceStats = Readonly<Record<string, ServiceStat>>;

export interface ServiceStat {
  meanMin: number;
  /** Optional coefficient of variation of the service time (wait prediction uses it for the remaining time of a service under way; default 0.8). */
  cv?: number;
}

export interface PriorityRule {
  /** At most this many priority tickets in a row while walk-ins wait (fairness). */
  maxInRow: number;
}

export interface DispatchConfig {
  policy: PolicyName;
  targetWaitMin: number;
  appointmentGraceMin: number;
  /** A secondary-skill service takes this factor longer. */
  secondarySlowdown: number;
  /** Nobody is passed over once they have waited this long (minutes). */
  ageCapMin: number;
  priority: PriorityRule;
  /** Optional tuning of the motcua policy (defaults are the benchmarked values; see policy.ts). */
  motcua?: MotcuaTuning;
}

/**
 * Knobs of the motcua policy (see selectMotcua in policy.ts for how they combine). Every field is
 * optional; a missing one takes the benchmarked default (MOTCUA_DEFAULTS).
 */
export interface MotcuaTuning {
  /** The tail limit: a late ticket that would otherwise wait max(28 min, this × the backlog per open counter) goes before on-time ones (default 3). */
  tailPerBacklog?: number;
  /**
   * Upper bound (minutes) of the tail limit, however far behind the centre is (default Infinity: only
   * the age cap bounds it). Trades the late share for the tail: see the frontier in sim/README.md.
   */
  tailMaxMin?: number;
  /** Backlog per counter (minutes of work waiting) above which short services weigh more (default 15). */
  triageBacklogMin?: number;
  /**
   * Weight of the expected service time in the order key slack + weight × service (generalized cμ)
   * while the backlog is above triageBacklogMin (default 1; below it the weight is 0: a knob for it,
   * `shortWeight`, was removed — 1 instead of 0 moved late share by under 0.1 pt on S-140 and M-280).
   */
  triageShortWeight?: number;
  /**
   * Minutes added to the order key of a ticket this counter would serve as a secondary skill (default
   * 3; measured against 0, seed 1, 100 days: M-280 late 5.27% vs 5.32%, over45 2.26% vs 2.37%;
   * L-1000-peak 1.41% vs 1.61%, 0.41% vs 0.52%; M-400 late 37.1% vs 37.7%, visitor_p99 127 vs 130;
   * S-140 equal within 0.05 pt).
   */
  secondaryPenaltyMin?: number;
  /**
   * Minutes a late ticket this counter would serve as a secondary skill counts as having waited less
   * where late tickets go oldest first (the age cap, the tail, the slack, the rest). A secondary skill
   * is slower (secondarySlowdown): strictly oldest first, on ward-M-400-overload's five worst days the
   * counters spent 18–74 % of their busy time on secondary skills, swapping work at the slower speed. Default 20
   * (measured, seed 1, 400 days: M-400 visitor_p99 133.7 → 128.2 min, late 33.9 → 32.6 %; the
   * feasible scenarios within their noise: see sim/README.md).
   */
  secondaryLateMarginMin?: number;
  /** A late ticket is served when every on-time ticket has more slack than its service plus this margin (default 0). */
  lateSlackMarginMin?: number;
  /** Prefer tickets the other counters would not reach in time (default true; measured: −0.4 pt late on ward-L-1000-peak, +0.5–0.8 min prediction MAE on S-140/M-280). */
  useAlternatives?: boolean;
}

export interface DispatchInput {
  now: number;
  /** The counter asking for its next ticket. */
  counterId: string;
  queue: readonly QueuedTicket[];
  counters: readonly CounterView[];
  stats: ServiceStats;
  config: DispatchConfig;
  /** How many of the most recent calls at this centre were priority tickets, consecutively. */
  priorityStreak: number;
}

export type DispatchDecision = { ticketId: string; reason: string } | null;
