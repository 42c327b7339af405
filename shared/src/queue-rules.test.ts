import { describe, expect, it } from 'vitest';
import { beyondTarget, defaultAlarmLevels, servesService, skillLevel, waitLevel, waitMinutes, waitStart, warnAtMin } from './queue-rules';

const MIN = 60_000;

describe('queue rules', () => {
  it('a counter serves the services of its primary and secondary skills', () => {
    const c = { primary: ['a'], secondary: ['b'] };
    expect([servesService(c, 'a'), servesService(c, 'b'), servesService(c, 'c')]).toEqual([true, true, false]);
    expect([skillLevel(c, 'a'), skillLevel(c, 'b'), skillLevel(c, 'c')]).toEqual(['primary', 'secondary', null]);
    expect(skillLevel({ primary: ['a'], secondary: ['a'] }, 'a')).toBe('primary');
  });

  it('the wait starts at arrival, or at the slot for an appointment that came early', () => {
    expect(waitStart({ queuedAt: 100, slotAt: null })).toBe(100);
    expect(waitStart({ queuedAt: 100, slotAt: 200 })).toBe(200);
    expect(waitStart({ queuedAt: 300, slotAt: 200 })).toBe(300);
    expect(waitMinutes({ queuedAt: 0, slotAt: 30 * MIN }, 20 * MIN)).toBe(0);
    expect(waitMinutes({ queuedAt: 0, slotAt: null }, 15 * MIN - 1)).toBe(14);
  });

  it('levels: warning from three quarters of the target, over from the target', () => {
    expect(warnAtMin(20)).toBe(15);
    expect([waitLevel(14, 20), waitLevel(15, 20), waitLevel(19.9, 20), waitLevel(20, 20)]).toEqual(['ok', 'warn', 'warn', 'over']);
    expect(waitLevel(10, 30, 10)).toBe('warn');
    expect(defaultAlarmLevels(20)).toEqual({ warnMin: 15, breachMin: 20, busyMin: 30 });
    expect(defaultAlarmLevels(10)).toEqual({ warnMin: 9, breachMin: 10, busyMin: 30 });
    expect(defaultAlarmLevels(1)).toEqual({ warnMin: 1, breachMin: 1, busyMin: 30 });
    expect([beyondTarget(20, 20), beyondTarget(21, 20)]).toEqual([false, true]);
  });
});
