import { describe, expect, it } from 'vitest';
import { parseMotcuaTuning } from './tuning-arg';

describe('--motcua', () => {
  it('reads numeric and boolean knobs', () => {
    expect(parseMotcuaTuning('tailMin=0, tailPerBacklog=0,useAlternatives=false')).toEqual({ ok: true, tuning: { tailMin: 0, tailPerBacklog: 0, useAlternatives: false } });
    expect(parseMotcuaTuning('tailMin=Infinity')).toEqual({ ok: true, tuning: { tailMin: Infinity } });
  });
  it('names an unknown knob or a bad value', () => {
    const unknown = parseMotcuaTuning('tail=3');
    expect(unknown.ok).toBe(false);
    if (!unknown.ok) expect(unknown.error).toContain('unknown knob "tail"');
    const bad = parseMotcuaTuning('tailMin=abc');
    expect(!bad.ok && bad.error).toContain('tailMin must be a number');
    expect(parseMotcuaTuning('tailMin=-1').ok).toBe(false);
    expect(parseMotcuaTuning('useAlternatives=yes').ok).toBe(false);
    expect(parseMotcuaTuning('tailMin').ok).toBe(false);
  });
});
