import pino, { type DestinationStream, type Logger } from 'pino';
import { redactLogLine } from '@motcua/shared';

/**
 * One structured logger; components take a child (`logger.child({ component: 'dispatch' })`).
 * Every finished line passes through `redactLogLine` (shared/src/redact.ts) before it is written:
 * tokens, PINs, passwords and keys never reach the log, whoever wrote the line (our code, Fastify's
 * request log quoting a URL, an error message). `destination` defaults to stdout (tests capture it).
 */
export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info', destination: DestinationStream = pino.destination(1)): Logger {
  return pino({ level, base: { app: 'motcua-hub' } }, redactingStream(destination));
}

/** A destination that redacts each line before handing it on. */
export function redactingStream(out: DestinationStream): DestinationStream {
  return { write: (line: string) => out.write(redactLogLine(line)) };
}

export type { Logger };
