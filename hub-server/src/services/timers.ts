import type { Logger } from '../logger';

/**
 * Runs `fn` every `ms` (unref'd, so it never keeps the process alive). An error — a storage error
 * from SQLite, say — is logged and the work is retried at the next tick: thrown out of
 * `setInterval` it would end the hub. Every periodic task of the hub goes through here.
 */
export function guardedInterval(log: Logger, what: string, ms: number, fn: () => void): NodeJS.Timeout {
  const timer = setInterval(() => {
    try {
      fn();
    } catch (e) {
      log.error({ err: e }, `${what} failed; retried at the next tick`);
    }
  }, ms);
  timer.unref();
  return timer;
}
