import { describe, expect, it } from 'vitest';
import { TEST_CITIZEN } from '../virtual/cccd-test-data';
import { ChipError } from './errors';
import { toChipError } from './pcsc';
import { ageBand, ageOn, idPseudonym, minimise } from './privacy';

describe('data minimisation', () => {
  const key = new Uint8Array(32).fill(1);

  it('age in whole years, birthday counted on the day', () => {
    expect(ageOn('1958-03-12', '2026-03-11')).toBe(67);
    expect(ageOn('1958-03-12', '2026-03-12')).toBe(68);
    expect(ageOn('2000-02-29', '2026-02-28')).toBe(25);
  });

  it('age bands: default edges and a centre threshold', () => {
    expect(ageBand(5)).toEqual({ min: 0, max: 6 });
    expect(ageBand(59)).toEqual({ min: 16, max: 60 });
    expect(ageBand(60)).toEqual({ min: 60, max: 75 });
    expect(ageBand(80)).toEqual({ min: 75, max: null });
    expect(ageBand(64, [65])).toEqual({ min: 0, max: 65 });
    expect(ageBand(65, [65])).toEqual({ min: 65, max: null });
  });

  it('the pseudonym is keyed, stable and does not contain the ID', () => {
    const p = idPseudonym(TEST_CITIZEN.idNumber, key);
    expect(p).toBe(idPseudonym(TEST_CITIZEN.idNumber, key));
    expect(p).not.toBe(idPseudonym(TEST_CITIZEN.idNumber, new Uint8Array(32).fill(2)));
    expect(p).not.toBe(idPseudonym('001158012346', key));
    expect(p).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(() => idPseudonym(TEST_CITIZEN.idNumber, new Uint8Array(8))).toThrow();
  });

  it('only the name, the age band and the pseudonym are kept', () => {
    const m = minimise({ ...TEST_CITIZEN, other: {} }, { key, today: '2026-12-04' });
    expect(Object.keys(m).sort()).toEqual(['ageBand', 'fullName', 'idPseudonym']);
    expect(m).toMatchObject({ fullName: 'Trần Thị Bình', ageBand: { min: 60, max: 75 } });
  });
});

describe('PC/SC error mapping', () => {
  const withCode = (code: number, message = 'x'): Error & { code: number } => Object.assign(new Error(message), { code });
  it('maps pcsc-lite codes and the monitor’s texts to chip error codes', () => {
    expect(toChipError(withCode(0x80100069)).code).toBe('card_removed');
    expect(toChipError(withCode(0x8010000c)).code).toBe('card_removed');
    expect(toChipError(withCode(0x80100017)).code).toBe('reader_unplugged');
    expect(toChipError(withCode(0x8010002e)).code).toBe('no_reader');
    expect(toChipError(withCode(0x8010001d)).code).toBe('pcsc_unavailable');
    expect(toChipError(withCode(-2146435043)).code).toBe('pcsc_unavailable'); // the same code as a signed int
    expect(toChipError(new Error('PC/SC service not running')).code).toBe('pcsc_unavailable');
    expect(toChipError(new Error('Reader unavailable')).code).toBe('reader_unplugged');
    expect(toChipError(new Error('Transaction failed')).code).toBe('io');
    const ce = new ChipError('not_cccd');
    expect(toChipError(ce)).toBe(ce);
  });
});
