import pino, { type Logger } from 'pino';

/** One structured logger; components take a child (`logger.child({ component: 'dispatch' })`). */
export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({ level, base: { app: 'motcua-hub' } });
}

export type { Logger };
