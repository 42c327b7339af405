import { describe, expect, it } from 'vitest';
import type { CounterView } from '../dispatch/types';
import { predictionCounters } from './queue';

const NOW = 1_000_000;
const counter = (id: string, status: CounterView['status'], primary: string[]): CounterView => ({ id, primary, secondary: [], status, idleSince: status === 'idle' ? NOW - 60_000 : null, busySince: status === 'busy' ? NOW - 120_000 : null, currentServiceId: status === 'busy' ? primary[0] ?? null : null });

describe('predictionCounters: the counters as every place-and-wait reads them', () => {
  const views = [counter('idle', 'idle', ['a']), counter('busy', 'busy', ['a']), counter('closed-a', 'closed', ['a']), counter('paused-b', 'paused', ['b']), counter('closed-b', 'closed', ['b'])];

  it('an idle counter becomes free now; busy, paused and closed ones stay as they are', () => {
    const out = predictionCounters(views, NOW);
    expect(out.map((c) => [c.id, c.status, c.busySince, c.currentServiceId])).toEqual([
      ['idle', 'busy', NOW, null],
      ['busy', 'busy', NOW - 120_000, 'a'],
      ['closed-a', 'closed', null, null],
      ['paused-b', 'paused', null, null],
      ['closed-b', 'closed', null, null],
    ]);
  });

  it('for a service nobody serves now, its closed or paused counters are assumed to open now, no other', () => {
    // Bug this catches: before opening the citizen was told nothing (no counter serves the service),
    // or a counter of another service was opened for it (seen failing with the `servesService` test
    // dropped from the `openFor` branch: closed-a opened for service b).
    const out = predictionCounters(views, NOW, 'b');
    expect(out.map((c) => [c.id, c.status])).toEqual([
      ['idle', 'busy'],
      ['busy', 'busy'],
      ['closed-a', 'closed'],
      ['paused-b', 'busy'],
      ['closed-b', 'busy'],
    ]);
    expect(out.find((c) => c.id === 'busy')?.busySince).toBe(NOW - 120_000); // a counter at work keeps its citizen
  });
});
