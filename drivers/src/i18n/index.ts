/** The drivers' translator (printed ticket, device errors) over the shared library. */
import { createTranslator } from '@motcua/shared';
import { EN } from './en';
import { VI } from './vi';

export const say = createTranslator(VI, EN);
