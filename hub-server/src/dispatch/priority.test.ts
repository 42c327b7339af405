import { describe, expect, it } from 'vitest';
import { DEFAULT_DISPATCH_CONFIG, selectNextTicket } from './policy';
import { MIN, idleCounter, walkIn } from './testing';
import type { DispatchConfig, PolicyName, QueuedTicket } from './types';

const NOW = 3 * 60 * MIN;
const counters = [idleCounter('Q1', ['A'])];
const ticket = (id: string, agoMin: number, priority: boolean): QueuedTicket => walkIn(id, 'A', NOW, agoMin, priority ? 'elderly' : null);

function call(queue: QueuedTicket[], streak: number, config: DispatchConfig = DEFAULT_DISPATCH_CONFIG): string | null {
  return selectNextTicket({ now: NOW, counterId: 'Q1', queue, counters, stats: { A: { meanMin: 4 } }, config, priorityStreak: streak })?.ticketId ?? null;
}

describe('priority rule', () => {
  for (const policy of ['motcua', 'shared-edf', 'dedicated', 'pooled'] as PolicyName[]) {
    const config = { ...DEFAULT_DISPATCH_CONFIG, policy, priority: { maxInRow: 2 } };
    it(`${policy}: a priority visitor goes before earlier walk-ins while the streak is below maxInRow`, () => {
      const q = [ticket('w1', 10, false), ticket('w2', 8, false), ticket('p1', 1, true)];
      expect(call(q, 0, config)).toBe('p1');
      expect(call(q, 1, config)).toBe('p1');
    });
    it(`${policy}: after maxInRow priority calls in a row a waiting walk-in is called`, () => {
      const q = [ticket('w1', 10, false), ticket('p1', 1, true)];
      expect(call(q, 2, config)).toBe('w1');
    });
    it(`${policy}: with only priority visitors waiting the streak does not block them`, () => {
      expect(call([ticket('p1', 1, true), ticket('p2', 3, true)], 5, config)).toBe('p2');
    });
  }

  it('over a stream of calls, never more than maxInRow priority calls in a row while walk-ins wait', () => {
    for (const maxInRow of [1, 2, 3]) {
      const config = { ...DEFAULT_DISPATCH_CONFIG, priority: { maxInRow } };
      const queue: QueuedTicket[] = [];
      for (let i = 0; i < 12; i++) queue.push(ticket(`p${i}`, 5 - i * 0.1, true));
      for (let i = 0; i < 6; i++) queue.push(ticket(`w${i}`, 6 + i, false));
      let streak = 0;
      let maxSeen = 0;
      const order: string[] = [];
      while (queue.length > 0) {
        const id = call(queue, streak, config);
        expect(id).not.toBeNull();
        const i = queue.findIndex((t) => t.id === id);
        const [t] = queue.splice(i, 1);
        order.push(t!.id);
        streak = t!.priorityGroup !== null ? streak + 1 : 0;
        if (queue.some((q) => q.priorityGroup === null)) maxSeen = Math.max(maxSeen, streak);
      }
      expect(maxSeen).toBeLessThanOrEqual(maxInRow);
      // Walk-ins get at least one call in every maxInRow + 1, and priority visitors get the rest first.
      for (let k = 1; k <= 6; k++) expect(order.slice(0, k * (maxInRow + 1)).filter((id) => id.startsWith('w')).length).toBeGreaterThanOrEqual(k);
      expect(order[0]).toBe('p0');
    }
  });

  it('ageing: under motcua a walk-in who has waited the age cap goes before a priority visitor', () => {
    const config = { ...DEFAULT_DISPATCH_CONFIG, ageCapMin: 60 };
    expect(call([ticket('w-old', 61, false), ticket('p1', 2, true)], 0, config)).toBe('w-old');
    expect(call([ticket('w', 30, false), ticket('p1', 2, true)], 0, config)).toBe('p1');
  });
});
