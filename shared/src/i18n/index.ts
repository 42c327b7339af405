/** One i18n library for every app, the city dashboard and server messages: see docs/VIETNAMESE.md. */
import { createTranslator } from './translator';
import { SHARED_EN } from './en';
import { SHARED_VI } from './vi';

export * from './translator';
export * from './format';
export { SHARED_VI } from './vi';
export { SHARED_EN } from './en';

/** The shared catalogue's translator: `t('vi', 'counter')`. Apps build their own over `{ ...SHARED_VI, ...theirs }`. */
export const t = createTranslator(SHARED_VI, SHARED_EN);
export type SharedKey = Parameters<typeof t>[1];

/** Ticket states as their shared message keys (label with `t(lang, TICKET_STATE_KEYS[state])`). */
export const TICKET_STATE_KEYS = {
  waiting: 'waiting',
  called: 'called',
  serving: 'serving',
  held: 'held',
  done: 'done',
  no_show: 'noShow',
  cancelled: 'cancelled',
} as const satisfies Record<string, SharedKey>;
