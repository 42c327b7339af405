import { describe, expect, it } from 'vitest';
import type { Counter, Snapshot, Ticket } from '@motcua/shared';
import { ALWAYS_OPEN_HOURS, DEFAULT_OPENING_POLICY } from '@motcua/shared';
import { citizenName, counterView, enabledActions, skillFor } from './counter-view';

const MIN = 60_000;
const T0 = Date.UTC(2026, 10, 23, 2, 0);

const counter = (id: string, primary: string[], secondary: string[], status: Counter['status'] = 'open'): Counter => ({
  id,
  number: Number(id.slice(1)),
  name: { vi: `Quầy ${id}`, en: `Counter ${id}` },
  primary,
  secondary,
  status,
  pauseReason: null,
  clerkId: null,
  zone: null,
});

let seq = 0;
const ticket = (over: Partial<Ticket>): Ticket => ({
  id: `t${++seq}`,
  day: '2026-11-23',
  number: `100${seq}`,
  seqNo: seq,
  serviceId: 's-a',
  procedureId: null,
  channel: 'kiosk',
  priorityGroup: null,
  state: 'waiting',
  issuedAt: T0,
  queuedAt: T0,
  slotAt: null,
  targetCounterId: null,
  counterId: null,
  clerkId: null,
  calledAt: null,
  startedAt: null,
  finishedAt: null,
  recallCount: 0,
  predictedWaitMin: null,
  peopleAheadAtIssue: null,
  rating: null,
  citizenName: null,
  ...over,
});

function snapshot(counters: Counter[], tickets: Ticket[]): Snapshot {
  return {
    seq: 1,
    now: T0,
    day: '2026-11-23',
    role: 'clerk',
    centre: { hubId: 'h', name: { vi: 'TT', en: 'C' }, address: '', targetWaitMin: 20, timeZone: 'Asia/Ho_Chi_Minh', publicUrl: 'http://x', publicUrlSource: 'lan', rating: { scale: 4, timeoutSec: 30, askReasonAtOrBelow: 2 }, recallLimit: 3, priority: { elderlyAge: 60, maxInRow: 2 }, retention: { personalDataDays: 30 }, alarms: { warnMin: 15, breachMin: 20, busyMin: 30 }, opening: { openingHours: ALWAYS_OPEN_HOURS, opening: DEFAULT_OPENING_POLICY } },
    fields: [],
    services: [],
    procedures: [],
    counters,
    tickets,
    recentCalls: [],
    loads: [],
    devices: [],
  };
}

describe('counter view', () => {
  const c1 = counter('c1', ['s-a'], ['s-b']);
  const c2 = counter('c2', ['s-c'], []);

  it('lists who this counter may serve: primary, secondary and tickets sent to it by name', () => {
    const a = ticket({ serviceId: 's-a', queuedAt: T0 + 2 * MIN });
    const b = ticket({ serviceId: 's-b', queuedAt: T0 + 1 * MIN });
    const c = ticket({ serviceId: 's-c', queuedAt: T0 });
    const toMe = ticket({ serviceId: 's-c', targetCounterId: 'c1', queuedAt: T0 + 3 * MIN });
    const toOther = ticket({ serviceId: 's-a', targetCounterId: 'c2' });
    const v = counterView(snapshot([c1, c2], [a, b, c, toMe, toOther]), 'c1', T0 + 10 * MIN)!;
    expect(v.queue.map((e) => [e.ticket.id, e.skill])).toEqual([
      [b.id, 'secondary'],
      [a.id, 'primary'],
      [toMe.id, 'targeted'],
    ]);
    expect(skillFor(c, c1)).toBeNull();
    expect(skillFor(toOther, c1)).toBeNull();
  });

  it('colours each wait against the 20-minute target with the 15-minute warning', () => {
    const fresh = ticket({ queuedAt: T0 + 10 * MIN });
    const warn = ticket({ queuedAt: T0 + 5 * MIN });
    const over = ticket({ queuedAt: T0 - 1 * MIN });
    const v = counterView(snapshot([c1], [fresh, warn, over]), 'c1', T0 + 20 * MIN)!;
    expect(v.queue.map((e) => [e.waitMin, e.level])).toEqual([
      [21, 'over'],
      [15, 'warn'],
      [10, 'ok'],
    ]);
    expect(v.overCount).toBe(1);
    expect(v.warnMin).toBe(15);
  });

  it('finds the current ticket and the held ones at this counter only', () => {
    const cur = ticket({ state: 'serving', counterId: 'c1', calledAt: T0, citizenName: 'Nguyễn Văn A' });
    const elsewhere = ticket({ state: 'called', counterId: 'c2', calledAt: T0 });
    const held = ticket({ state: 'held', counterId: 'c1' });
    const heldElsewhere = ticket({ state: 'held', counterId: 'c2' });
    const v = counterView(snapshot([c1, c2], [cur, elsewhere, held, heldElsewhere]), 'c1', T0)!;
    expect(v.current?.id).toBe(cur.id);
    expect(citizenName(v.current!)).toBe('Nguyễn Văn A');
    expect(v.held.map((t) => t.id)).toEqual([held.id]);
    expect(v.queue).toEqual([]);
  });

  it('returns null for an unknown counter', () => {
    expect(counterView(snapshot([c1], []), 'c9', T0)).toBeNull();
  });

  it('enables only the actions that fit the ticket and counter state', () => {
    const called = counterView(snapshot([c1], [ticket({ state: 'called', counterId: 'c1', calledAt: T0 })]), 'c1', T0)!;
    expect(enabledActions(called)).toMatchObject({ callNext: true, recall: true, start: true, finish: true, noShow: true, hold: true, transfer: true, return: false });
    const serving = counterView(snapshot([c1], [ticket({ state: 'serving', counterId: 'c1', calledAt: T0 })]), 'c1', T0)!;
    expect(enabledActions(serving)).toMatchObject({ recall: false, start: false, noShow: false, finish: true, hold: true });
    const pausedIdle = counterView(snapshot([counter('c1', ['s-a'], [], 'paused')], [ticket({ state: 'held', counterId: 'c1' })]), 'c1', T0)!;
    expect(enabledActions(pausedIdle)).toMatchObject({ callNext: false, finish: false, return: true, pauseResume: true });
  });
});
