/**
 * Sending an idempotent command until the hub answers it. Issuing a ticket carries a requestId
 * chosen once per confirmed tap; the hub returns the same ticket for the same requestId. So when
 * the hub drops mid-issue (committed but the answer was lost, or never received), the kiosk simply
 * sends the same request again after reconnecting, and the citizen sees exactly one ticket.
 *
 * socket.io drops the acknowledgement callbacks of a connection that closed; we therefore re-send
 * on every (re)connect and, while connected, when no answer came within `ackTimeoutMs`. The first
 * answer from any attempt settles it: they are answers to the same request.
 */
import type { Result } from '@motcua/shared';

export interface CommandSocket {
  readonly connected: boolean;
  on(event: 'connect' | 'disconnect', listener: () => void): unknown;
  off(event: 'connect' | 'disconnect', listener: () => void): unknown;
  emit(event: string, input: unknown, ack: (result: unknown) => void): unknown;
}

export interface SendOptions {
  /** Re-send while connected if no answer came in this long. */
  ackTimeoutMs?: number;
  /** Give up (resolves null) when aborted; answers arriving later are ignored. */
  signal?: AbortSignal;
  /** Told about each attempt (1, 2, …) and about connection changes while waiting. */
  onProgress?: (p: { attempts: number; connected: boolean }) => void;
  timers?: { setTimeout(fn: () => void, ms: number): unknown; clearTimeout(h: unknown): void };
}

const defaultTimers = {
  setTimeout: (fn: () => void, ms: number): unknown => setTimeout(fn, ms),
  clearTimeout: (h: unknown): void => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export function sendUntilAnswered<T>(socket: CommandSocket, event: string, input: unknown, opts: SendOptions = {}): Promise<Result<T> | null> {
  const ackTimeoutMs = opts.ackTimeoutMs ?? 8000;
  const timers = opts.timers ?? defaultTimers;
  return new Promise((resolve) => {
    let settled = false;
    let attempts = 0;
    let timer: unknown = null;

    const cleanup = (): void => {
      settled = true;
      if (timer !== null) timers.clearTimeout(timer);
      socket.off('connect', onConnect);
      socket.off('disconnect', onDisconnect);
      opts.signal?.removeEventListener('abort', onAbort);
    };
    const attempt = (): void => {
      if (settled || !socket.connected) return;
      attempts++;
      opts.onProgress?.({ attempts, connected: true });
      if (timer !== null) timers.clearTimeout(timer);
      timer = timers.setTimeout(() => {
        timer = null;
        attempt();
      }, ackTimeoutMs);
      socket.emit(event, input, (r) => {
        if (settled) return;
        cleanup();
        resolve(r as Result<T>);
      });
    };
    function onConnect(): void {
      attempt();
    }
    function onDisconnect(): void {
      if (timer !== null) timers.clearTimeout(timer);
      timer = null;
      opts.onProgress?.({ attempts, connected: false });
    }
    function onAbort(): void {
      if (settled) return;
      cleanup();
      resolve(null);
    }
    if (opts.signal?.aborted) {
      resolve(null);
      return;
    }
    socket.on('connect', onConnect);
    socket.on('disconnect', onDisconnect);
    opts.signal?.addEventListener('abort', onAbort);
    if (socket.connected) attempt();
    else opts.onProgress?.({ attempts, connected: false });
  });
}

/**
 * A request id for one confirmed tap. `crypto.randomUUID` exists only in secure contexts, and a
 * kiosk on the centre's LAN usually loads the hub over plain http, so use getRandomValues.
 */
export function newRequestId(random: (bytes: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b)): string {
  const bytes = random(new Uint8Array(16));
  return `k-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
