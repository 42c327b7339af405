import { describe, expect, it } from 'vitest';
import { staffingAdvice } from './advice';
import type { AdviceService, StaffingAdviceInput } from './advice';
import { DEFAULT_DISPATCH_CONFIG } from './policy';
import type { CounterView, QueuedTicket } from './types';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY_START = 1_700_000_000_000;

const services: AdviceService[] = [
  { id: 'A', name: { vi: 'Chứng thực', en: 'Certification' }, meanMin: 4, cv: 0.8, walkInsPerHour: [30, 30, 30, 30] },
  { id: 'C', name: { vi: 'Đất đai', en: 'Land' }, meanMin: 14, cv: 1, walkInsPerHour: [6, 6, 6, 6] },
];

function counter(id: string, primary: string[], status: CounterView['status'] = 'busy'): CounterView & { label: string } {
  return { id, label: id.slice(1), primary, secondary: [], status, idleSince: status === 'idle' ? DAY_START : null, busySince: status === 'busy' ? DAY_START + HOUR : null, currentServiceId: status === 'busy' ? primary[0]! : null };
}

function input(queueLen: number, reserve: boolean): StaffingAdviceInput {
  const now = DAY_START + HOUR;
  const queue: QueuedTicket[] = Array.from({ length: queueLen }, (_, i) => ({
    id: `q${i}`,
    serviceId: i % 4 === 0 ? 'C' : 'A',
    channel: 'kiosk',
    priorityGroup: null,
    queuedAt: now - (queueLen - i) * MIN,
    slotAt: null,
    targetCounterId: null,
  }));
  return {
    now,
    clock: { dayStart: DAY_START, dayStartLocalMin: 7 * 60 + 30 },
    lastTicketAt: DAY_START + 4 * HOUR,
    services,
    counters: [counter('Q1', ['A']), counter('Q2', ['A']), counter('Q3', ['C'])],
    queue,
    config: { ...DEFAULT_DISPATCH_CONFIG, secondarySlowdown: 1.15 },
    reserve: reserve ? { counterId: 'R1', label: '9' } : null,
    options: { samples: 8, seed: 5 },
  };
}

describe('staffingAdvice', () => {
  it('advises nothing when the forecast keeps waits within the target', () => {
    const quiet: StaffingAdviceInput = { ...input(0, true), services: services.map((s) => ({ ...s, walkInsPerHour: [2, 2, 2, 2] })) };
    const a = staffingAdvice(quiet);
    expect(a.items).toEqual([]);
    expect(a.forecast.late).toBeLessThan(0.03);
  });

  it('when waits will pass the target, advises changes with vi/en text, ids, a window and the simulated effect', () => {
    const a = staffingAdvice(input(25, true));
    expect(a.forecast.late).toBeGreaterThan(0.1);
    expect(a.items.length).toBeGreaterThan(0);
    for (const item of a.items) {
      expect(item.effect.lateWith).toBeLessThan(item.effect.lateWithout - 0.01);
      expect(item.to).toBeGreaterThan(item.from);
      expect(item.from).toBe(DAY_START + HOUR);
      expect(item.serviceIds.length).toBeGreaterThan(0);
      expect(item.text.vi.length).toBeGreaterThan(0);
      expect(item.text.en.length).toBeGreaterThan(0);
      if (item.kind === 'add-skill') {
        expect(item.text.vi).toMatch(/^Quầy \d: nhận thêm lĩnh vực .+ đến \d\d:\d\d/);
        expect(item.text.en).toMatch(/^Counter \d: also take .+ until \d\d:\d\d/);
      } else {
        expect(item.counterId).toBe('R1');
        expect(item.text.vi).toMatch(/^Mở thêm quầy 9 \(cán bộ dự phòng\) 08:30–\d\d:\d\d/);
      }
    }
    // Deterministic for a seed.
    expect(staffingAdvice(input(25, true))).toEqual(a);
  });

  it('without a reserve clerk, only changes what the counters serve', () => {
    const a = staffingAdvice(input(25, false));
    for (const item of a.items) expect(item.kind).not.toBe('open-counter');
  });

  it('moves a clerk to the work of a counter for a service few counters serve, when that helps most', () => {
    // Đất đai (C) only at Q3, 14 min each and a secondary skill would take twice as long: the clerk of
    // Q1 or Q2 doing Q3's work at full speed helps more than either taking C on the side.
    // Bug it catches: no move-clerk lever (only extra skills and a reserve counter were ever advised).
    const base = input(0, false);
    const queue: QueuedTicket[] = Array.from({ length: 14 }, (_, i) => ({ id: `c${i}`, serviceId: 'C', channel: 'kiosk', priorityGroup: null, queuedAt: base.now - (14 - i) * 2 * MIN, slotAt: null, targetCounterId: null }));
    const inp: StaffingAdviceInput = {
      ...base,
      queue,
      services: [
        { ...services[0]!, walkInsPerHour: [8, 8, 8, 8] },
        { ...services[1]!, walkInsPerHour: [5, 5, 5, 5] },
      ],
      config: { ...base.config, secondarySlowdown: 2 },
      options: { samples: 8, seed: 3, maxItems: 6 },
    };
    const a = staffingAdvice(inp);
    const move = a.items.find((i) => i.kind === 'move-clerk');
    expect(move, JSON.stringify(a.items.map((i) => i.text.en))).toBeDefined();
    expect(move!.like).toBe('Q3');
    expect(move!.serviceIds).toEqual(['C']);
    expect(['Q1', 'Q2']).toContain(move!.counterId);
    expect(move!.text.vi).toMatch(/^Cán bộ quầy [12] chuyển sang làm lĩnh vực Đất đai \(như quầy 3\) đến \d\d:\d\d; việc của quầy [12] do các quầy khác nhận \(dự kiến chờ quá 20 phút \d+% → \d+%\)$/);
    expect(move!.text.en).toMatch(/^The clerk of counter [12] switches to Land \(like counter 3\) until \d\d:\d\d/);
    expect(move!.effect.lateWith).toBeLessThan(move!.effect.lateWithout);
  }, 60_000);

  it('opens the reserve counter when every open counter already serves everything', () => {
    // No extra skill or clerk move is possible (both counters serve A and C): only the reserve helps.
    // Bug it catches: the reserve clerk's counter never proposed (no open-counter candidate), so the
    // manager was told nothing while 40 waited.
    const base = input(40, true);
    const both = (id: string): CounterView & { label: string } => ({ ...counter(id, ['A', 'C']), currentServiceId: 'A' });
    const a = staffingAdvice({ ...base, counters: [both('Q1'), both('Q2')] });
    const open = a.items.find((i) => i.kind === 'open-counter');
    expect(open, JSON.stringify(a.items.map((i) => i.text.en))).toBeDefined();
    expect(a.items.every((i) => i.kind === 'open-counter')).toBe(true);
    expect(open!.counterId).toBe('R1');
    expect(open!.serviceIds).toEqual(['A', 'C']);
    expect(open!.to - open!.from).toBeGreaterThanOrEqual(60 * MIN);
    expect(open!.text.vi).toMatch(/^Mở thêm quầy 9 \(cán bộ dự phòng\) 08:30–\d\d:\d\d \(dự kiến chờ quá 20 phút \d+% → \d+%\)$/);
    expect(open!.effect.lateWith).toBeLessThan(open!.effect.lateWithout);
  }, 60_000);

  it('advises the reserve counter for no longer than the budget left (maxMin)', () => {
    // Bug it catches: the window chosen among 60/90/120 minutes whatever the day's reserve hours left.
    const base = input(40, true);
    const both = (id: string): CounterView & { label: string } => ({ ...counter(id, ['A', 'C']), currentServiceId: 'A' });
    const a = staffingAdvice({ ...base, counters: [both('Q1'), both('Q2')], reserve: { counterId: 'R1', label: '9', maxMin: 40 } });
    const open = a.items.find((i) => i.kind === 'open-counter');
    expect(open, JSON.stringify(a.items.map((i) => i.text.en))).toBeDefined();
    expect(open!.to - open!.from).toBe(40 * MIN);
    expect(open!.text.vi).toMatch(/^Mở thêm quầy 9 \(cán bộ dự phòng\) 08:30–09:10 /);
  }, 60_000);

  it('keeps the reserve for a forecast over reserveLateThreshold (10 %): below it only the cheap levers are tried', () => {
    // Two counters serving everything, nobody waiting yet, 30 Chứng thực an hour forecast: about 4 %
    // expected over 20 minutes. Only the reserve would help; it is kept (no item) by default and
    // advised when tried from 3 %.
    // Bug it catches: the reserve tried whenever any advice was (from 3 %), which spent the day's
    // reserve hours early (M-280, 40 days with --advice-budget 2: over30 0.72 % against 0.46 %).
    const base = input(0, true);
    const both = (id: string): CounterView & { label: string } => ({ ...counter(id, ['A', 'C']), busySince: base.now - 2 * MIN, currentServiceId: 'A' });
    const state: StaffingAdviceInput = {
      ...base,
      counters: [both('Q1'), both('Q2')],
      services: [
        { ...services[0]!, walkInsPerHour: [30, 30, 30, 30] },
        { ...services[1]!, walkInsPerHour: [1, 1, 1, 1] },
      ],
    };
    const kept = staffingAdvice(state);
    expect(kept.forecast.late).toBeGreaterThan(0.03);
    expect(kept.forecast.late).toBeLessThan(0.06);
    expect(kept.items).toEqual([]);
    const early = staffingAdvice({ ...state, options: { ...state.options, reserveLateThreshold: 0.03 } });
    expect(early.forecast).toEqual(kept.forecast);
    expect(early.items.map((i) => i.kind)).toEqual(['open-counter']);
  }, 60_000);

  it('the reserve is one of the hub\'s closed counters: opening it still works with the same id among the counters', () => {
    // The hub passes its closed counter as the reserve; the simulation must not mistake it for the
    // closed one. Bug it catches: the reserve simulated under the closed counter's own id took the
    // closed counter's view (first with that id: Đất đai only), so it served none of the Chứng thực queue.
    const base = input(40, true);
    const both = (id: string): CounterView & { label: string } => ({ ...counter(id, ['A', 'C']), currentServiceId: 'A' });
    // The closed counter's own set-up (Đất đai only) differs from what the reserve clerk takes (both).
    const closed = { ...counter('Q9', ['C'], 'closed'), label: '9' };
    const queue = base.queue.map((t) => ({ ...t, serviceId: 'A' }));
    const quietC = services.map((x) => (x.id === 'C' ? { ...x, walkInsPerHour: [0, 0, 0, 0] } : x));
    const a = staffingAdvice({ ...base, queue, services: quietC, counters: [both('Q1'), both('Q2'), closed], reserve: { counterId: 'Q9', label: '9', skills: ['A', 'C'] } });
    const open = a.items.find((i) => i.kind === 'open-counter');
    expect(open, JSON.stringify(a.items.map((i) => i.text.en))).toBeDefined();
    expect(open!.counterId).toBe('Q9');
  }, 60_000);

  it('figures a manager can check: the right term, the p95 within the horizon, the queue now', () => {
    // 300 waiting on three counters: most will not be called within the two-hour horizon.
    const big = input(300, true);
    const a = staffingAdvice({ ...big, options: { ...big.options, samples: 4 } });
    expect(a.pressure).toEqual({ waiting: 300, overTarget: 280, oldestWaitMin: 300, openCounters: 3, closedCounters: 0 });
    // Bug it catches: waits simulated until the queue empties gave "95% chờ dưới 2003 → 2032 phút".
    // Judged within the horizon: at most the longest wait so far plus the two hours ahead.
    const bound = a.pressure.oldestWaitMin + 120;
    expect(a.forecast.p95Min).toBeLessThanOrEqual(bound);
    for (const item of a.items) {
      expect(item.effect.p95WithMin).toBeLessThanOrEqual(bound);
      expect(item.effect.horizonMin).toBe(120);
      expect(item.text.vi).toContain('dự kiến chờ quá 20 phút');
      expect(item.text.vi).not.toContain('trễ hẹn');
    }
  }, 60_000);

  it('never advises a change its own forecast says makes the tail worse, and cheaper levers come first', () => {
    for (const [n, reserve] of [[25, true], [25, false], [60, true], [120, true], [10, true]] as const) {
      for (const seed of [1, 2, 3]) {
        const inp = input(n, reserve);
        const a = staffingAdvice({ ...inp, options: { ...inp.options, seed, maxItems: 10 } });
        for (const item of a.items) {
          expect(item.effect.lateWith).toBeLessThan(item.effect.lateWithout);
          expect(item.effect.p95WithMin, `${n} ${seed} ${item.text.en}`).toBeLessThanOrEqual(item.effect.p95WithoutMin);
        }
        // A costlier lever first only when no cheaper one gets half the best gain (gain: the share over
        // the target plus the share over 30 minutes, as the advice judges it).
        const gain = (i: number): number => a.items[i]!.effect.lateWithout + a.items[i]!.effect.over30Without - a.items[i]!.effect.lateWith - a.items[i]!.effect.over30With;
        const cost = { 'add-skill': 0, 'move-clerk': 1, 'open-counter': 2 } as const;
        const best = Math.max(0, ...a.items.map((_, i) => gain(i)));
        if (a.items.length > 0) {
          for (let i = 0; i < a.items.length; i++) {
            if (cost[a.items[i]!.kind] < cost[a.items[0]!.kind]) expect(gain(i)).toBeLessThan(0.5 * best);
          }
        }
      }
    }
  }, 60_000);
});
