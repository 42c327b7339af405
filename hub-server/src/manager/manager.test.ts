import { describe, expect, it } from 'vitest';
import { percentileCont } from '@motcua/shared';
import { alarmKey, computeAlarms } from './alarms';
import { mapHeader, normalizeHeader, planImport } from './catalog-import';
import { aggregate, weekOf } from './report-aggregate';
import type { ReportTicketRow } from '../db/manager-repo';
import { strandedServices } from './stranding';
import { weekdayName } from './manager-service';

const MIN = 60_000;

describe('catalogue import plan', () => {
  const catalog = {
    fields: [{ id: 'f-ht', code: 'HT', name: { vi: 'Hộ tịch', en: 'Civil status' }, sortOrder: 1 }],
    services: [{ id: 's-ht', code: 'HT', name: { vi: 'Hộ tịch', en: 'Civil status' }, fieldId: 'f-ht', prefix: '2', expectedServiceMin: 10, active: true }],
    procedures: [],
  };
  it('matches Vietnamese and English headers without accents or case', () => {
    expect(normalizeHeader(' Mã  Lĩnh vực ')).toBe('ma_linh_vuc');
    expect(mapHeader(['Tên lĩnh vực', 'Mã thủ tục', 'Tên thủ tục', 'Mã lĩnh vực']).map).toEqual({ fieldName: 0, nationalCode: 1, nameVi: 2, fieldCode: 3 });
    expect(mapHeader(['national_code', 'name_vi', 'name_en', 'field_code']).missing).toEqual([]);
    expect(mapHeader(['code', 'name']).missing).toEqual(['fieldCode']);
  });
  it('a missing column is one error on the header row', () => {
    const p = planImport(['Mã thủ tục', 'Tên'], [['1.001193', 'x']], catalog);
    expect(p.errors).toHaveLength(1);
    expect(p.errors[0]?.row).toBe(1);
    expect(p.procedures).toEqual([]);
  });
  it('uses the only service of a field, skips blank rows and numbers rows as in the file', () => {
    const p = planImport(['ma_thu_tuc', 'ten_thu_tuc', 'ma_linh_vuc'], [['1.001193', 'Khai sinh', 'ht'], ['', '', ''], ['1.000894', '', 'HT']], catalog);
    expect(p.total).toBe(2);
    expect(p.procedures).toEqual([{ id: 'p-1001193', nationalCode: '1.001193', name: { vi: 'Khai sinh', en: 'Khai sinh' }, fieldId: 'f-ht', serviceId: 's-ht' }]);
    expect(p.errors.map((e) => [e.row, e.column])).toEqual([[4, 'Tên thủ tục']]);
  });
});

describe('stranding rule', () => {
  it('finds services with people waiting and no counter left', () => {
    const counters = [{ id: 'c1', primary: ['a'], secondary: ['b'] }];
    expect(strandedServices({ a: 2, b: 1, c: 0 }, counters)).toEqual([]);
    expect(strandedServices({ a: 2, b: 1, d: 3 }, [{ id: 'c1', primary: ['a'], secondary: [] }])).toEqual([
      { serviceId: 'b', waiting: 1 },
      { serviceId: 'd', waiting: 3 },
    ]);
  });
});

describe('alarms', () => {
  const w = (id: string, queuedAt: number) => ({ id, number: id, serviceId: 's', queuedAt });
  it('warns at 15 minutes and breaches at 20, longest wait first', () => {
    const now = 100 * MIN;
    const a = computeAlarms([w('x', now - 14 * MIN), w('y', now - 15 * MIN), w('z', now - 21 * MIN)], () => 'f', now, 15, 20);
    expect(a.map((x) => [x.ticketId, x.level, x.waitedMin])).toEqual([
      ['z', 'breach', 21],
      ['y', 'warn', 15],
    ]);
    expect(alarmKey(a)).toBe('z:breach|y:warn');
  });
});

describe('report aggregation', () => {
  const t = (p: Partial<ReportTicketRow>): ReportTicketRow => ({ id: 'x', day: '2026-11-23', serviceId: 's', channel: 'kiosk', counterId: 'c1', clerkId: 'u1', state: 'done', issuedAt: 0, queuedAt: 0, firstCalledAt: null, startedAt: null, finishedAt: null, rating: null, ...p });
  it('counts states, waits from first call, late share strictly over the threshold', () => {
    const g = aggregate('w', 'w', { vi: 'w', en: 'w' }, [t({ firstCalledAt: 20 * MIN, startedAt: 20 * MIN, finishedAt: 26 * MIN, rating: 4 }), t({ state: 'no_show', firstCalledAt: 21 * MIN }), t({ state: 'cancelled' }), t({ state: 'waiting', queuedAt: 15 * MIN })], 20, 4, 30 * MIN);
    expect(g).toMatchObject({ received: 4, served: 1, noShows: 1, cancelled: 1, avgWaitMin: 20.5, maxWaitMin: 21, lateShare: 0.5, avgServiceMin: 6, ratings: 1, avgRating: 4, ratingCounts: [0, 0, 0, 1] });
  });
  // Catches: "chờ quá 20 phút" counting only citizens already called — a day when nobody was called
  // for an hour read 0 %. Broken on purpose by not counting uncalled waits (the `else if` in
  // aggregate): the share below reads 1/2 instead of 3/4 and this fails.
  it('counts citizens still waiting, or who left, past the threshold in the late share (not in the mean)', () => {
    const g = aggregate(
      'w',
      'w',
      { vi: 'w', en: 'w' },
      [
        t({ firstCalledAt: 10 * MIN }), // called after 10 min
        t({ firstCalledAt: 25 * MIN }), // called after 25 min: late
        t({ state: 'waiting', queuedAt: 5 * MIN }), // 35 min so far at now = 40: late
        t({ state: 'cancelled', queuedAt: 0, finishedAt: 30 * MIN }), // left after 30 min: late
        t({ state: 'waiting', queuedAt: 30 * MIN }), // 10 min so far: not known to be late, not counted
        t({ state: 'waiting', channel: 'walk_in', queuedAt: 0 }), // a walk-in never queued
      ],
      20,
      4,
      40 * MIN,
    );
    expect(g.lateShare).toBe(0.75);
    expect(g.avgWaitMin).toBe(17.5);
    expect(g.walkIns).toBe(1);
  });
  it('names a day by its weekday', () => {
    expect(weekdayName('2026-11-23')).toEqual({ vi: 'Thứ Hai', en: 'Monday' });
    expect(weekdayName('2026-11-29')).toEqual({ vi: 'Chủ nhật', en: 'Sunday' });
  });
  it('p90 is percentile_cont and weeks run Monday to Sunday', () => {
    expect(percentileCont([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBeCloseTo(9.1);
    expect(percentileCont([], 0.9)).toBeNull();
    expect(weekOf('2026-11-29')).toMatchObject({ from: '2026-11-23', to: '2026-11-29' });
    expect(weekOf('2026-11-23')).toMatchObject({ from: '2026-11-23', to: '2026-11-29' });
  });
});
