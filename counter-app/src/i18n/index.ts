/** The counter's translator over its catalogue and the shared one: `tr(lang, 'callNext')`. */
import { createTranslator, formatClock, formatDuration, type Lang } from '@motcua/shared';
import { EN } from './en';
import { VI } from './vi';

export const tr = createTranslator(VI, EN);
export type TextKey = Parameters<typeof tr>[1];

/** "4 phút", "4,5 phút" / "4.5 min"; "—" when unknown. */
export function minutesText(min: number | null, lang: Lang): string {
  return formatDuration(min, lang);
}

/** "09:05" in the centre's time zone. */
export function clockText(at: number, timeZone: string): string {
  return formatClock(at, timeZone);
}
