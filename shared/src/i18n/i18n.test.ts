import { describe, expect, it } from 'vitest';
import { catalogueProblems, createTranslator, formatDate, formatDateTime, formatDuration, formatNumber, formatPercent, SHARED_EN, SHARED_VI, t } from './index';

describe('createTranslator', () => {
  const vi = { hello: 'Xin chào, {name}!', tickets: 'Còn {n} số', plain: 'Đã hủy' } as const;
  const en = { hello: 'Hello, {name}!', tickets: '{n, plural, one {# ticket} other {# tickets}} left', plain: 'Cancelled' };
  const tr = createTranslator(vi, en);

  it('fills placeholders in the chosen language', () => {
    expect(tr('vi', 'hello', { name: 'An' })).toBe('Xin chào, An!');
    expect(tr('en', 'hello', { name: 'An' })).toBe('Hello, An!');
  });

  it('uses ICU plurals in English and formats numbers per language', () => {
    expect(tr('en', 'tickets', { n: 1 })).toBe('1 ticket left');
    expect(tr('en', 'tickets', { n: 1234 })).toBe('1,234 tickets left');
    expect(tr('vi', 'tickets', { n: 1234 })).toBe('Còn 1.234 số');
    expect(tr('vi', 'tickets', { n: 4.5 })).toBe('Còn 4,5 số');
    expect(tr('en', 'hello', { name: 4.5 })).toBe('Hello, 4.5!');
  });

  it('gives both languages, with English-only values, as an object or a pair', () => {
    expect(tr.both('hello', { name: 'Sở Tư pháp' }, { name: 'Department of Justice' })).toEqual({ vi: 'Xin chào, Sở Tư pháp!', en: 'Hello, Department of Justice!' });
    expect(tr.pair('plain')).toEqual(['Đã hủy', 'Cancelled']);
  });

  it('knows its keys', () => {
    expect(tr.has('plain')).toBe(true);
    expect(tr.has('nope')).toBe(false);
  });

  it('rejects a key the catalogue does not have, at build time', () => {
    // @ts-expect-error — 'nope' is not a key of the catalogue: the typecheck fails if this compiles.
    expect(() => tr('vi', 'nope')).toThrow('no vi message "nope"');
    // @ts-expect-error — an English catalogue missing a key of the Vietnamese one does not type.
    createTranslator(vi, { hello: 'Hello', tickets: 'Tickets' });
  });
});

describe('catalogueProblems', () => {
  it('finds unparsable messages and placeholders that differ between languages', () => {
    expect(catalogueProblems({ a: 'Quầy {n}', b: 'ok {' }, { a: 'Counter {number}', b: 'ok' })).toEqual([
      '"a": vi {n} ≠ en {number}',
      expect.stringMatching(/^vi "b": /),
    ]);
    expect(catalogueProblems({ a: 'Còn {n} số' }, { a: '{n, plural, one {# ticket} other {# tickets}}' })).toEqual([]);
  });

  it('passes the shared catalogue', () => {
    expect(catalogueProblems(SHARED_VI, SHARED_EN)).toEqual([]);
    expect(t('vi', 'counterNumber', { number: 3 })).toBe('Quầy 3');
  });
});

describe('formatting per docs/VIETNAMESE.md', () => {
  it('writes a decimal comma in Vietnamese and a point in English', () => {
    expect(formatNumber(1234.56, 'vi')).toBe('1.234,6');
    expect(formatNumber(1234.56, 'en')).toBe('1,234.6');
    expect(formatNumber(4.25, 'vi', 2)).toBe('4,25');
    expect(formatNumber(3, 'en', 1, 1)).toBe('3.0');
    expect(formatNumber(null, 'vi')).toBe('—');
  });

  it('writes shares and durations the same way', () => {
    expect(formatPercent(0.125, 'vi')).toBe('12,5 %');
    expect(formatPercent(0.125, 'en')).toBe('12.5 %');
    expect(formatDuration(4.5, 'vi')).toBe('4,5 phút');
    expect(formatDuration(4.5, 'en')).toBe('4.5 min');
    expect(formatDuration(12, 'vi')).toBe('12 phút');
    expect(formatDuration(null, 'en')).toBe('—');
  });

  it('writes dates dd/mm/yyyy in the centre time zone, from an instant or a business day', () => {
    const at = Date.UTC(2026, 11, 4, 17, 5, 7); // 00:05:07 on 5 December in Ho Chi Minh City (UTC+7)
    expect(formatDate(at)).toBe('05/12/2026');
    expect(formatDate('2026-11-03')).toBe('03/11/2026');
    expect(formatDateTime(at)).toBe('05/12/2026 00:05:07');
    expect(formatDateTime(at, 'UTC', false)).toBe('04/12/2026 17:05');
  });
});
