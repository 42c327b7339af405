/**
 * Reading numbers aloud in Vietnamese, as announcements need them ("Mời công dân có số thứ tự
 * một nghìn không trăm hai mươi ba …"). Pure: returns the words, so a voice pack can play one
 * recorded clip per word and speech synthesis can read the joined text.
 *
 * The rules, per three-digit group:
 * - 10–19 use "mười", 20+ use "<digit> mươi";
 * - units 1 after a tens of 20+ is "mốt" (21 → hai mươi mốt), but "một" after "mười" (11) and "lẻ" (101);
 * - units 5 after any tens is "lăm" (15 → mười lăm, 25 → hai mươi lăm), but "năm" after "lẻ" (105);
 * - a zero tens before a units digit reads "lẻ" (or "linh"): 105 → một trăm lẻ năm;
 * - every group after the first is read in full, hundreds included: 1023 → một nghìn không trăm
 *   hai mươi ba; groups that are entirely zero are skipped: 1000 → một nghìn, 1000023 → một triệu
 *   không trăm hai mươi ba.
 * Regional variants (nghìn/ngàn, lẻ/linh, bốn/tư after 20+) are a style option, so a centre's
 * recorded voice pack and the reading agree.
 */

export interface VietnameseNumberStyle {
  /** "nghìn" (standard, northern) or "ngàn" (southern). */
  thousand: 'nghìn' | 'ngàn';
  /** A zero tens digit before a units digit: "lẻ" (105 → một trăm lẻ năm) or "linh". */
  zeroTens: 'lẻ' | 'linh';
  /** Units 4 after a tens of 20 or more: "bốn" (hai mươi bốn) or "tư" (hai mươi tư). */
  fourAfterTens: 'bốn' | 'tư';
}

export const DEFAULT_VIETNAMESE_NUMBER_STYLE: VietnameseNumberStyle = { thousand: 'nghìn', zeroTens: 'lẻ', fourAfterTens: 'bốn' };

const DIGITS = ['không', 'một', 'hai', 'ba', 'bốn', 'năm', 'sáu', 'bảy', 'tám', 'chín'] as const;

/** The largest number read: 999 999 999 999 (groups up to "tỷ"). */
export const MAX_READABLE_NUMBER = 999_999_999_999;

function digit(d: number): string {
  return DIGITS[d] ?? 'không';
}

/** One group of three digits; `full` reads the hundreds even when zero ("không trăm"). */
function groupWords(value: number, full: boolean, style: VietnameseNumberStyle): string[] {
  const h = Math.floor(value / 100);
  const t = Math.floor(value / 10) % 10;
  const u = value % 10;
  const words: string[] = [];
  const hasHundreds = full || h > 0;
  if (hasHundreds) words.push(digit(h), 'trăm');
  if (t === 0) {
    if (u > 0) {
      if (hasHundreds) words.push(style.zeroTens);
      words.push(digit(u));
    }
  } else if (t === 1) {
    words.push('mười');
    if (u === 5) words.push('lăm');
    else if (u > 0) words.push(digit(u));
  } else {
    words.push(digit(t), 'mươi');
    if (u === 1) words.push('mốt');
    else if (u === 4) words.push(style.fourAfterTens);
    else if (u === 5) words.push('lăm');
    else if (u > 0) words.push(digit(u));
  }
  return words;
}

/**
 * The words of a whole number from 0 to 999 999 999 999, e.g. 1023 → ["một", "nghìn", "không",
 * "trăm", "hai", "mươi", "ba"]. Throws RangeError for negative, fractional or larger numbers.
 */
export function vietnameseNumberWords(n: number, style: Partial<VietnameseNumberStyle> = {}): string[] {
  if (!Number.isSafeInteger(n) || n < 0 || n > MAX_READABLE_NUMBER) {
    throw new RangeError(`can only read whole numbers from 0 to ${MAX_READABLE_NUMBER}, got ${n}`);
  }
  const s: VietnameseNumberStyle = { ...DEFAULT_VIETNAMESE_NUMBER_STYLE, ...style };
  if (n === 0) return [digit(0)];
  const scales = ['', s.thousand, 'triệu', 'tỷ'];
  const groups: number[] = [];
  for (let rest = n; rest > 0; rest = Math.floor(rest / 1000)) groups.push(rest % 1000);
  const words: string[] = [];
  for (let i = groups.length - 1; i >= 0; i--) {
    const g = groups[i] ?? 0;
    if (g === 0) continue;
    words.push(...groupWords(g, i !== groups.length - 1, s));
    const scale = scales[i];
    if (scale) words.push(scale);
  }
  return words;
}

/** The number as Vietnamese text: 21 → "hai mươi mốt", 105 → "một trăm lẻ năm". */
export function readVietnameseNumber(n: number, style: Partial<VietnameseNumberStyle> = {}): string {
  return vietnameseNumberWords(n, style).join(' ');
}

/** How each letter of a ticket prefix is spoken in Vietnamese (A023 → "a hai mươi ba"). */
export const VIETNAMESE_LETTER_NAMES: Readonly<Record<string, string>> = {
  A: 'a', B: 'bê', C: 'xê', D: 'dê', E: 'e', F: 'ép', G: 'giê', H: 'hát', I: 'i', J: 'gi', K: 'ca', L: 'e lờ', M: 'em mờ',
  N: 'en nờ', O: 'o', P: 'pê', Q: 'quy', R: 'e rờ', S: 'ét xì', T: 'tê', U: 'u', V: 'vê', W: 'vê kép', X: 'ích xì', Y: 'i dài', Z: 'dét',
};

/** Words for the digits 0–9 read one by one. */
export const VIETNAMESE_DIGIT_WORDS: readonly string[] = DIGITS;
