/**
 * The counter's link to the hub: one socket.io connection for the page's lifetime, the stored
 * session, and `send`, which turns every command into a Result. A command is never buffered while
 * the hub is unreachable (socket.io would replay it on reconnect, and a "call next" replayed minutes
 * later acts on the wrong citizen); it fails at once with a message the clerk can act on.
 */
import { io, type Socket } from 'socket.io-client';
import { ERROR_MESSAGES, PROTOCOL_VERSION, type ClientToServerEvents, type ErrorCode, type Lang, type Result, type ServerToClientEvents, type SessionInfo } from '@motcua/shared';

export type CounterSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** What the screen keeps of a sign-in (the hub has no "who am I"; the token is the credential). */
export interface StoredSession {
  token: string;
  counterId: string;
  clerkId: string;
  clerkName: string;
  username: string;
}

/** The clerk screen's session; the rating view on the same PC shares it. */
export const CLERK_SESSION_KEY = 'motcua.counter.session';
/** A rating tablet signed in on its own (a separate device at the counter). */
export const RATING_SESSION_KEY = 'motcua.counter.ratingSession';
export const LANG_KEY = 'motcua.counter.lang';

export function loadSession(key: string, storage: Pick<Storage, 'getItem'> = localStorage): StoredSession | null {
  try {
    const raw = storage.getItem(key);
    if (!raw) return null;
    const s = JSON.parse(raw) as Partial<StoredSession>;
    return typeof s.token === 'string' && typeof s.counterId === 'string' ? (s as StoredSession) : null;
  } catch {
    return null;
  }
}

export function saveSession(key: string, s: StoredSession | null, storage: Pick<Storage, 'setItem' | 'removeItem'> = localStorage): void {
  if (s) storage.setItem(key, JSON.stringify(s));
  else storage.removeItem(key);
}

export function toStoredSession(info: SessionInfo, username: string): StoredSession | null {
  if (!info.counterId || !info.clerk) return null;
  return { token: info.token, counterId: info.counterId, clerkId: info.clerk.id, clerkName: info.clerk.displayName, username };
}

export function createSocket(token: string | null): CounterSocket {
  // Same origin: the hub serves this page, in a browser and in the Electron shell alike.
  return io({ auth: authFor(token), transports: ['websocket', 'polling'], reconnectionDelay: 500, reconnectionDelayMax: 5000 });
}

export function authFor(token: string | null): { protocolVersion: number; token?: string } {
  return token ? { protocolVersion: PROTOCOL_VERSION, token } : { protocolVersion: PROTOCOL_VERSION };
}

/** Errors the client adds to the hub's closed union: the command never reached the hub, or no answer came. */
export type ClientErrorCode = ErrorCode | 'offline' | 'timeout';
export interface ClientError {
  code: ClientErrorCode;
  message: string;
  detail?: string;
}
export type CommandResult<T> = { ok: true; data: T } | { ok: false; error: ClientError };

const CLIENT_MESSAGES: Record<'offline' | 'timeout', Record<Lang, string>> = {
  offline: { vi: 'Mất kết nối với máy chủ: thao tác chưa được gửi. Chờ kết nối lại rồi thử lại.', en: 'No connection to the hub: nothing was sent. Wait for the connection, then try again.' },
  timeout: {
    vi: 'Máy chủ không trả lời kịp. Màn hình đã được làm mới — kiểm tra lại trước khi thử lại.',
    en: 'The hub did not answer in time. The screen was refreshed — check it before trying again.',
  },
};

/** The message to show, in the clerk's language (the hub answers in Vietnamese). */
export function errorText(e: ClientError, lang: Lang): string {
  if (e.code === 'offline' || e.code === 'timeout') return CLIENT_MESSAGES[e.code][lang];
  if (lang === 'vi') return e.message || ERROR_MESSAGES[e.code].vi;
  return ERROR_MESSAGES[e.code].en;
}

type Cmd = keyof ClientToServerEvents;
type Input<E extends Cmd> = Parameters<ClientToServerEvents[E]>[0];
type Data<E extends Cmd> = Parameters<ClientToServerEvents[E]>[1] extends (r: Result<infer T>) => void ? T : never;

export interface SendSocket {
  connected: boolean;
  timeout(ms: number): { emit(event: string, input: unknown, ack: (err: Error | null, res: unknown) => void): unknown };
}

export const COMMAND_TIMEOUT_MS = 8000;

/** Sends one acknowledged command; resolves with the hub's Result or a client error, never throws. */
export function send<E extends Cmd>(sock: CounterSocket | SendSocket, event: E, input: Input<E>, timeoutMs = COMMAND_TIMEOUT_MS): Promise<CommandResult<Data<E>>> {
  // socket.io's typed emit cannot see through the generic E; the event map still types input and output.
  const socket = sock as SendSocket;
  if (!socket.connected) return Promise.resolve({ ok: false, error: { code: 'offline', message: CLIENT_MESSAGES.offline.vi } });
  return new Promise((resolve) => {
    socket.timeout(timeoutMs).emit(event, input, (err, res) => {
      if (err) resolve({ ok: false, error: { code: 'timeout', message: CLIENT_MESSAGES.timeout.vi } });
      else resolve(res as CommandResult<Data<E>>);
    });
  });
}
