/**
 * The sentence a call is announced with: "Mời công dân có số thứ tự <số> đến quầy số <quầy>",
 * and optionally the English one after it. Built as words so a voice pack plays one recorded
 * clip per word (or phrase) and speech synthesis reads the joined text.
 */
import { ENGLISH_DIGIT_WORDS, ENGLISH_LETTER_NAMES, englishNumberWords, MAX_ENGLISH_NUMBER } from './english-number';
import { DEFAULT_VIETNAMESE_NUMBER_STYLE, MAX_READABLE_NUMBER, VIETNAMESE_DIGIT_WORDS, VIETNAMESE_LETTER_NAMES, vietnameseNumberWords, type VietnameseNumberStyle } from './vietnamese-number';

export type AnnouncementLang = 'vi' | 'en';
export const ANNOUNCEMENT_LANGS: readonly AnnouncementLang[] = ['vi', 'en'];

/** The fixed parts around the numbers; a voice pack may name its own (e.g. "kính mời công dân có số thứ tự"). */
export interface AnnouncementPhrases {
  intro: string;
  toCounter: string;
}

export const DEFAULT_ANNOUNCEMENT_PHRASES: Readonly<Record<AnnouncementLang, AnnouncementPhrases>> = {
  vi: { intro: 'mời công dân có số thứ tự', toCounter: 'đến quầy số' },
  en: { intro: 'ticket number', toCounter: 'please go to counter' },
};

export interface CallToAnnounce {
  /** Ticket number as displayed: "1023", "A023". */
  number: string;
  counterNumber: number;
}

export interface SpokenSentence {
  lang: AnnouncementLang;
  /** One entry per clip: phrases and single words. */
  words: string[];
  /** The same sentence as text, punctuated for speech synthesis. */
  text: string;
}

export interface SentenceOptions {
  phrases?: AnnouncementPhrases;
  /** Vietnamese only: regional reading (nghìn/ngàn, lẻ/linh, bốn/tư). */
  numberStyle?: Partial<VietnameseNumberStyle>;
}

function numberWords(n: number, lang: AnnouncementLang, style: Partial<VietnameseNumberStyle>): string[] {
  return lang === 'vi' ? vietnameseNumberWords(n, style) : englishNumberWords(n);
}

function digitWord(d: string, lang: AnnouncementLang): string {
  const words = lang === 'vi' ? VIETNAMESE_DIGIT_WORDS : ENGLISH_DIGIT_WORDS;
  return words[Number(d)] ?? d;
}

function letterWord(c: string, lang: AnnouncementLang): string | null {
  return (lang === 'vi' ? VIETNAMESE_LETTER_NAMES : ENGLISH_LETTER_NAMES)[c] ?? null;
}

/**
 * How a ticket number is spoken. A numeric ticket is read as a number (1023 → một nghìn không
 * trăm hai mươi ba), any leading zeros first as "không"; a letter prefix is spelled, then the
 * digits are read as a number (A023 → a hai mươi ba). Anything else is read character by
 * character, skipping characters that have no name.
 */
export function ticketNumberWords(number: string, lang: AnnouncementLang, style: Partial<VietnameseNumberStyle> = {}): string[] {
  const trimmed = number.trim().toUpperCase();
  const m = /^([A-Z]*)(\d+)$/.exec(trimmed);
  const max = lang === 'vi' ? MAX_READABLE_NUMBER : MAX_ENGLISH_NUMBER;
  if (m) {
    const letters = m[1] ?? '';
    const digits = m[2] ?? '';
    const words = [...letters].map((c) => letterWord(c, lang) ?? c);
    const value = Number(digits);
    if (value <= max) {
      if (!letters) {
        const zeros = /^0*/.exec(digits)?.[0].length ?? 0;
        const leading = value === 0 ? zeros - 1 : zeros;
        for (let i = 0; i < leading; i++) words.push(digitWord('0', lang));
      }
      words.push(...numberWords(value, lang, style));
      return words;
    }
  }
  const words: string[] = [];
  for (const c of trimmed) {
    if (/\d/.test(c)) words.push(digitWord(c, lang));
    else {
      const w = letterWord(c, lang);
      if (w) words.push(w);
    }
  }
  return words;
}

function capitalize(s: string): string {
  return s.charAt(0).toLocaleUpperCase('vi') + s.slice(1);
}

/** "Mời công dân có số thứ tự một nghìn không trăm hai mươi ba, đến quầy số ba." */
export function announcementSentence(call: CallToAnnounce, lang: AnnouncementLang, options: SentenceOptions = {}): SpokenSentence {
  const phrases = options.phrases ?? DEFAULT_ANNOUNCEMENT_PHRASES[lang];
  const style = options.numberStyle ?? {};
  const ticket = ticketNumberWords(call.number, lang, style);
  const counter = numberWords(call.counterNumber, lang, style);
  const words = [phrases.intro, ...ticket, phrases.toCounter, ...counter];
  const text = `${capitalize(phrases.intro)} ${ticket.join(' ')}, ${phrases.toCounter} ${counter.join(' ')}.`;
  return { lang, words, text };
}

/**
 * Every word a voice pack needs to announce any ticket (numbers to the billions, letter
 * prefixes) at any counter, for the pack generator and for checking a recorded pack.
 */
export function requiredVoicePackWords(lang: AnnouncementLang, options: SentenceOptions = {}): string[] {
  const phrases = options.phrases ?? DEFAULT_ANNOUNCEMENT_PHRASES[lang];
  const words = new Set<string>([phrases.intro, phrases.toCounter]);
  const add = (ws: string[]): void => ws.forEach((w) => words.add(w));
  if (lang === 'vi') {
    const style = { ...DEFAULT_VIETNAMESE_NUMBER_STYLE, ...options.numberStyle };
    // 0–99 covers every digit, mười/mươi, mốt, lăm and tư/bốn; then the group words.
    for (let n = 0; n < 100; n++) add(vietnameseNumberWords(n, style));
    add(vietnameseNumberWords(105, style));
    add(vietnameseNumberWords(1_001_001_000, style));
    add(Object.values(VIETNAMESE_LETTER_NAMES));
  } else {
    for (let n = 0; n < 100; n++) add(englishNumberWords(n));
    add(englishNumberWords(1_100_000));
    add(Object.values(ENGLISH_LETTER_NAMES));
  }
  return [...words];
}
