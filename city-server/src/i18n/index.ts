/** The city server's translator (dashboard pages): `t(lang, 'title')`, ICU placeholders. */
import { createTranslator } from '@motcua/shared';
import { EN } from './en';
import { VI } from './vi';

export type { Lang } from '@motcua/shared';
export const t = createTranslator(VI, EN);
