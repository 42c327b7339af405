import { describe, expect, it } from 'vitest';
import { readVietnameseNumber, vietnameseNumberWords } from './vietnamese-number';

describe('readVietnameseNumber', () => {
  const table: [number, string][] = [
    [0, 'không'],
    [1, 'một'],
    [4, 'bốn'],
    [5, 'năm'],
    [10, 'mười'],
    [11, 'mười một'],
    [14, 'mười bốn'],
    [15, 'mười lăm'],
    [20, 'hai mươi'],
    [21, 'hai mươi mốt'],
    [24, 'hai mươi bốn'],
    [25, 'hai mươi lăm'],
    [55, 'năm mươi lăm'],
    [99, 'chín mươi chín'],
    [100, 'một trăm'],
    [101, 'một trăm lẻ một'],
    [105, 'một trăm lẻ năm'],
    [110, 'một trăm mười'],
    [111, 'một trăm mười một'],
    [115, 'một trăm mười lăm'],
    [121, 'một trăm hai mươi mốt'],
    [500, 'năm trăm'],
    [1000, 'một nghìn'],
    [1001, 'một nghìn không trăm lẻ một'],
    [1005, 'một nghìn không trăm lẻ năm'],
    [1010, 'một nghìn không trăm mười'],
    [1015, 'một nghìn không trăm mười lăm'],
    [1023, 'một nghìn không trăm hai mươi ba'],
    [1100, 'một nghìn một trăm'],
    [1105, 'một nghìn một trăm lẻ năm'],
    [2015, 'hai nghìn không trăm mười lăm'],
    [2021, 'hai nghìn không trăm hai mươi mốt'],
    [9999, 'chín nghìn chín trăm chín mươi chín'],
    [10000, 'mười nghìn'],
    [15000, 'mười lăm nghìn'],
    [21000, 'hai mươi mốt nghìn'],
    [100000, 'một trăm nghìn'],
    [105000, 'một trăm lẻ năm nghìn'],
    [1000000, 'một triệu'],
    [1000023, 'một triệu không trăm hai mươi ba'],
    [1005000, 'một triệu không trăm lẻ năm nghìn'],
    [2000000000, 'hai tỷ'],
    [999999999999, 'chín trăm chín mươi chín tỷ chín trăm chín mươi chín triệu chín trăm chín mươi chín nghìn chín trăm chín mươi chín'],
  ];
  it.each(table)('%i → %s', (n, text) => {
    expect(readVietnameseNumber(n)).toBe(text);
  });

  it('follows the regional style when asked', () => {
    const south = { thousand: 'ngàn', zeroTens: 'linh', fourAfterTens: 'tư' } as const;
    expect(readVietnameseNumber(1024, south)).toBe('một ngàn không trăm hai mươi tư');
    expect(readVietnameseNumber(104, south)).toBe('một trăm linh bốn');
    // "tư" only after a tens of twenty or more.
    expect(readVietnameseNumber(14, south)).toBe('mười bốn');
  });

  it('returns one word per clip', () => {
    expect(vietnameseNumberWords(1023)).toEqual(['một', 'nghìn', 'không', 'trăm', 'hai', 'mươi', 'ba']);
  });

  it('uses "mốt" and "lăm" only after a tens digit', () => {
    for (let n = 0; n < 10_000; n++) {
      const words = vietnameseNumberWords(n);
      words.forEach((w, i) => {
        if (w === 'mốt') expect(words[i - 1]).toBe('mươi');
        if (w === 'lăm') expect(['mươi', 'mười']).toContain(words[i - 1]);
        if (w === 'lẻ') expect(words[i - 1]).toBe('trăm');
      });
    }
  });

  it('refuses what it cannot read', () => {
    expect(() => readVietnameseNumber(-1)).toThrow(RangeError);
    expect(() => readVietnameseNumber(1.5)).toThrow(RangeError);
    expect(() => readVietnameseNumber(1e12)).toThrow(RangeError);
    expect(() => readVietnameseNumber(Number.NaN)).toThrow(RangeError);
  });
});
