/**
 * The one typed client for hub commands, used by every app and the device agent.
 *
 * `call(socket, name, input, { timeoutMs })` sends one command with an acknowledgement and
 * resolves with the hub's Result, or with a client error, and never throws or hangs:
 * - `offline` at once when the socket is not connected. Nothing is sent: socket.io would buffer
 *   the emit and replay it on reconnect, and a "call next" or a key press replayed minutes later
 *   acts on the wrong citizen. (A command that must reach the hub, such as issuing a ticket with
 *   its requestId, is re-sent by its caller on reconnect instead.)
 * - `timeout` when no answer came within `timeoutMs` (the command may or may not have run).
 *
 * Browser-safe: it needs only socket.io's `connected` and `timeout(ms).emit(…)`, so it takes
 * socket.io-client's typed `Socket` as well as a test double.
 */
import type { CommandData, CommandInput, CommandName } from './commands';
import type { HubHealth } from './protocol';
import type { ErrorCode } from './result';

/** Errors the client adds to the hub's closed union: the command never left, or no answer came. */
export const CLIENT_ERROR_CODES = ['offline', 'timeout'] as const;
export type ClientOnlyErrorCode = (typeof CLIENT_ERROR_CODES)[number];
export type ClientErrorCode = ErrorCode | ClientOnlyErrorCode;

export interface ClientError {
  code: ClientErrorCode;
  message: string;
  detail?: string;
}

export type CommandResult<T> = { ok: true; data: T } | { ok: false; error: ClientError };

/** Default messages for the client's own errors (Vietnamese, as the hub's are); apps may pass theirs. */
export const CLIENT_ERROR_MESSAGES: Record<ClientOnlyErrorCode, { vi: string; en: string }> = {
  offline: { vi: 'Mất kết nối với máy chủ: thao tác chưa được gửi. Chờ kết nối lại rồi thử lại.', en: 'No connection to the hub: nothing was sent. Wait for the connection, then try again.' },
  timeout: { vi: 'Máy chủ không trả lời kịp.', en: 'The hub did not answer in time.' },
};

export function isClientOnlyError(code: ClientErrorCode): code is ClientOnlyErrorCode {
  return code === 'offline' || code === 'timeout';
}

/** What `call` needs of a socket: socket.io-client's typed `Socket` and a test double both have it. */
export interface CommandSocket {
  readonly connected: boolean;
  timeout(ms: number): object;
}

/** What `socket.timeout(ms)` is at run time: an emitter whose last argument is `(err, answer)`. */
interface AckEmitter {
  emit(event: string, input: unknown, ack: (err: Error | null, res: unknown) => void): unknown;
}

export interface CallOptions {
  timeoutMs: number;
  /** The message of each client error (default: CLIENT_ERROR_MESSAGES in Vietnamese). */
  messages?: Partial<Record<ClientOnlyErrorCode, string>>;
}

/** Sends one acknowledged command; resolves with the hub's Result or a client error. */
export function call<N extends CommandName>(socket: CommandSocket, name: N, input: CommandInput<N>, opts: CallOptions): Promise<CommandResult<CommandData<N>>> {
  const message = (code: ClientOnlyErrorCode): string => opts.messages?.[code] ?? CLIENT_ERROR_MESSAGES[code].vi;
  if (!socket.connected) return Promise.resolve({ ok: false, error: { code: 'offline', message: message('offline') } });
  return new Promise((resolve) => {
    // socket.io's typed emit cannot see through the generic N; the table still types input and answer.
    const emitter = socket.timeout(opts.timeoutMs) as AckEmitter;
    emitter.emit(name, input, (err, res) => {
      if (err) resolve({ ok: false, error: { code: 'timeout', message: message('timeout') } });
      else resolve(res as CommandResult<CommandData<N>>);
    });
  });
}

/** What `watchHubHealth` needs of a socket: socket.io-client's typed `Socket` fits, as does a test double. */
export interface HealthSocket {
  on(event: 'connect', fn: () => void): unknown;
  on(event: 'hub:health', fn: (h: HubHealth) => void): unknown;
  off(event: 'connect', fn: () => void): unknown;
  off(event: 'hub:health', fn: (h: HubHealth) => void): unknown;
}

export const HEALTH_OK: HubHealth = { storage: 'ok', since: null, code: null };

/**
 * Follows the hub's health (`hub:health`): the hub pushes every change, and tells a socket that
 * connects while its storage is down at once, so each (re)connection starts from "ok" until told
 * otherwise. Calls `onChange` with each new health; returns the unsubscribe.
 */
export function watchHubHealth(socket: HealthSocket, onChange: (h: HubHealth) => void): () => void {
  const onConnect = (): void => onChange(HEALTH_OK);
  const onHealth = (h: HubHealth): void => onChange(h);
  socket.on('connect', onConnect);
  socket.on('hub:health', onHealth);
  return () => {
    socket.off('connect', onConnect);
    socket.off('hub:health', onHealth);
  };
}
