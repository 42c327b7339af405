/**
 * Small pure helpers shared by the policies, the wait prediction and the simulator: who may serve
 * what, deadlines, and service-time estimates. All times are milliseconds.
 */
import { waitStart } from '@motcua/shared';
import type { CounterView, DispatchConfig, PolicyName, QueuedTicket, ServiceStats } from './types';

/** The moment the wait is measured from: arrival, or the slot for an appointment that came early (shared's queue rule). */
export { waitStart };

export const MS_PER_MIN = 60_000;

/** How a counter would serve a service: not at all, at full speed, or slower as a secondary skill. */
export const Skill = { None: 0, Primary: 1, Secondary: 2 } as const;
export type Skill = (typeof Skill)[keyof typeof Skill];

/**
 * The skill a counter has for a service under a policy. `dedicated` ignores secondary skills;
 * `pooled` (a reference, not a real ward: all counters serve everything) lets every counter serve
 * everything at full speed.
 */
export function skillFor(counter: CounterView, serviceId: string, policy: PolicyName): Skill {
  if (policy === 'pooled') return Skill.Primary;
  if (counter.primary.includes(serviceId)) return Skill.Primary;
  if (policy !== 'dedicated' && counter.secondary.includes(serviceId)) return Skill.Secondary;
  return Skill.None;
}

/** Whether `counter` may call `ticket` under `policy` (skills, and a transfer to a named counter). */
export function mayServe(counter: CounterView, ticket: QueuedTicket, policy: PolicyName): boolean {
  if (ticket.targetCounterId !== null && ticket.targetCounterId !== counter.id) return false;
  // A ticket transferred to this counter by name is served whatever the skills say: a clerk sent it here.
  if (ticket.targetCounterId === counter.id) return true;
  return skillFor(counter, ticket.serviceId, policy) !== Skill.None;
}

export function isAppointment(t: QueuedTicket): boolean {
  return t.slotAt !== null;
}

/** The moment the ticket becomes late: target after arrival, or grace after max(arrival, slot). */
export function deadline(t: QueuedTicket, config: DispatchConfig): number {
  return t.slotAt !== null ? waitStart(t) + config.appointmentGraceMin * MS_PER_MIN : t.queuedAt + config.targetWaitMin * MS_PER_MIN;
}

/** Minutes assumed for a service nobody has statistics for. */
export const FALLBACK_SERVICE_MIN = 8;

/** Mean service minutes of a service, at full speed; unknown services get a fallback rather than a crash. */
export function meanServiceMin(stats: ServiceStats, serviceId: string): number {
  const s = Object.prototype.hasOwnProperty.call(stats, serviceId) ? stats[serviceId] : undefined;
  const m = s?.meanMin;
  return typeof m === 'number' && Number.isFinite(m) && m > 0 ? m : FALLBACK_SERVICE_MIN;
}

/** Expected ms the counter takes for the service (secondary skills take `secondarySlowdown` longer). */
export function expectedServiceMs(stats: ServiceStats, serviceId: string, skill: Skill, config: DispatchConfig): number {
  const slow = skill === Skill.Secondary && Number.isFinite(config.secondarySlowdown) && config.secondarySlowdown > 0 ? config.secondarySlowdown : 1;
  return meanServiceMin(stats, serviceId) * slow * MS_PER_MIN;
}

/** Orders tickets by a key, then by queue time, then by id, so the result never depends on queue order. */
export function tieBreak(a: QueuedTicket, b: QueuedTicket): number {
  if (a.queuedAt !== b.queuedAt) return a.queuedAt - b.queuedAt;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
