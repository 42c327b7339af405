import { describe, expect, it, vi } from 'vitest';
import { CalendarDay } from './domain';
import { addDays, businessDay, formatClock, isCalendarDay, localMidnight, minuteOfDay, weekOf } from './time';
import { ALWAYS_OPEN_HOURS, formatOpeningTime, openingState } from './opening-hours';

describe('ISO weeks (Monday–Sunday), the ward\'s and the city\'s', () => {
  // Catches the city's old Friday–Thursday week named after its Thursday ("W49_2026-11-27_2026-12-03").
  it('names the week by its ISO number and spans Monday to Sunday, across year ends', () => {
    expect(weekOf('2026-11-27')).toEqual({ from: '2026-11-23', to: '2026-11-29', year: 2026, week: 48, label: '2026-W48' });
    expect(weekOf('2026-11-23').label).toBe('2026-W48');
    expect(weekOf('2026-11-29').label).toBe('2026-W48');
    expect(weekOf('2026-11-30').label).toBe('2026-W49');
    expect(weekOf('2026-12-03')).toMatchObject({ from: '2026-11-30', to: '2026-12-06', week: 49 });
    expect(weekOf('2027-01-01')).toMatchObject({ year: 2026, week: 53, from: '2026-12-28' }); // a Friday in 2026's week 53
    expect(weekOf('2029-12-31')).toMatchObject({ year: 2030, week: 1 });
    expect(weekOf('2021-01-03')).toMatchObject({ year: 2020, week: 53 });
    expect(weekOf('2024-01-01')).toMatchObject({ year: 2024, week: 1, from: '2024-01-01', to: '2024-01-07' });
  });
});

describe('business-day arithmetic', () => {
  it('adds and subtracts days across months, years and leap days', () => {
    expect(addDays('2026-11-23', 8)).toBe('2026-12-01');
    expect(addDays('2027-01-02', -3)).toBe('2026-12-30');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-11-23', 0)).toBe('2026-11-23');
  });

  it('finds local midnight in Ho Chi Minh City (UTC+7), also just after it', () => {
    const nineAm = Date.UTC(2026, 10, 23, 2, 0, 0);
    expect(localMidnight(nineAm)).toBe(Date.UTC(2026, 10, 22, 17, 0, 0));
    const justAfter = Date.UTC(2026, 10, 22, 17, 0, 30, 250);
    expect(localMidnight(justAfter)).toBe(Date.UTC(2026, 10, 22, 17, 0, 0));
    expect(businessDay(localMidnight(nineAm))).toBe('2026-11-23');
  });

  it('accepts only days of the calendar', () => {
    for (const ok of ['2026-11-23', '2028-02-29', '1950-01-01']) expect(isCalendarDay(ok)).toBe(true);
    for (const bad of ['0000-00-00', '2026-02-30', '2027-02-29', '2026-13-01', '2026-1-1', '26-11-23', '1899-12-31', '']) expect(isCalendarDay(bad)).toBe(false);
    expect(CalendarDay.safeParse('2026-02-30').success).toBe(false);
    expect(CalendarDay.safeParse('2026-02-28').success).toBe(true);
  });
});

describe('date formatters are made once', () => {
  // Catches minuteOfDay/formatClock building a new Intl.DateTimeFormat per call: the hub's
  // opening-hours gate (twenty per issued ticket) then cost 11 ms per issue inside the issuing
  // transaction, 15 % of the hub's CPU with 800 waiting (bench:hub, issue 13 item 7).
  it('the opening-hours gate and the clock helpers build no formatter after the first call', () => {
    const rules = { openingHours: ALWAYS_OPEN_HOURS, opening: { graceMin: 15, checkInEarlyMin: 60, checkInLateMin: 15 } };
    const at = Date.UTC(2026, 10, 23, 2, 0, 0);
    const warm = (): void => {
      openingState(rules, at);
      formatClock(at);
      minuteOfDay(at);
      formatOpeningTime(at + 86_400_000, at, 'vi');
    };
    warm();
    const spy = vi.spyOn(Intl, 'DateTimeFormat');
    try {
      for (let i = 0; i < 5; i++) warm();
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
    expect(minuteOfDay(at)).toBe(9 * 60);
    expect(formatClock(at)).toBe('09:00');
  });
});
