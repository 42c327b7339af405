import { describe, expect, it } from 'vitest';
import type { Counter, LiveTicket, WaitAlarm } from '@motcua/shared';
import { alarmsFresh, busyCounters, groupAlarms } from './alarm-groups';

const MIN = 60_000;
const NOW = 100 * MIN;
const alarm = (n: number, serviceId: string, fieldId: string, waitedMin: number, breachMin = 20): WaitAlarm => ({
  ticketId: `t${n}`,
  number: String(1000 + n),
  serviceId,
  fieldId,
  queuedAt: NOW - waitedMin * MIN,
  waitedMin,
  level: waitedMin >= breachMin ? 'breach' : 'warn',
});

describe('groupAlarms', () => {
  // Catches: one line per ticket (240 lines) instead of one per field and service, and the oldest
  // wait taken from the wrong ticket. Broken on purpose by keying groups by fieldId only: the
  // two services of field f1 merge and the first expectation fails.
  it('gives one row per field and service with count, breaches and the oldest wait', () => {
    const alarms = [alarm(1, 's1', 'f1', 16), alarm(2, 's1', 'f1', 41), alarm(3, 's2', 'f1', 22), ...Array.from({ length: 240 }, (_, i) => alarm(10 + i, 's3', 'f2', 15 + (i % 10)))];
    const g = groupAlarms(alarms, NOW);
    expect(g.map((x) => [x.fieldId, x.serviceId, x.count, x.breaches, x.oldestMin, x.oldestNumber])).toEqual([
      ['f1', 's1', 2, 1, 41, '1002'],
      ['f2', 's3', 240, 120, 24, '1019'],
      ['f1', 's2', 1, 1, 22, '1003'],
    ]);
  });
});

describe('busyCounters', () => {
  const counter = (id: string): Counter => ({ id, number: Number(id.slice(1)), name: { vi: id, en: id }, primary: [], secondary: [], status: 'open', pauseReason: null, clerkId: null, zone: null });
  const ticket = (counterId: string, state: 'called' | 'serving' | 'held', startedMin: number | null, calledMin: number): LiveTicket => ({
    id: `x-${counterId}`,
    day: '2026-11-23',
    number: `N${counterId}`,
    seqNo: 1,
    serviceId: 's1',
    procedureId: null,
    channel: 'kiosk',
    priorityGroup: null,
    state,
    issuedAt: 0,
    queuedAt: 0,
    slotAt: null,
    targetCounterId: null,
    counterId,
    calledAt: NOW - calledMin * MIN,
    startedAt: startedMin === null ? null : NOW - startedMin * MIN,
    finishedAt: null,
    recallCount: 0,
    predictedWaitMin: null,
    peopleAheadAtIssue: null,
  });
  // Catches: the limit ignored or measured from the call when the visit started later. Broken on
  // purpose by using calledAt first: c2 (called 50 min ago, started 10 min ago) is listed.
  it('lists counters on one ticket for at least the limit, from the start of the visit', () => {
    const tickets = [ticket('c1', 'serving', 35, 36), ticket('c2', 'serving', 10, 50), ticket('c3', 'called', null, 31), ticket('c4', 'held', 90, 90)];
    expect(busyCounters(['c1', 'c2', 'c3', 'c4'].map(counter), tickets, NOW, 30)).toEqual([
      { counterId: 'c1', number: 'Nc1', minutes: 35 },
      { counterId: 'c3', number: 'Nc3', minutes: 31 },
    ]);
  });
});

describe('alarmsFresh', () => {
  // Catches: a disconnected or silent panel saying "nobody is waiting past the thresholds".
  it('is fresh only while connected and confirmed within 45 s', () => {
    expect(alarmsFresh(true, 1000, 1000 + 45_000)).toBe(true);
    expect(alarmsFresh(true, 1000, 1000 + 45_001)).toBe(false);
    expect(alarmsFresh(false, 1000, 1000)).toBe(false);
    expect(alarmsFresh(true, null, 1000)).toBe(false);
  });
});
