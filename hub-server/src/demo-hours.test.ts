import { describe, expect, it } from 'vitest';
import { DEFAULT_OPENING_POLICY, openingState } from '@motcua/shared';
import { closedNowHours } from './demo-hours';

describe('npm start -- --closed', () => {
  it('closes the demo centre at any minute of the day, with the next opening about three hours ahead', () => {
    const midnight = Date.UTC(2026, 11, 4, 17, 0); // 2026-12-05 00:00 in Ho Chi Minh City
    for (let m = 0; m < 24 * 60; m += 7) {
      const now = midnight + m * 60_000;
      const s = openingState({ openingHours: closedNowHours(now, 'Asia/Ho_Chi_Minh'), opening: DEFAULT_OPENING_POLICY }, now);
      expect(s.open, `at minute ${m}`).toBe(false);
      expect(s.nextOpenAt, `at minute ${m}`).not.toBeNull();
      const ahead = ((s.nextOpenAt ?? 0) - now) / 60_000;
      expect(ahead, `at minute ${m}`).toBeGreaterThanOrEqual(180 - DEFAULT_OPENING_POLICY.graceMin);
      expect(ahead, `at minute ${m}`).toBeLessThan(180 + 5);
    }
  });
});
