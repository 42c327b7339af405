/**
 * Vietnamese first, English on a switch. Words live in the catalogue (./vi.ts, ./en.ts) and go
 * through the shared translator like every other app: `const { t } = useTr(); t('saveCounter')`.
 * Data that arrives as `{ vi, en }` (field names, …) is shown with `loc`.
 */
import { createContext, useContext, type ReactNode } from 'react';
import { createTranslator, formatClock, formatDateTime, type Lang, type LocalizedText, type MessageValues } from '@motcua/shared';
import { EN } from './en';
import { VI } from './vi';

export const translate = createTranslator(VI, EN);
export type TextKey = Parameters<typeof translate>[1];

interface LangState {
  lang: Lang;
  setLang: (l: Lang) => void;
}
const Ctx = createContext<LangState>({ lang: 'vi', setLang: () => undefined });

export function LangProvider({ value, children }: { value: LangState; children: ReactNode }) {
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useLang(): LangState {
  return useContext(Ctx);
}

/** t('key', values) in the current language; loc(text) for a LocalizedText. */
export function useTr(): { lang: Lang; t: (key: TextKey, values?: MessageValues) => string; loc: (text: LocalizedText | undefined) => string } {
  const { lang } = useContext(Ctx);
  return { lang, t: (key, values) => translate(lang, key, values), loc: (text) => (text ? text[lang] : '') };
}

/** "09:05" in the centre's time zone. */
export function fmtTime(ms: number, timeZone: string): string {
  return formatClock(ms, timeZone);
}

/** "23/11/2026 09:05:07" in the centre's time zone. */
export function fmtDateTime(ms: number, timeZone: string): string {
  return formatDateTime(ms, timeZone);
}
