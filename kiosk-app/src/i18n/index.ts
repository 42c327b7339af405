/** The kiosk's translator over its catalogue and the shared one: `tr('vi', 'nowAhead', { n: 3, wait: '5–10 phút' })`. */
import { createTranslator, type Lang } from '@motcua/shared';
import { EN } from './en';
import { VI } from './vi';

export const tr = createTranslator(VI, EN);
export type KeyOf = Parameters<typeof tr>[1];

/** "1, 2 hoặc 5" / "1, 2 or 5". */
export function joinOr(items: (string | number)[], lang: Lang): string {
  const s = items.map(String);
  if (s.length <= 1) return s.join('');
  return `${s.slice(0, -1).join(', ')} ${tr(lang, 'or')} ${s.at(-1)}`;
}
