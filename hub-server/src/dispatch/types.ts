/**
 * The dispatch contract. Dispatch is a pure function of its input: the hub's "call next" and the
 * simulator call the same code, and nothing else decides who is called.
 * Times are milliseconds on one clock (epoch ms in the hub, ms since the day's start in the sim).
 */
import type { Channel, PriorityGroup } from '@motcua/shared';

export type PolicyName = 'motcua' | 'dedicated' | 'shared-edf' | 'pooled';

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
}

/** Mean service time per service, in minutes (the hub keeps it from history; the sim knows it). */
export type ServiceStats = Readonly<Record<string, { meanMin: number }>>;

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
