/**
 * What the live alarm panel shows, pure: wait alarms grouped by field and service (how many, how
 * many past the breach level, the oldest wait) instead of one line per ticket — 240 lines at a
 * busy ward say less than six; counters on one ticket past the manager's limit; and whether the
 * panel's data can be trusted (connected and refreshed recently), so a stale panel never says
 * "nobody is waiting past the thresholds".
 */
import type { Counter, LiveTicket, WaitAlarm } from '@motcua/shared';

const MIN = 60_000;

export interface AlarmGroup {
  fieldId: string;
  serviceId: string;
  count: number;
  breaches: number;
  /** The longest wait in the group, whole minutes at `now`. */
  oldestMin: number;
  /** Its ticket number. */
  oldestNumber: string;
}

/** Groups by field then service; the group with the longest wait first. */
export function groupAlarms(alarms: readonly WaitAlarm[], now: number): AlarmGroup[] {
  const groups = new Map<string, AlarmGroup & { oldestAt: number }>();
  for (const a of alarms) {
    const key = `${a.fieldId}\u0000${a.serviceId}`;
    const g = groups.get(key) ?? { fieldId: a.fieldId, serviceId: a.serviceId, count: 0, breaches: 0, oldestMin: 0, oldestNumber: a.number, oldestAt: Infinity };
    g.count++;
    if (a.level === 'breach') g.breaches++;
    if (a.queuedAt < g.oldestAt) {
      g.oldestAt = a.queuedAt;
      g.oldestNumber = a.number;
    }
    groups.set(key, g);
  }
  return [...groups.values()]
    .map(({ oldestAt, ...g }) => ({ ...g, oldestMin: Math.max(0, Math.floor((now - oldestAt) / MIN)) }))
    .sort((a, b) => b.oldestMin - a.oldestMin || b.count - a.count || a.serviceId.localeCompare(b.serviceId));
}

export interface BusyCounter {
  counterId: string;
  number: string;
  /** Minutes on this ticket, from its start (or its call when not started). */
  minutes: number;
}

/** Counters whose current ticket has been at the counter `busyMin` minutes or more, longest first. */
export function busyCounters(counters: readonly Counter[], tickets: readonly LiveTicket[], now: number, busyMin: number): BusyCounter[] {
  const out: BusyCounter[] = [];
  for (const c of counters) {
    const t = tickets.find((x) => x.counterId === c.id && (x.state === 'called' || x.state === 'serving'));
    const since = t ? (t.startedAt ?? t.calledAt) : null;
    if (!t || since === null) continue;
    const minutes = Math.floor((now - since) / MIN);
    if (minutes >= busyMin) out.push({ counterId: c.id, number: t.number, minutes });
  }
  return out.sort((a, b) => b.minutes - a.minutes);
}

/** The panel's data is stale after this long without a confirmed refresh from the hub. */
export const ALARMS_STALE_MS = 45_000;

/** Whether the alarm panel may speak: connected, with alarms confirmed by the hub within `ALARMS_STALE_MS`. */
export function alarmsFresh(connected: boolean, alarmsAt: number | null, clientNow: number): boolean {
  return connected && alarmsAt !== null && clientNow - alarmsAt <= ALARMS_STALE_MS;
}
