/**
 * The manager app's link to the hub: one socket.io connection with the typed contract, `call`
 * (the shared typed client with the manager's time limit), and the session token kept in
 * localStorage across reloads.
 */
import { io, type Socket } from 'socket.io-client';
import {
  call as callHub,
  CLIENT_ERROR_MESSAGES,
  ERROR_MESSAGES,
  PROTOCOL_VERSION,
  type AppError,
  type ClientToServerEvents,
  type CommandData,
  type CommandInput,
  type CommandName,
  type Lang,
  type Result,
  type ServerToClientEvents,
} from '@motcua/shared';

export type HubSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const TOKEN_KEY = 'motcua.manager.token';

export function savedToken(): string | null {
  return localStorage.getItem(TOKEN_KEY);
}
export function saveToken(token: string | null): void {
  if (token) localStorage.setItem(TOKEN_KEY, token);
  else localStorage.removeItem(TOKEN_KEY);
}

/** The handshake: with the session token, a reconnect (network drop, hub restart) resumes the session. */
export function authFor(token: string | null): { protocolVersion: number; token?: string } {
  return token ? { protocolVersion: PROTOCOL_VERSION, token } : { protocolVersion: PROTOCOL_VERSION };
}

export function connectHub(token: string | null): HubSocket {
  return io({ auth: authFor(token), transports: ['websocket'] });
}

const TIMEOUT_MS = 20_000;

/**
 * Sends a command and resolves with its Result, never hangs. While the hub is unreachable the
 * command is refused at once and not sent (socket.io would buffer it and replay it on reconnect).
 */
export async function call<N extends CommandName>(socket: HubSocket, event: N, input: CommandInput<N>): Promise<Result<CommandData<N>>> {
  const r = await callHub(socket, event, input, { timeoutMs: TIMEOUT_MS });
  if (r.ok) return r;
  const { code } = r.error;
  if (code === 'timeout') return { ok: false, error: { code: 'internal', message: ERROR_MESSAGES.internal.vi, detail: 'no answer from the hub' } };
  if (code === 'offline') return { ok: false, error: { code: 'internal', message: CLIENT_ERROR_MESSAGES.offline.vi, detail: CLIENT_ERROR_MESSAGES.offline.en } };
  return { ok: false, error: { ...r.error, code } };
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
