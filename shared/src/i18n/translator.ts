/**
 * The one way every app, the city dashboard and the hub say things: a catalogue per language
 * (Vietnamese first, English typed as "the same keys"), ICU MessageFormat for placeholders and
 * plurals (`{n, plural, one {# ticket} other {# tickets}}`), formatted by FormatJS's
 * intl-messageformat in the browser and on the server alike.
 *
 * Typed keys: `t(lang, 'nope')` is a type error, and so is an English catalogue that misses (or
 * adds) a key of the Vietnamese one — `Messages<typeof vi>` below is checked at build.
 */
import { IntlMessageFormat } from 'intl-messageformat';

export type Lang = 'vi' | 'en';

/** The locale used for numbers, dates and plural rules of each UI language. */
export const LOCALES: Readonly<Record<Lang, string>> = { vi: 'vi-VN', en: 'en-GB' };

/** An English (or any second) catalogue: exactly the keys of the Vietnamese one. */
export type Messages<V> = { readonly [K in keyof V]: string };

/** Values for a message's `{placeholders}`; numbers are formatted for the language (1.234,5 / 1,234.5). */
export type MessageValues = Readonly<Record<string, string | number>>;

/** A text in both languages, for data that travels as `{ vi, en }` (printed tickets, error messages). */
export interface Bilingual {
  vi: string;
  en: string;
}

export interface Translator<K extends string> {
  /** The message `key` in `lang`, placeholders filled from `values`. */
  (lang: Lang, key: K, values?: MessageValues): string;
  /** The same message in both languages; `enValues` override `values` in English (a name's English form). */
  both(key: K, values?: MessageValues, enValues?: MessageValues): Bilingual;
  /** `both` as a `[vi, en]` pair, for calls that take the two texts as arguments. */
  pair(key: K, values?: MessageValues, enValues?: MessageValues): [vi: string, en: string];
  /** True when `key` names a message of this catalogue (for keys that arrive as data). */
  has(key: string): key is K;
}

/**
 * A translator over a Vietnamese catalogue and its English twin. Parsed messages are cached, so a
 * message is parsed once per language however often it is shown.
 */
export function createTranslator<const V extends Readonly<Record<string, string>>>(vi: V, en: Messages<V>): Translator<Extract<keyof V, string>> {
  type K = Extract<keyof V, string>;
  const catalogues: Record<Lang, Readonly<Record<string, string>>> = { vi, en };
  const cache: Record<Lang, Map<string, IntlMessageFormat>> = { vi: new Map(), en: new Map() };
  const translate = (lang: Lang, key: K, values?: MessageValues): string => {
    let mf = cache[lang].get(key);
    if (!mf) {
      const source = catalogues[lang][key];
      if (source === undefined) throw new Error(`i18n: no ${lang} message "${key}"`);
      mf = new IntlMessageFormat(source, LOCALES[lang]);
      cache[lang].set(key, mf);
    }
    const out = mf.format<string>(values);
    return Array.isArray(out) ? out.join('') : String(out);
  };
  const both = (key: K, values?: MessageValues, enValues?: MessageValues): Bilingual => ({ vi: translate('vi', key, values), en: translate('en', key, enValues ? { ...values, ...enValues } : values) });
  return Object.assign(translate, {
    both,
    pair: (key: K, values?: MessageValues, enValues?: MessageValues): [vi: string, en: string] => {
      const b = both(key, values, enValues);
      return [b.vi, b.en];
    },
    has: (key: string): key is K => Object.hasOwn(vi, key),
  });
}
