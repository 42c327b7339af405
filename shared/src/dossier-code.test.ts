import { describe, expect, it } from 'vitest';
import { parseDossierCode } from './dossier-code';

const TODAY = '2026-11-23';
const reason = (s: string) => {
  const r = parseDossierCode(s, TODAY);
  return r.ok ? 'ok' : r.reason;
};

// Catches: accepting anything as a dossier code (reports would count typos as dossiers) or refusing
// real ones. Broken on purpose by dropping the calendar check (asDate comparison): 260230 passes and
// the 'date' expectation fails.
describe('parseDossierCode', () => {
  it('reads the national shape, normalised, typed or scanned', () => {
    expect(parseDossierCode(' 000.00.21.h29-261123-0001 ', TODAY)).toEqual({ ok: true, value: { code: '000.00.21.H29-261123-0001', agency: '000.00.21.H29', receivedOn: '2026-11-23', seq: 1 } });
    expect(reason('H29.12-250101-0001')).toBe('ok');
    expect(reason('000.00.21.H29-261122-123456')).toBe('ok');
  });
  it('refuses with the reason', () => {
    expect(reason('')).toBe('empty');
    expect(reason('A001')).toBe('shape');
    expect(reason('000.00.21.H29-2611230001')).toBe('shape');
    expect(reason('000.00.21.H29-26112-0001')).toBe('shape');
    expect(reason('000.00.21.29-261123-0001')).toBe('agency');
    expect(reason('ỦY BAN-261123-0001')).toBe('agency');
    expect(reason('000.00.21.H29-260230-0001')).toBe('date');
    expect(reason('000.00.21.H29-261301-0001')).toBe('date');
    expect(reason('000.00.21.H29-261124-0001')).toBe('future');
    expect(reason('000.00.21.H29-261123-0000')).toBe('sequence');
    expect(reason('000.00.21.H29-261123-12')).toBe('sequence');
  });
});
