import { describe, expect, it } from 'vitest';
import { parseMotcuaTuning } from './tuning-arg';

describe('--motcua', () => {
  it('reads numeric and boolean knobs', () => {
    expect(parseMotcuaTuning('tailMaxMin=40, tailPerBacklog=0,useAlternatives=false')).toEqual({ ok: true, tuning: { tailMaxMin: 40, tailPerBacklog: 0, useAlternatives: false } });
    expect(parseMotcuaTuning('tailMaxMin=Infinity')).toEqual({ ok: true, tuning: { tailMaxMin: Infinity } });
  });
  it('names an unknown knob or a bad value', () => {
    const unknown = parseMotcuaTuning('tail=3');
    expect(unknown.ok).toBe(false);
    if (!unknown.ok) expect(unknown.error).toContain('unknown knob "tail"');
    const bad = parseMotcuaTuning('tailMaxMin=abc');
    expect(!bad.ok && bad.error).toContain('tailMaxMin must be a number');
    expect(parseMotcuaTuning('tailMaxMin=-1').ok).toBe(false);
    expect(parseMotcuaTuning('useAlternatives=yes').ok).toBe(false);
    expect(parseMotcuaTuning('tailMaxMin').ok).toBe(false);
  });
});
