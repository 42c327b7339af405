/**
 * The kiosk's connection to the hub: a typed socket.io client whose handshake carries the
 * kiosk's device token (read at each (re)connect, so pairing takes effect on the next one), and
 * `call`, the shared typed client with the kiosk's time limit, for commands that are not retried.
 */
import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { io, type Socket } from 'socket.io-client';
import {
  call as callHub,
  fail,
  PROTOCOL_VERSION,
  type ClientToServerEvents,
  type CommandData,
  type CommandInput,
  type CommandName,
  type LiveState,
  type LiveStateView,
  type Result,
  type ServerToClientEvents,
} from '@motcua/shared';
import type { CommandSocket } from './reliable';

export type KioskSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export const TOKEN_KEY = 'motcua.kiosk.token';

export function readToken(): string | null {
  try {
    return localStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export function writeToken(token: string | null): void {
  try {
    if (token) localStorage.setItem(TOKEN_KEY, token);
    else localStorage.removeItem(TOKEN_KEY);
  } catch {
    // storage disabled: the kiosk stays paired until the page reloads
  }
}

/**
 * A socket to the hub that served this page; `getToken` is asked at every (re)connect. socket.io
 * does not reconnect by itself after the server ends a session ('io server disconnect'); a kiosk
 * must, or it would sit offline until someone reloads it.
 */
export function connectHub(getToken: () => string | null): KioskSocket {
  const socket: KioskSocket = io({
    // WebSocket first: on the centre's LAN it connects in one round trip; polling as a fallback.
    transports: ['websocket', 'polling'],
    reconnectionDelay: 500,
    reconnectionDelayMax: 3000,
    auth: (cb) => {
      const token = getToken();
      cb(token ? { protocolVersion: PROTOCOL_VERSION, token } : { protocolVersion: PROTOCOL_VERSION });
    },
  });
  socket.on('disconnect', (reason) => {
    if (reason === 'io server disconnect') setTimeout(() => socket.connect(), 1000);
  });
  return socket;
}

/**
 * One command, answered or failed within `timeoutMs`. Refused at once while offline (never
 * buffered); the kiosk shows both client errors as `internal` with detail 'offline' or 'timeout'.
 */
export async function call<N extends CommandName>(socket: KioskSocket, event: N, input: CommandInput<N>, timeoutMs = 8000): Promise<Result<CommandData<N>>> {
  const r = await callHub(socket, event, input, { timeoutMs });
  if (r.ok) return r;
  const { code } = r.error;
  if (code === 'offline' || code === 'timeout') return fail('internal', code);
  return { ok: false, error: { ...r.error, code } };
}

export type AuthProblem = 'unauthenticated' | 'protocol_mismatch' | null;

export interface ConnectionView {
  connected: boolean;
  /** The hub refused the handshake: the token is no longer valid, or the app is out of date. */
  problem: AuthProblem;
}

export function useConnection(socket: KioskSocket): ConnectionView {
  const [view, setView] = useState<ConnectionView>({ connected: socket.connected, problem: null });
  useEffect(() => {
    const onConnect = (): void => setView({ connected: true, problem: null });
    const onDisconnect = (): void => setView((v) => ({ ...v, connected: false }));
    const onError = (e: Error): void => {
      const problem = e.message === 'unauthenticated' || e.message === 'protocol_mismatch' ? e.message : null;
      setView({ connected: false, problem });
    };
    socket.on('connect', onConnect);
    socket.on('disconnect', onDisconnect);
    socket.on('connect_error', onError);
    return () => {
      socket.off('connect', onConnect);
      socket.off('disconnect', onDisconnect);
      socket.off('connect_error', onError);
    };
  }, [socket]);
  return view;
}

/** The socket as reliable.ts sees it (untyped emit: the caller types input and answer). */
export function asCommandSocket(socket: KioskSocket): CommandSocket {
  return {
    get connected() {
      return socket.connected;
    },
    on: (event, listener) => socket.on(event, listener),
    off: (event, listener) => socket.off(event, listener),
    emit: (event, input, ack) => (socket.emit as (e: string, i: unknown, a: (r: unknown) => void) => unknown)(event, input, ack),
  };
}

/** React view of a shared live state (snapshot + deltas). */
export function useLiveView(live: LiveState): LiveStateView {
  const subscribe = useMemo(() => (listener: () => void) => live.subscribe(listener), [live]);
  const get = useMemo(() => () => live.get(), [live]);
  return useSyncExternalStore(subscribe, get);
}
