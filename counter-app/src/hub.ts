/**
 * The counter's link to the hub: one socket.io connection for the page's lifetime, the stored
 * session, and `send` (the shared typed client with the counter's time limit and wording), which
 * turns every command into a Result. A command is never buffered while the hub is unreachable
 * (socket.io would replay it on reconnect, and a "call next" replayed minutes later acts on the
 * wrong citizen); it fails at once with a message the clerk can act on.
 */
import { io, type Socket } from 'socket.io-client';
import { tr, type TextKey } from './i18n';
import {
  call,
  ERROR_MESSAGES,
  PROTOCOL_VERSION,
  type ClientError,
  type ClientToServerEvents,
  type CommandData,
  type CommandInput,
  type CommandName,
  type CommandResult,
  type CommandSocket,
  type Lang,
  type ServerToClientEvents,
  type SessionInfo,
} from '@motcua/shared';

export type { ClientError, ClientErrorCode, CommandResult } from '@motcua/shared';

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

const CLIENT_MESSAGES: Record<'offline' | 'timeout', TextKey> = { offline: 'commandOffline', timeout: 'commandTimeout' };

/** The message to show, in the clerk's language (the hub answers in Vietnamese). */
export function errorText(e: ClientError, lang: Lang): string {
  if (e.code === 'offline' || e.code === 'timeout') return tr(lang, CLIENT_MESSAGES[e.code]);
  if (lang === 'vi') return e.message || ERROR_MESSAGES[e.code].vi;
  return ERROR_MESSAGES[e.code].en;
}

/** What `send` needs of a socket (a CounterSocket, or a test double). */
export type SendSocket = CommandSocket;

export const COMMAND_TIMEOUT_MS = 8000;

/** Sends one acknowledged command; resolves with the hub's Result or a client error, never throws. */
export function send<N extends CommandName>(socket: SendSocket, event: N, input: CommandInput<N>, timeoutMs = COMMAND_TIMEOUT_MS): Promise<CommandResult<CommandData<N>>> {
  return call(socket, event, input, { timeoutMs, messages: { offline: tr('vi', CLIENT_MESSAGES.offline), timeout: tr('vi', CLIENT_MESSAGES.timeout) } });
}
