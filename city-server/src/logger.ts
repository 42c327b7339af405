import pino, { type Logger } from 'pino';

/** One structured logger; components take a child (`logger.child({ component: 'ingest' })`). */
export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({ level, base: { app: 'motcua-city' } });
}

export type { Logger };
