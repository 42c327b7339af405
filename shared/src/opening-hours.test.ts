import { describe, expect, it } from 'vitest';
import { ALWAYS_OPEN_HOURS, checkInVerdict, duringWorkingHours, formatOpeningTime, openingState, sessionsOf, weekdayIndex, withinSessions, type OpeningRules } from './opening-hours';
import { CentreSettings, DayHours } from './protocol-manager';

const MIN = 60_000;
/** Instant of a local (Asia/Ho_Chi_Minh, UTC+7) wall-clock time. */
const local = (y: number, mo: number, d: number, h: number, m = 0): number => Date.UTC(y, mo - 1, d, h - 7, m);

const weekday = { open: '07:30', close: '17:00', lunch: { start: '11:30', end: '13:00' } };
const rules = (over: Partial<OpeningRules['opening']> = {}): OpeningRules => ({
  // Monday … Friday with lunch, Saturday morning, Sunday closed.
  openingHours: [weekday, weekday, weekday, weekday, weekday, { open: '07:30', close: '11:30', lunch: null }, null],
  opening: { graceMin: 10, checkInEarlyMin: 60, checkInLateMin: 15, ...over },
});

describe('opening hours', () => {
  it('numbers weekdays Monday first, as CentreSettings.openingHours does', () => {
    expect(weekdayIndex('2026-12-07')).toBe(0); // a Monday
    expect(weekdayIndex('2026-12-05')).toBe(5); // Saturday
    expect(weekdayIndex('2026-12-06')).toBe(6); // Sunday
  });

  it('splits a day with lunch into morning and afternoon sessions', () => {
    expect(sessionsOf(weekday)).toEqual([
      { open: 450, close: 690 },
      { open: 780, close: 1020 },
    ]);
    expect(sessionsOf(null)).toEqual([]);
  });

  it('is open in a session, with the grace before opening and after closing, and closed just outside', () => {
    const r = rules();
    expect(openingState(r, local(2026, 12, 7, 9), 'Asia/Ho_Chi_Minh')).toMatchObject({ open: true, closesAt: local(2026, 12, 7, 11, 40) });
    // Grace: issuing starts 10 minutes before 07:30 and ends 10 minutes after 11:30.
    expect(openingState(r, local(2026, 12, 7, 7, 19)).open).toBe(false);
    expect(openingState(r, local(2026, 12, 7, 7, 20)).open).toBe(true);
    expect(openingState(r, local(2026, 12, 7, 11, 39)).open).toBe(true);
    expect(openingState(r, local(2026, 12, 7, 11, 40))).toEqual({ open: false, closesAt: null, nextOpenAt: local(2026, 12, 7, 12, 50) });
    expect(openingState(rules({ graceMin: 0 }), local(2026, 12, 7, 7, 29)).open).toBe(false);
    expect(openingState(rules({ graceMin: 0 }), local(2026, 12, 7, 7, 30)).open).toBe(true);
  });

  it('is closed at 01:21 on a Saturday (the issue) and names the Saturday opening; after Saturday noon it names Monday', () => {
    expect(openingState(rules(), local(2026, 12, 5, 1, 21))).toEqual({ open: false, closesAt: null, nextOpenAt: local(2026, 12, 5, 7, 20) });
    // Saturday 12:00 → Sunday closed → Monday 07:20 (grace), across two midnights.
    expect(openingState(rules(), local(2026, 12, 5, 12)).nextOpenAt).toBe(local(2026, 12, 7, 7, 20));
    expect(openingState(rules(), local(2026, 12, 6, 23, 59)).nextOpenAt).toBe(local(2026, 12, 7, 7, 20));
  });

  it('uses the centre time zone, not UTC: 23:30 UTC Sunday is 06:30 Monday in Ho Chi Minh City', () => {
    const t = Date.UTC(2026, 11, 6, 23, 30); // Sunday 23:30 UTC = Monday 06:30 local
    expect(openingState(rules(), t).nextOpenAt).toBe(local(2026, 12, 7, 7, 20));
    // Read as UTC, the same instant would be a Sunday (closed all day) with the next opening a day later.
    expect(openingState(rules(), t, 'UTC').nextOpenAt).toBe(Date.UTC(2026, 11, 7, 7, 20));
  });

  it('stays open across midnight when one day closes at 24:00 and the next opens at 00:00 (no grace needed)', () => {
    const always: OpeningRules = { openingHours: ALWAYS_OPEN_HOURS, opening: { graceMin: 0, checkInEarlyMin: 60, checkInLateMin: 15 } };
    for (const t of [local(2026, 12, 5, 23, 59), local(2026, 12, 6, 0, 0), local(2026, 12, 6, 0, 1), local(2026, 12, 7, 12)]) {
      expect(openingState(always, t)).toEqual({ open: true, closesAt: null, nextOpenAt: null });
    }
    // Friday open till midnight, Saturday from 00:00 till 02:00: one window across midnight.
    const late: OpeningRules = { openingHours: [null, null, null, null, { open: '20:00', close: '24:00', lunch: null }, { open: '00:00', close: '02:00', lunch: null }, null], opening: { graceMin: 0, checkInEarlyMin: 0, checkInLateMin: 0 } };
    expect(openingState(late, local(2026, 12, 4, 23, 59))).toEqual({ open: true, closesAt: local(2026, 12, 5, 2), nextOpenAt: null });
    expect(openingState(late, local(2026, 12, 5, 2))).toEqual({ open: false, closesAt: null, nextOpenAt: local(2026, 12, 11, 20) });
  });

  it('says when a device offline is an incident: within the hours and grace, not at night nor on a closed day', () => {
    // Bug this catches: a kiosk or board switched off at night raised a device-offline alarm.
    expect(duringWorkingHours(rules(), local(2026, 12, 7, 9, 0))).toBe(true); // Monday morning
    expect(duringWorkingHours(rules(), local(2026, 12, 7, 7, 25))).toBe(true); // within the 10-minute grace
    expect(duringWorkingHours(rules(), local(2026, 12, 7, 17, 15))).toBe(false); // after close + grace
    expect(duringWorkingHours(rules(), local(2026, 12, 5, 23, 59) + 30_000)).toBe(false); // Saturday 23:59:30
    expect(duringWorkingHours(rules(), local(2026, 12, 6, 10, 0))).toBe(false); // Sunday: closed
    expect(duringWorkingHours({ openingHours: ALWAYS_OPEN_HOURS, opening: rules().opening }, local(2026, 12, 6, 3, 0))).toBe(true);
  });

  it('has no next opening when every day is closed', () => {
    expect(openingState({ openingHours: Array.from({ length: 7 }, () => null), opening: rules().opening }, local(2026, 12, 7, 9))).toEqual({ open: false, closesAt: null, nextOpenAt: null });
  });

  it('accepts check-in from 60 minutes before the slot to 15 minutes after it, and says from/until when', () => {
    const slot = local(2026, 12, 7, 14, 30);
    const p = rules().opening;
    expect(checkInVerdict(slot, slot - 6.5 * 60 * MIN, p)).toEqual({ ok: false, reason: 'early', from: slot - 60 * MIN });
    expect(checkInVerdict(slot, slot - 60 * MIN - 1, p).ok).toBe(false);
    expect(checkInVerdict(slot, slot - 60 * MIN, p)).toEqual({ ok: true });
    expect(checkInVerdict(slot, slot + 15 * MIN, p)).toEqual({ ok: true });
    expect(checkInVerdict(slot, slot + 15 * MIN + 1, p)).toEqual({ ok: false, reason: 'late', until: slot + 15 * MIN });
  });

  it('formats the next opening as a time today, or with weekday and date', () => {
    const now = local(2026, 12, 5, 12);
    expect(formatOpeningTime(local(2026, 12, 5, 13), now, 'vi')).toBe('13:00');
    expect(formatOpeningTime(local(2026, 12, 7, 7, 20), now, 'vi')).toBe('07:20, Thứ Hai 07/12');
    expect(formatOpeningTime(local(2026, 12, 7, 7, 20), now, 'en')).toBe('07:20, Monday 07/12');
  });

  it('validates hours: 24:00 closes a day, lunch must sit inside the day, settings saved before `opening` existed read the defaults', () => {
    expect(DayHours.safeParse({ open: '00:00', close: '24:00' }).success).toBe(true);
    expect(DayHours.safeParse({ open: '24:00', close: '24:00' }).success).toBe(false);
    expect(DayHours.safeParse({ open: '07:30', close: '17:00', lunch: { start: '17:30', end: '18:00' } }).success).toBe(false);
    expect(DayHours.safeParse({ open: '07:30', close: '17:00', lunch: { start: '13:00', end: '11:30' } }).success).toBe(false);
    const old = { openingHours: Array.from({ length: 7 }, () => ({ open: '07:30', close: '17:00' })), breaks: [], priority: { elderlyAge: 60, maxInRow: 2, groups: [] }, rating: { scale: 4, timeoutSec: 30, askReasonAtOrBelow: 2 }, alarms: { warnMin: 15, breachMin: 20 } };
    const parsed = CentreSettings.parse(old);
    expect(parsed.opening).toEqual({ graceMin: 10, checkInEarlyMin: 60, checkInLateMin: 15 });
    expect(parsed.openingHours[0]).toEqual({ open: '07:30', close: '17:00', lunch: null });
  });
});

describe('appointment slots follow the sessions', () => {
  it('offers slots in the morning and afternoon, not during lunch nor on a closed day', () => {
    const r = rules();
    expect(withinSessions(r, local(2026, 12, 7, 11, 15))).toBe(true);
    expect(withinSessions(r, local(2026, 12, 7, 11, 30))).toBe(false);
    expect(withinSessions(r, local(2026, 12, 7, 12, 45))).toBe(false);
    expect(withinSessions(r, local(2026, 12, 7, 13))).toBe(true);
    expect(withinSessions(r, local(2026, 12, 6, 9))).toBe(false); // Sunday
  });
});
