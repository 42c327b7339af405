import { pino, type Logger } from 'pino';

export type { Logger };

let root: Logger | undefined;

/**
 * The drivers' root logger (pino, JSON to stdout). Level from MOTCUA_LOG_LEVEL (default 'info';
 * 'silent' under vitest unless set). Components take a child: `logger.child({ component: 'driver:printer' })`.
 */
export function rootLogger(): Logger {
  root ??= pino({ name: 'motcua-drivers', level: process.env.MOTCUA_LOG_LEVEL ?? (process.env.VITEST ? 'silent' : 'info') });
  return root;
}

export function componentLogger(component: string, parent?: Logger): Logger {
  return (parent ?? rootLogger()).child({ component });
}
