/**
 * What one counter's screen shows, derived from the hub's live snapshot (pure; the hub holds the
 * truth). The queue listed is who this counter may serve — its primary and secondary services and
 * tickets transferred to it by name — oldest wait first. Which ticket is called next is the hub's
 * dispatch decision, never the screen's.
 */
import { skillLevel, type Counter, type LiveTicket, type Snapshot } from '@motcua/shared';
import type { CounterAction } from './shortcuts';
import { waitLevel, waitMinutes, waitStart, type WaitLevel } from './wait';

export type Skill = 'primary' | 'secondary' | 'targeted';

export interface QueueEntry {
  ticket: LiveTicket;
  skill: Skill;
  waitMin: number;
  level: WaitLevel;
}

export interface CounterView {
  counter: Counter;
  /** The ticket called or being served here (at most one). */
  current: LiveTicket | null;
  queue: QueueEntry[];
  /** Tickets set aside at this counter, oldest first. */
  held: LiveTicket[];
  targetMin: number;
  warnMin: number;
  overCount: number;
}

export function skillFor(t: LiveTicket, c: Counter): Skill | null {
  if (t.targetCounterId) return t.targetCounterId === c.id ? 'targeted' : null;
  return skillLevel(c, t.serviceId);
}

export function counterView(s: Snapshot, counterId: string, hubNow: number): CounterView | null {
  const counter = s.counters.find((c) => c.id === counterId);
  if (!counter) return null;
  // The manager's alarm levels (settings), the same the manager's live alarms use.
  const targetMin = s.centre.alarms.breachMin;
  const warnMin = s.centre.alarms.warnMin;
  let current: LiveTicket | null = null;
  const queue: QueueEntry[] = [];
  const held: LiveTicket[] = [];
  for (const t of s.tickets) {
    if ((t.state === 'called' || t.state === 'serving') && t.counterId === counterId) {
      // Two at once would be a hub bug; show the most recently called.
      if (!current || (t.calledAt ?? 0) > (current.calledAt ?? 0)) current = t;
    } else if (t.state === 'held' && t.counterId === counterId) held.push(t);
    else if (t.state === 'waiting') {
      const skill = skillFor(t, counter);
      if (skill) {
        const waitMin = waitMinutes(t, hubNow);
        queue.push({ ticket: t, skill, waitMin, level: waitLevel(waitMin, targetMin, warnMin) });
      }
    }
  }
  queue.sort((a, b) => waitStart(a.ticket) - waitStart(b.ticket) || a.ticket.id.localeCompare(b.ticket.id));
  held.sort((a, b) => a.queuedAt - b.queuedAt);
  return { counter, current, queue, held, targetMin, warnMin, overCount: queue.filter((e) => e.level === 'over').length };
}

/** Staff see full tickets; the citizen's name is there only when the ticket came with an ID card. */
export function citizenName(t: LiveTicket): string | null {
  return 'citizenName' in t ? t.citizenName : null;
}

/** Which actions make sense now (buttons are disabled otherwise; the hub re-checks everything). */
export function enabledActions(v: CounterView): Record<CounterAction, boolean> {
  const st = v.current?.state;
  const open = v.counter.status === 'open';
  return {
    callNext: open,
    callTicket: open && v.queue.length > 0,
    walkIn: open,
    recall: st === 'called',
    start: st === 'called',
    finish: st === 'called' || st === 'serving',
    noShow: st === 'called',
    transfer: st === 'called' || st === 'serving',
    hold: st === 'called' || st === 'serving',
    return: v.held.length > 0,
    pauseResume: true,
    language: true,
  };
}
