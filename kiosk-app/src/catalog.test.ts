import { describe, expect, it } from 'vitest';
import { availableChoices, availableFields, choicesOfField, countersFor, fieldPlace, fold, searchChoices } from './catalog';
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
