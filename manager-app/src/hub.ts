/**
 * The manager app's link to the hub: one socket.io connection with the typed contract, a promise
 * around acknowledged commands, and the session token kept in localStorage across reloads.
 */
import { io, type Socket } from 'socket.io-client';
import { ERROR_MESSAGES, PROTOCOL_VERSION, type AppError, type ClientToServerEvents, type Lang, type Result, type ServerToClientEvents } from '@motcua/shared';

export type HubSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
type Cmd = keyof ClientToServerEvents;
export type Input<E extends Cmd> = Parameters<ClientToServerEvents[E]>[0];
export type Output<E extends Cmd> = Parameters<ClientToServerEvents[E]>[1] extends (r: Result<infer T>) => void ? T : never;

const TOKEN_KEY = 'motcua.manager.token';

export function savedToken(): string | null {
  return localStorage.getItem(TOKEN_KEY);
}
export function saveToken(token: string | null): void {
  if (token) localStorage.setItem(TOKEN_KEY, token);
  else localStorage.removeItem(TOKEN_KEY);
}

export function connectHub(token: string | null): HubSocket {
  return io({ auth: token ? { protocolVersion: PROTOCOL_VERSION, token } : { protocolVersion: PROTOCOL_VERSION }, transports: ['websocket'] });
}

const TIMEOUT_MS = 20_000;

/** Sends a command and resolves with its Result; a lost connection resolves as an error, never hangs. */
export function call<E extends Cmd>(socket: HubSocket, event: E, input: Input<E>): Promise<Result<Output<E>>> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve({ ok: false, error: { code: 'internal', message: ERROR_MESSAGES.internal.vi, detail: 'no answer from the hub' } }), TIMEOUT_MS);
    // socket.io's typed emit cannot see through the generic E; the event map still types input and output.
    (socket.emit as (e: string, i: unknown, ack: (r: unknown) => void) => void)(event, input, (r) => {
      clearTimeout(timer);
      resolve(r as Result<Output<E>>);
    });
  });
}

/** The error as the manager should read it in their language. */
export function errorText(e: AppError, lang: Lang): string {
  if (lang === 'en') {
    // Manager refusals carry the English explanation in `detail`; generic errors use the shared table.
    const generic = ERROR_MESSAGES[e.code];
    return e.message !== generic.vi && e.detail ? e.detail : `${generic.en}${e.detail ? ` (${e.detail})` : ''}`;
  }
  return e.message === ERROR_MESSAGES[e.code].vi && e.detail ? `${e.message} (${e.detail})` : e.message;
}
