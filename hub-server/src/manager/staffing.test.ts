/** The advice's items in the protocol's shape: every lever dispatch uses reaches the manager (issue 16 item 3). */
import { describe, expect, it } from 'vitest';
import type { StaffingAdvice, StaffingAdviceInput } from '../dispatch';
import { DEFAULT_DISPATCH_CONFIG } from '../dispatch';
import { toProtocolItems } from './staffing';

const MIN = 60_000;
const NOW = 1_700_000_000_000;
const effect = { lateWithout: 0.3, lateWith: 0.1, over30Without: 0.2, over30With: 0.05, p95WithoutMin: 60, p95WithMin: 25, horizonMin: 120 };
const text = { vi: 'x', en: 'x' };

const input = { now: NOW, config: DEFAULT_DISPATCH_CONFIG } as const satisfies Pick<StaffingAdviceInput, 'now' | 'config'>;

describe('toProtocolItems', () => {
  it('maps every lever: an extra skill per service, a clerk move (from, to, services), a reserve counter (counter, hours)', () => {
    const advice: StaffingAdvice = {
      forecast: { late: 0.3, p95Min: 60, samples: 8 },
      pressure: { waiting: 30, overTarget: 8, oldestWaitMin: 41, openCounters: 3, closedCounters: 2 },
      items: [
        { kind: 'add-skill', counterId: 'c2', serviceIds: ['s-a', 's-b'], from: NOW, to: NOW + 60 * MIN, text, effect },
        { kind: 'move-clerk', counterId: 'c1', like: 'c4', serviceIds: ['s-dat-dai'], from: NOW, to: NOW + 90 * MIN, text, effect },
        { kind: 'open-counter', counterId: 'c6', serviceIds: ['s-a'], from: NOW, to: NOW + 90 * MIN, text, effect },
      ],
    };
    // Bug it catches: the hub dropped every item that was not an extra skill (`if (it.kind !== 'add-skill') continue`),
    // so the manager never saw a clerk move or a reserve counter the advice relied on.
    const items = toProtocolItems(advice, input);
    expect(items.map((i) => i.kind)).toEqual(['addSkill', 'addSkill', 'moveClerk', 'openReserve']);
    expect(items[0]).toMatchObject({ kind: 'addSkill', counterId: 'c2', serviceId: 's-a', level: 'secondary', from: NOW, until: NOW + 60 * MIN });
    expect(items[2]).toMatchObject({ kind: 'moveClerk', counterId: 'c1', fromCounterId: 'c1', toCounterId: 'c4', serviceIds: ['s-dat-dai'], until: NOW + 90 * MIN });
    expect(items[3]).toMatchObject({ kind: 'openReserve', counterId: 'c6', serviceIds: ['s-a'], hours: 1.5 });
    // Ids differ per item and are stable for the same advice.
    expect(new Set(items.map((i) => i.id)).size).toBe(4);
    expect(toProtocolItems(advice, input).map((i) => i.id)).toEqual(items.map((i) => i.id));
    for (const it of items) expect(it.effect?.vi).toContain('chờ quá 20 phút');
  });
});
