/**
 * Vietnamese first, English on a switch. Strings are written in place as tr('…', '…') so each
 * screen reads in both languages where it is defined; shared labels come from @motcua/shared.
 */
import { createContext, useContext, type ReactNode } from 'react';
import type { Lang, LocalizedText } from '@motcua/shared';

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

/** tr('Quầy', 'Counter') in the current language; loc(text) for a LocalizedText. */
export function useTr(): { lang: Lang; tr: (vi: string, en: string) => string; loc: (t: LocalizedText | undefined) => string } {
  const { lang } = useContext(Ctx);
  return { lang, tr: (vi, en) => (lang === 'vi' ? vi : en), loc: (t) => (t ? t[lang] : '') };
}

export function fmtTime(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat('vi-VN', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(ms));
}

export function fmtDateTime(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat('vi-VN', { timeZone, day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(new Date(ms));
}

export function fmtNum(x: number | null | undefined, digits = 1): string {
  return x === null || x === undefined ? '—' : x.toLocaleString('vi-VN', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

export function fmtPct(x: number | null | undefined): string {
  return x === null || x === undefined ? '—' : `${(x * 100).toLocaleString('vi-VN', { maximumFractionDigits: 1 })} %`;
}
