import { describe, expect, it } from 'vitest';
import { availableChoices, availableFields, choicesOfField, countersFor, fieldPlace, fold, searchChoices } from './catalog';
import type { Counter, Field, Procedure, Service } from '@motcua/shared';
import { testSnapshot } from './test-snapshot.test-support';

describe('catalog', () => {
  const s = testSnapshot();

  it('folds Vietnamese for search: accents, đ, case, spaces', () => {
    expect(fold('  Đăng   KÝ khai Sinh ')).toBe('dang ky khai sinh');
    expect(fold('Chứng thực')).toBe('chung thuc');
  });

  it('offers only fields with something servable, in the centre order', () => {
    expect(availableFields(s).map((f) => f.code)).toEqual(['CT', 'HT', 'TKQ']); // land is inactive, "Trống" empty
  });

  it('a service without procedures is a choice by itself', () => {
    const tra = choicesOfField(s, 'f-tra');
    expect(tra).toEqual([expect.objectContaining({ procedureId: null, serviceId: 's-tra', nationalCode: null })]);
    expect(availableChoices(s).some((c) => c.serviceId === 's-dd')).toBe(false);
  });

  it('finds procedures by name with or without accents, in Vietnamese or English', () => {
    expect(searchChoices(s, 'khai sinh').map((c) => c.procedureId)).toEqual(['p-1001193']);
    expect(searchChoices(s, 'KHAI SINH').map((c) => c.procedureId)).toEqual(['p-1001193']);
    expect(searchChoices(s, 'đăng ký').map((c) => c.procedureId).sort()).toEqual(['p-1000894', 'p-1001193']);
    expect(searchChoices(s, 'marriage').map((c) => c.procedureId)).toEqual(['p-1000894']);
    expect(searchChoices(s, 'ho tich').map((c) => c.procedureId).sort()).toEqual(['p-1000894', 'p-1001193']); // field name
    expect(searchChoices(s, 'ket qua').map((c) => c.serviceId)).toEqual(['s-tra']);
  });

  it('finds procedures by national code, with or without the dot, and by prefix', () => {
    expect(searchChoices(s, '1.001193').map((c) => c.procedureId)).toEqual(['p-1001193']);
    expect(searchChoices(s, '1001193').map((c) => c.procedureId)).toEqual(['p-1001193']);
    expect(searchChoices(s, '1.00').map((c) => c.procedureId).sort()).toEqual(['p-1000894', 'p-1001193']);
    expect(searchChoices(s, '1.004227')).toEqual([]); // inactive service
  });

  it('empty or unmatched queries find nothing', () => {
    expect(searchChoices(s, '   ')).toEqual([]);
    expect(searchChoices(s, 'xyz khong co')).toEqual([]);
  });

  it('lists the counters that call a service, primary first', () => {
    expect(countersFor(s.counters, 's-ht').map((c) => c.number)).toEqual([2, 1, 5]);
    expect(countersFor(s.counters, 's-ct').map((c) => c.number)).toEqual([1, 2]);
  });

  it('summarises a field’s wait', () => {
    expect(fieldPlace(s, 'f-ho-tich')).toEqual({ aheadMin: 9, aheadMax: 9, wait: { kind: 'range', low: 30, high: 40 }, long: true, waiting: 9 });
    expect(fieldPlace(s, 'f-tra')).toBeNull();
  });
});

describe('search ranks the obvious field first', () => {
  // A ward with land, social benefits and business registration (the issue: "so do" listed "trợ cấp xã hội" first).
  const field = (id: string, code: string, vi: string, en: string, sortOrder: number): Field => ({ id, code, name: { vi, en }, sortOrder });
  const service = (id: string, fieldId: string, vi: string, en: string): Service => ({ id, code: id.toUpperCase(), name: { vi, en }, fieldId, prefix: '1', expectedServiceMin: 10, active: true });
  let code = 0;
  const proc = (id: string, serviceId: string, fieldId: string, vi: string, en: string): Procedure => ({ id, nationalCode: `2.00000${++code}`, name: { vi, en }, fieldId, serviceId });
  const counter = (id: string, number: number, primary: string[]): Counter => ({ id, number, name: { vi: `Quầy ${number}`, en: `Counter ${number}` }, primary, secondary: [], status: 'open', pauseReason: null, clerkId: null, zone: null });
  const ward = {
    fields: [field('f-ld', 'LD', 'Bảo hiểm xã hội – Lao động', 'Social insurance and labour', 1), field('f-dd', 'DD', 'Đất đai', 'Land', 2), field('f-kd', 'KD', 'Đăng ký kinh doanh', 'Business registration', 3)],
    services: [service('s-ld', 'f-ld', 'Bảo hiểm xã hội, chính sách', 'Social insurance and benefits'), service('s-dd', 'f-dd', 'Đất đai', 'Land'), service('s-kd', 'f-kd', 'Đăng ký hộ kinh doanh', 'Household business registration')],
    procedures: [
      proc('p-tro-cap', 's-ld', 'f-ld', 'Trợ cấp xã hội hằng tháng', 'Monthly social allowance'),
      proc('p-so-do', 's-dd', 'f-dd', 'Đăng ký biến động quyền sử dụng đất', 'Registering changes of land-use rights'),
      proc('p-cap-gcn', 's-dd', 'f-dd', 'Cấp giấy chứng nhận quyền sử dụng đất lần đầu', 'First land-use certificate'),
      proc('p-hkd', 's-kd', 'f-kd', 'Đăng ký thành lập hộ kinh doanh', 'Household business registration'),
    ],
    counters: [counter('c1', 1, ['s-ld', 's-dd', 's-kd'])],
  };

  it('"so do" and "sổ đỏ" find land first, not "trợ cấp xã hội"', () => {
    for (const q of ['so do', 'sổ đỏ', 'SỔ ĐỎ', 'làm sổ đỏ']) {
      const r = searchChoices(ward, q);
      expect(r[0]?.fieldId, q).toBe('f-dd');
      expect(r[1]?.fieldId, q).toBe('f-dd');
    }
  });

  it('whole words and the Vietnamese name rank above word beginnings and English', () => {
    expect(searchChoices(ward, 'dat')[0]?.fieldId).toBe('f-dd');
    expect(searchChoices(ward, 'kinh doanh')[0]?.procedureId).toBe('p-hkd');
    expect(searchChoices(ward, 'tro cap').map((c) => c.procedureId)).toEqual(['p-tro-cap']);
    // A word must begin a word: "oanh" is inside "doanh" but begins nothing.
    expect(searchChoices(ward, 'oanh')).toEqual([]);
  });
});

