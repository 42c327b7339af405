/** The hub's translator for server messages: `say('vi', 'ledCall', …)`, `say.pair(…)` for refusals. */
import { createTranslator } from '@motcua/shared';
import { EN } from './en';
import { VI } from './vi';

export const say = createTranslator(VI, EN);
