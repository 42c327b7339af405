/**
 * React side of the hub link: one socket for the page, the live state (snapshot + deltas), and the
 * stored session. A session the hub no longer knows (expired, signed out elsewhere) sends the
 * screen back to sign-in instead of retrying forever.
 */
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { createLiveState, type LiveState, type LiveStateView } from '@motcua/shared';
import { authFor, createSocket, loadSession, saveSession, send, toStoredSession, type CommandResult, type CounterSocket, type StoredSession } from '../hub';
import { tr } from '../i18n';

export interface HubConn {
  socket: CounterSocket | null;
  live: LiveState | null;
  view: LiveStateView;
  session: StoredSession | null;
  /** The hub refused this app (protocol version): reload needed. */
  fatal: string | null;
  signIn: (username: string, pin: string, counterId: string) => Promise<CommandResult<StoredSession>>;
  /** Ends the session at the hub (frees the counter) and forgets it here. */
  signOut: () => Promise<void>;
  /** Forgets the session here only (a rating tablet must not close the clerk's counter). */
  forget: () => void;
}

const EMPTY_VIEW: LiveStateView = { snapshot: null, connected: false, updatedAt: 0, error: null };
const noopSubscribe = () => () => {};

/**
 * @param sessionKeys where sessions are stored, first found wins; the first is where a sign-in here
 *   is saved. Changes made by another window (the clerk screen signing out) are followed.
 */
export function useHub(sessionKeys: readonly string[]): HubConn {
  const keys = useRef(sessionKeys).current;
  const readSession = useCallback((): StoredSession | null => {
    for (const k of keys) {
      const s = loadSession(k);
      if (s) return s;
    }
    return null;
  }, [keys]);
  const [session, setSession] = useState<StoredSession | null>(readSession);
  const sessionRef = useRef(session);
  const [conn, setConn] = useState<{ socket: CounterSocket; live: LiveState } | null>(null);
  const [fatal, setFatal] = useState<string | null>(null);

  const adopt = useCallback((s: StoredSession | null, socket: CounterSocket | null) => {
    const prev = sessionRef.current;
    sessionRef.current = s;
    setSession(s);
    if (socket && prev?.token !== s?.token) {
      socket.auth = authFor(s?.token ?? null);
      // Reconnect so the hub binds the socket to the new identity.
      socket.disconnect();
      socket.connect();
    }
  }, []);

  useEffect(() => {
    const socket = createSocket(sessionRef.current?.token ?? null);
    const live = createLiveState(socket, () => Date.now());
    const dropSession = () => {
      for (const k of keys) if (loadSession(k)?.token === sessionRef.current?.token) saveSession(k, null);
      adopt(null, socket);
    };
    socket.on('connect_error', (e) => {
      if (e.message === 'unauthenticated') dropSession();
      else if (e.message === 'protocol_mismatch') setFatal('protocol_mismatch');
    });
    socket.on('session:ended', dropSession);
    // socket.io does not retry after the server closed the connection (hub restart, admin kick): we do.
    let retry: ReturnType<typeof setTimeout> | null = null;
    socket.on('disconnect', (reason) => {
      if (reason === 'io server disconnect') retry = setTimeout(() => socket.connect(), 1000);
    });
    const onStorage = (e: StorageEvent) => {
      if (e.key === null || keys.includes(e.key)) adopt(readSession(), socket);
    };
    window.addEventListener('storage', onStorage);
    setConn({ socket, live });
    return () => {
      window.removeEventListener('storage', onStorage);
      if (retry) clearTimeout(retry);
      live.close();
      socket.close();
    };
  }, [keys, adopt, readSession]);

  const live = conn?.live ?? null;
  const subscribe = useCallback((fn: () => void) => (live ? live.subscribe(fn) : noopSubscribe()), [live]);
  const getView = useCallback(() => (live ? live.get() : EMPTY_VIEW), [live]);
  const view = useSyncExternalStore(subscribe, getView);

  const signIn = useCallback(
    async (username: string, pin: string, counterId: string): Promise<CommandResult<StoredSession>> => {
      if (!conn) return { ok: false, error: { code: 'offline', message: '' } };
      const r = await send(conn.socket, 'auth:login', { username, password: pin, counterId });
      if (!r.ok) return r;
      const stored = toStoredSession(r.data, username);
      if (!stored) return { ok: false, error: { code: 'forbidden', message: tr('vi', 'accountNotForCounter') } };
      saveSession(keys[0]!, stored);
      // The hub has already bound this socket to the clerk; keep the token for reconnects.
      sessionRef.current = stored;
      setSession(stored);
      conn.socket.auth = authFor(stored.token);
      conn.live.refresh();
      return { ok: true, data: stored };
    },
    [conn, keys],
  );

  const forget = useCallback(() => {
    for (const k of keys) if (loadSession(k)?.token === sessionRef.current?.token) saveSession(k, null);
    adopt(null, conn?.socket ?? null);
  }, [adopt, conn, keys]);

  const signOut = useCallback(async () => {
    if (conn?.socket.connected) await send(conn.socket, 'auth:logout', {});
    forget();
  }, [conn, forget]);

  return { socket: conn?.socket ?? null, live: conn?.live ?? null, view, session, fatal, signIn, signOut, forget };
}
