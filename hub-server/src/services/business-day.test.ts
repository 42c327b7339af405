import { describe, expect, it } from 'vitest';
import { BusinessDayClock } from './business-day';

const TZ = 'Asia/Ho_Chi_Minh';
/** 23:59:50 on 2026-11-23 in Ho Chi Minh City. */
const BEFORE_MIDNIGHT = Date.UTC(2026, 10, 23, 16, 59, 50);

describe('the business day only moves forward', () => {
  it('a clock that jumps back across midnight stays on the day already started', () => {
    // Catches: a day taken from the wall clock alone, which turns back to yesterday and reissues its numbers.
    const clock = { t: BEFORE_MIDNIGHT + 20_000, now: () => clock.t };
    const days = new BusinessDayClock(clock, TZ);
    expect(days.today()).toBe('2026-11-24');
    clock.t = BEFORE_MIDNIGHT - 3_600_000; // one hour back: 22:59:50 the day before
    expect(days.today()).toBe('2026-11-24');
    expect(days.clockBehind()).toBe(true);
    clock.t = BEFORE_MIDNIGHT + 86_400_000 + 20_000; // the next midnight passes: a new day
    expect(days.today()).toBe('2026-11-25');
    days.advanceTo('2026-11-25');
    days.advanceTo('2026-11-24');
    expect(days.current).toBe('2026-11-25');
  });

  it('at start, the newest stored day wins over a clock that is behind it', () => {
    const clock = { now: () => BEFORE_MIDNIGHT };
    expect(new BusinessDayClock(clock, TZ, '2026-11-24').today()).toBe('2026-11-24');
    expect(new BusinessDayClock(clock, TZ, '2026-11-20').today()).toBe('2026-11-23');
    expect(new BusinessDayClock(clock, TZ, null).today()).toBe('2026-11-23');
  });
});
