import { describe, expect, it } from 'vitest';
import { readEnglishNumber } from './english-number';

describe('readEnglishNumber', () => {
  it.each([
    [0, 'zero'],
    [5, 'five'],
    [13, 'thirteen'],
    [21, 'twenty one'],
    [40, 'forty'],
    [105, 'one hundred five'],
    [1000, 'one thousand'],
    [1023, 'one thousand twenty three'],
    [2015, 'two thousand fifteen'],
    [9999, 'nine thousand nine hundred ninety nine'],
    [1_000_001, 'one million one'],
    [999_999_999, 'nine hundred ninety nine million nine hundred ninety nine thousand nine hundred ninety nine'],
  ] as [number, string][])('%i → %s', (n, text) => {
    expect(readEnglishNumber(n)).toBe(text);
  });

  it('refuses what it cannot read', () => {
    expect(() => readEnglishNumber(-3)).toThrow(RangeError);
    expect(() => readEnglishNumber(1e9)).toThrow(RangeError);
  });
});
