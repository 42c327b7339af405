/**
 * Reading numbers aloud in English for the secondary announcement (foreign visitors), as words
 * so a voice pack can play one clip per word: 1023 → one thousand twenty three (no "and", as a
 * counter announcement in American usage says it).
 */

const ONES = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'] as const;
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'] as const;

export const MAX_ENGLISH_NUMBER = 999_999_999;

function below1000(n: number): string[] {
  const words: string[] = [];
  const h = Math.floor(n / 100);
  const rest = n % 100;
  if (h > 0) words.push(ONES[h] ?? '', 'hundred');
  if (rest >= 20) {
    words.push(TENS[Math.floor(rest / 10)] ?? '');
    if (rest % 10) words.push(ONES[rest % 10] ?? '');
  } else if (rest > 0) words.push(ONES[rest] ?? '');
  return words;
}

/** 0 to 999 999 999 as words; throws RangeError otherwise. */
export function englishNumberWords(n: number): string[] {
  if (!Number.isSafeInteger(n) || n < 0 || n > MAX_ENGLISH_NUMBER) {
    throw new RangeError(`can only read whole numbers from 0 to ${MAX_ENGLISH_NUMBER}, got ${n}`);
  }
  if (n === 0) return ['zero'];
  const words: string[] = [];
  const millions = Math.floor(n / 1_000_000);
  const thousands = Math.floor(n / 1000) % 1000;
  const rest = n % 1000;
  if (millions) words.push(...below1000(millions), 'million');
  if (thousands) words.push(...below1000(thousands), 'thousand');
  if (rest) words.push(...below1000(rest));
  return words;
}

export function readEnglishNumber(n: number): string {
  return englishNumberWords(n).join(' ');
}

/** Letter names as an English voice says them (A023 → "ay twenty three"). */
export const ENGLISH_LETTER_NAMES: Readonly<Record<string, string>> = {
  A: 'ay', B: 'bee', C: 'see', D: 'dee', E: 'ee', F: 'ef', G: 'gee', H: 'aitch', I: 'eye', J: 'jay', K: 'kay', L: 'el', M: 'em',
  N: 'en', O: 'oh', P: 'pee', Q: 'cue', R: 'ar', S: 'ess', T: 'tee', U: 'you', V: 'vee', W: 'double you', X: 'ex', Y: 'why', Z: 'zed',
};

export const ENGLISH_DIGIT_WORDS: readonly string[] = ONES.slice(0, 10);
