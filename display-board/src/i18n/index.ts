/** The board's translator: `t('vi', 'recentlyCalled')`; the board shows both languages at once. */
import { createTranslator } from '@motcua/shared';
import { EN } from './en';
import { VI } from './vi';

export const t = createTranslator(VI, EN);
export type BoardKey = Parameters<typeof t>[1];
