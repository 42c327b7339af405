import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demandOf, generateDay } from './day';
import { runScenario } from './run';
import { loadScenario } from './scenario';
import type { Scenario } from './scenario';

const BENCH = join(import.meta.dirname, '../../bench/scenarios');

function scenario(name: string): Scenario {
  const r = loadScenario(join(BENCH, `${name}.json`));
  if (!r.ok) throw r.error;
  return r.scenario;
}

/** Reference figures of hub-server/bench/scenarios/README.md (independent implementation, 200 days): late share, p99. */
const REFERENCE: Record<string, Record<string, { late: number; p99: number }>> = {
  'ward-S-140': { dedicated: { late: 0.236, p99: 53 }, 'shared-edf': { late: 0.056, p99: 31 }, pooled: { late: 0.028, p99: 16 } },
  'ward-M-280': { dedicated: { late: 0.21, p99: 87 }, 'shared-edf': { late: 0.108, p99: 31 }, pooled: { late: 0.044, p99: 17 } },
  'ward-S-200-overload': { dedicated: { late: 0.641, p99: 104 }, 'shared-edf': { late: 0.368, p99: 58 }, pooled: { late: 0.259, p99: 38 } },
  'ward-M-400-overload': { dedicated: { late: 0.662, p99: 174 }, 'shared-edf': { late: 0.749, p99: 90 }, pooled: { late: 0.617, p99: 62 } },
  'ward-L-800': { dedicated: { late: 0.107, p99: 50 }, 'shared-edf': { late: 0.001, p99: 9 }, pooled: { late: 0, p99: 3 } },
};

describe('simulator', () => {
  for (const [name, ref] of Object.entries(REFERENCE)) {
    it(`reproduces the bench baselines of ${name} within noise`, () => {
      const s = scenario(name);
      const days = name === 'ward-L-800' ? 20 : 60;
      const res = runScenario(s, { days, seed: 7, policies: ['dedicated', 'shared-edf', 'pooled'], predictFor: [] });
      for (const r of res) {
        const want = ref[r.policy]!;
        // Our standard error over `days` plus the reference's own (about 1 point), three times over.
        const tol = 3 * Math.hypot(r.late_se, 0.01);
        expect(Math.abs(r.late - want.late), `${name} ${r.policy} late ${r.late.toFixed(3)} vs ${want.late}`).toBeLessThanOrEqual(tol);
        expect(Math.abs(r.p99 - want.p99), `${name} ${r.policy} p99 ${r.p99.toFixed(1)} vs ${want.p99}`).toBeLessThanOrEqual(Math.max(3, 0.15 * want.p99));
      }
    });
  }

  it('generates the visitors the scenario asks for', () => {
    const s = scenario('ward-M-280');
    let n = 0;
    let appointments = 0;
    let walkAways = 0;
    let ordered = true;
    let inDay = true;
    const days = 200;
    for (let d = 0; d < days; d++) {
      const day = generateDay(s, 3, d, demandOf(s));
      n += day.n;
      for (let i = 0; i < day.n; i++) {
        if (!Number.isNaN(day.slot[i]!)) appointments++;
        walkAways += day.walkAway[i]!;
        if (i > 0 && day.arrival[i]! < day.arrival[i - 1]!) ordered = false;
        if (day.arrival[i]! > s.day.lastTicketMin * 60_000 || day.arrival[i]! < 0) inDay = false;
      }
    }
    expect(ordered).toBe(true);
    expect(inDay).toBe(true);
    // Walk-ins after lastTicketMin (465 of 480) are dropped: about 0.08 / 4 of them.
    const expected = s.visitorsPerDay * (1 - (1 - s.appointments.share) * 0.02);
    expect(n / days).toBeGreaterThan(expected * 0.97);
    expect(n / days).toBeLessThan(expected * 1.03);
    expect(appointments / n).toBeCloseTo(s.appointments.share, 1);
    expect(walkAways / (n - appointments)).toBeCloseTo(s.walkAway.share, 1);
  });

  it('is deterministic for a seed, and every policy sees the same days', () => {
    const s = scenario('ward-S-140');
    const a = runScenario(s, { days: 5, seed: 11, policies: ['shared-edf', 'motcua'] });
    const b = runScenario(s, { days: 5, seed: 11, policies: ['motcua', 'shared-edf'] });
    expect(a[0]).toEqual(b[1]);
    expect(a[1]).toEqual(b[0]);
    expect(a[0]!.visitors).toBe(a[1]!.visitors);
    const c = runScenario(s, { days: 5, seed: 12, policies: ['shared-edf'] });
    expect(c[0]!.late === a[0]!.late && c[0]!.p99 === a[0]!.p99).toBe(false);
    const d1 = generateDay(s, 11, 2);
    const d2 = generateDay(s, 11, 2);
    expect(Array.from(d1.baseMs)).toEqual(Array.from(d2.baseMs));
  });
});
