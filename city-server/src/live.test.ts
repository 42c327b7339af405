import { describe, expect, it } from 'vitest';
import { ALWAYS_OPEN_HOURS, type DayHours } from '@motcua/shared';
import { alarmsOf, problemsOf, wardWorking, type WardHealth } from './live';

const MIN = 60_000;
/** Instant of a local (Asia/Ho_Chi_Minh, UTC+7) wall-clock time. */
const local = (y: number, mo: number, d: number, h: number, m = 0): number => Date.UTC(y, mo - 1, d, h - 7, m);
const TZ = 'Asia/Ho_Chi_Minh';
const weekday: DayHours = { open: '07:30', close: '17:00', lunch: { start: '11:30', end: '13:00' } };
const HOURS: DayHours[] = [weekday, weekday, weekday, weekday, weekday, { open: '07:30', close: '11:30', lunch: null }, null];

describe('device alarms at the city follow the ward’s working hours', () => {
  it('a display switched off at night is shown, marked off-hours, and raises no alarm; by day it does', () => {
    // Bug this catches: every ward's kiosks and boards switched off at closing time turned the city's
    // dashboard red all night (seen failing with the offHours check removed from alarmsOf).
    const offline = [{ deviceId: 'display-1', kind: 'display', at: local(2026, 12, 7, 17, 30) }];
    const paper = [{ deviceId: 'agent-1', deviceKind: 'agent', peripheral: 'printer', kind: 'printer', health: 'paper_out', at: local(2026, 12, 7, 16, 0) }];
    const at = (now: number) => {
      const problems = problemsOf(offline, paper, wardWorking(HOURS, now, TZ));
      const health: WardHealth = { clockOffsetMs: null, storageOutage: null, devices: 2, devicesOffline: 1, problems };
      return { problems, ...alarmsOf({ waitingLate: 0, oldestWaitMin: 0, forecast: null, lastSeenAt: now, health }, now, 10 * MIN) };
    };
    const night = at(local(2026, 12, 7, 23, 59) + 30_000);
    // Oldest first.
    expect(night.problems.map((p) => [p.deviceId, p.offHours])).toEqual([
      ['agent-1', false],
      ['display-1', true],
    ]);
    expect(night.alarms.map((a) => (a.kind === 'device_problem' ? a.problem.deviceId : a.kind))).toEqual(['agent-1']);
    // Next morning, still off: now it is an incident.
    const morning = at(local(2026, 12, 8, 8, 0));
    expect(morning.alarms.map((a) => (a.kind === 'device_problem' ? a.problem.deviceId : a.kind))).toEqual(['agent-1', 'display-1']);
    expect(morning.risk).toBe('health');
  });

  it('reads the ward’s hours from its catalogue; unknown hours hide nothing', () => {
    expect(wardWorking(HOURS, local(2026, 12, 7, 7, 25), TZ)).toBe(true); // grace before opening
    expect(wardWorking(HOURS, local(2026, 12, 6, 10, 0), TZ)).toBe(false); // Sunday
    expect(wardWorking(ALWAYS_OPEN_HOURS, local(2026, 12, 6, 3, 0), TZ)).toBe(true);
    expect(wardWorking(null, local(2026, 12, 6, 3, 0), TZ)).toBe(true);
    expect(wardWorking([{ open: 'x' }], local(2026, 12, 6, 3, 0), TZ)).toBe(true);
  });
});
