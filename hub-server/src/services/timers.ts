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

/**
 * Runs `fn` now and logs an error instead of throwing it: for work in socket.io and timer
 * callbacks (a device connecting or leaving, a print timeout), where a throw would end the hub.
 */
export function guarded(log: Logger, what: string, fn: () => void): void {
  try {
    fn();
  } catch (e) {
    log.error({ err: e }, `${what} failed`);
  }
}
