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

interface Parsed {
  mf: IntlMessageFormat;
  /** Arguments written as a bare `{n}` (intl-messageformat prints those with String(), so 4.5 → "4.5"). */
  plain: Set<string>;
}

function plainArguments(nodes: readonly AstNode[], into: Set<string>): Set<string> {
  for (const n of nodes) {
    if (n.type === 1 && typeof n.value === 'string') into.add(n.value); // 1 = a bare argument
    for (const o of Object.values(n.options ?? {})) plainArguments(o.value, into);
    if (n.children) plainArguments(n.children, into);
  }
  return into;
}

const plainNumberFormats: Partial<Record<Lang, Intl.NumberFormat>> = {};

/** Numbers in bare `{n}` arguments written for the language (decimal comma in vi); plural arguments stay numbers. */
function localizeNumbers(values: MessageValues, plain: ReadonlySet<string>, lang: Lang): MessageValues {
  let out: Record<string, string | number> | null = null;
  for (const [k, v] of Object.entries(values)) {
    if (typeof v !== 'number' || !plain.has(k)) continue;
    const f = (plainNumberFormats[lang] ??= new Intl.NumberFormat(LOCALES[lang], { maximumFractionDigits: 2 }));
    (out ??= { ...values })[k] = f.format(v);
  }
  return out ?? values;
}

/**
 * A translator over a Vietnamese catalogue and its English twin. Parsed messages are cached, so a
 * message is parsed once per language however often it is shown.
 */
export function createTranslator<const V extends Readonly<Record<string, string>>>(vi: V, en: Messages<V>): Translator<Extract<keyof V, string>> {
  type K = Extract<keyof V, string>;
  const catalogues: Record<Lang, Readonly<Record<string, string>>> = { vi, en };
  const cache: Record<Lang, Map<string, Parsed>> = { vi: new Map(), en: new Map() };
  const translate = (lang: Lang, key: K, values?: MessageValues): string => {
    let parsed = cache[lang].get(key);
    if (!parsed) {
      const source = catalogues[lang][key];
      if (source === undefined) throw new Error(`i18n: no ${lang} message "${key}"`);
      const mf = new IntlMessageFormat(source, LOCALES[lang]);
      parsed = { mf, plain: plainArguments(mf.getAst(), new Set()) };
      cache[lang].set(key, parsed);
    }
    const out = parsed.mf.format<string>(values && localizeNumbers(values, parsed.plain, lang));
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

interface AstNode {
  type: number;
  value?: unknown;
  options?: Record<string, { value: AstNode[] }>;
  children?: AstNode[];
}

function argumentsOf(nodes: readonly AstNode[], into: Set<string>): Set<string> {
  for (const n of nodes) {
    // 0 = literal text, 7 = `#` in a plural: everything else with a string value names an argument.
    if (n.type !== 0 && n.type !== 7 && typeof n.value === 'string') into.add(n.value);
    for (const o of Object.values(n.options ?? {})) argumentsOf(o.value, into);
    if (n.children) argumentsOf(n.children, into);
  }
  return into;
}

/**
 * What is wrong with a pair of catalogues that the type system cannot see: a message that does
 * not parse as ICU, or an English message whose placeholders differ from the Vietnamese one.
 * Each app's test expects an empty list.
 */
export function catalogueProblems<V extends Readonly<Record<string, string>>>(vi: V, en: Messages<V>): string[] {
  const problems: string[] = [];
  const args = (lang: Lang, key: string, source: string): Set<string> | null => {
    try {
      return argumentsOf(new IntlMessageFormat(source, LOCALES[lang]).getAst(), new Set());
    } catch (e) {
      problems.push(`${lang} "${key}": ${e instanceof Error ? e.message : String(e)}`);
      return null;
    }
  };
  for (const key of Object.keys(vi)) {
    const a = args('vi', key, vi[key] as string);
    const b = args('en', key, en[key] as string);
    if (a && b && [...a].sort().join() !== [...b].sort().join()) problems.push(`"${key}": vi {${[...a].join(', ')}} ≠ en {${[...b].join(', ')}}`);
  }
  return problems;
}
