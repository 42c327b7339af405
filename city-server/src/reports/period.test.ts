import { describe, expect, it } from 'vitest';
import { addDays } from '@motcua/shared';
import { lastSlot, nextSlot, periodOfSlot, reportFileName, weekLabel, zonedInstant } from './period';

// Friday 2026-11-27 16:00 in Ho Chi Minh City (UTC+7) is 09:00 UTC.
const FRIDAY_16 = Date.UTC(2026, 10, 27, 9, 0);

describe('weekly report slots', () => {
  it('converts local wall-clock time in Asia/Ho_Chi_Minh', () => {
    expect(zonedInstant('2026-11-27', 16, 'Asia/Ho_Chi_Minh')).toBe(FRIDAY_16);
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });
  it('is due Friday 16:00, not a minute before', () => {
    expect(nextSlot(FRIDAY_16 - 60_000)).toBe(FRIDAY_16);
    expect(lastSlot(FRIDAY_16)).toBe(FRIDAY_16);
    expect(lastSlot(FRIDAY_16 - 1)).toBe(FRIDAY_16 - 7 * 86_400_000);
    expect(nextSlot(FRIDAY_16)).toBe(FRIDAY_16 + 7 * 86_400_000);
    // Monday morning: the next one is Friday, the last one was the Friday before.
    const monday = Date.UTC(2026, 10, 23, 2, 0);
    expect(nextSlot(monday)).toBe(FRIDAY_16);
    expect(lastSlot(monday)).toBe(FRIDAY_16 - 7 * 86_400_000);
  });
  // Catches the old Friday–Thursday period named after its Thursday's week
  // ("W49_2026-11-27_2026-12-03": neither ISO week 49 nor the ward's week).
  it('covers the previous whole ISO week, Monday to Sunday, and names it by that week', () => {
    expect(periodOfSlot(FRIDAY_16)).toEqual({ from: '2026-11-16', to: '2026-11-22' });
    expect(reportFileName(periodOfSlot(FRIDAY_16))).toBe('bao-cao-tuan-2026-W47_2026-11-16_2026-11-22');
    expect(periodOfSlot(Date.UTC(2027, 0, 1, 9, 0))).toEqual({ from: '2026-12-21', to: '2026-12-27' });
    expect(weekLabel({ from: '2026-11-23', to: '2026-11-29' })).toBe('2026-W48');
    expect(weekLabel({ from: '2020-12-28', to: '2021-01-03' })).toBe('2020-W53');
    // Dates that are not one ISO week carry no week in their name.
    expect(weekLabel({ from: '2026-11-27', to: '2026-12-03' })).toBeNull();
    expect(reportFileName({ from: '2026-11-27', to: '2026-12-03' })).toBe('bao-cao-tuan_2026-11-27_2026-12-03');
  });
});
