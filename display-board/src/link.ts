/**
 * The board's link to the hub: the shared live state (snapshot + deltas), plus what a screen
 * that nobody watches over needs to resynchronise by itself after a network drop:
 *
 * - a fresh live state per connection. socket.io drops the acknowledgement of a request that
 *   was in flight when the connection broke, so a snapshot request made just before a drop
 *   would never answer; starting over on every connect guarantees a new snapshot request.
 * - the last snapshot is kept while disconnected (the queue lengths stay on screen, marked as
 *   stale), but `connected`/`synced` tell the UI not to present any call as current.
 * - `tick()` (called every second) re-makes a connection that has been silent too long, asks
 *   again for a snapshot that did not come, and reconnects a socket the server disconnected
 *   (socket.io does not retry those by itself).
 * - `dropNow()`/`reconnectNow()` follow the browser's offline/online events, so a returning
 *   network is used at once instead of after the reconnection backoff.
 */
import { createLiveState, type LiveSocket, type LiveState, type Snapshot } from '@motcua/shared';

export interface LinkSocket extends LiveSocket {
  /** Whether socket.io will (re)connect by itself. */
  readonly active: boolean;
  connect(): unknown;
  disconnect(): unknown;
}

export interface BoardView {
  /** The last snapshot received, kept while disconnected. */
  snapshot: Snapshot | null;
  connected: boolean;
  /** A snapshot arrived on the current connection, so what is shown is current. */
  synced: boolean;
  /** Board clock when the shown state was last confirmed by the hub. */
  updatedAt: number;
  /** Board clock when the link went down; null while connected. */
  downSince: number | null;
  /**
   * The hub's clock as last reported (snapshot or delta time) and the board clock at that moment:
   * hub time now ≈ hubAt + (board now − localAt). Pushes without a time (loads) do not move it.
   */
  hubClock: { hubAt: number; localAt: number } | null;
  error: string | null;
}

export interface LinkOptions {
  now: () => number;
  /** Subscribes to the transport heartbeat (socket.io's `ping`); returns an unsubscribe. */
  onHeartbeat?: (fn: () => void) => () => void;
  /** Nothing heard for this long means the connection is dead: re-make it. */
  silenceMs?: number;
  /** A connection without a snapshot after this long asks again. */
  syncTimeoutMs?: number;
}

export interface BoardLink {
  get: () => BoardView;
  subscribe: (listener: () => void) => () => void;
  /** Call every second: re-makes a dead, stuck or server-closed connection. */
  tick(): void;
  /** The network is back: reconnect now rather than after the backoff (or refetch if connected). */
  reconnectNow(): void;
  /** The network is gone: stop trusting the current connection. */
  dropNow(): void;
  close(): void;
}

export function createBoardLink(socket: LinkSocket, opts: LinkOptions): BoardLink {
  const { now } = opts;
  const silenceMs = opts.silenceMs ?? 25_000;
  const syncTimeoutMs = opts.syncTimeoutMs ?? 5_000;
  const listeners = new Set<() => void>();
  let view: BoardView = { snapshot: null, connected: false, synced: false, updatedAt: 0, downSince: now(), hubClock: null, error: null };
  let live: LiveState | null = null;
  let unsubscribeLive: (() => void) | null = null;
  let connectedAt = 0;
  let heardAt = now();
  let closed = false;

  const set = (patch: Partial<BoardView>): void => {
    view = { ...view, ...patch };
    for (const l of listeners) l();
  };

  const stopLive = (): void => {
    unsubscribeLive?.();
    live?.close();
    live = null;
    unsubscribeLive = null;
  };

  const startLive = (): void => {
    stopLive();
    connectedAt = now();
    // Created while connected, it asks for a snapshot at once.
    const l = createLiveState(socket, now);
    live = l;
    unsubscribeLive = l.subscribe(() => {
      const v = l.get();
      if (v.snapshot && v.snapshot !== view.snapshot) {
        heardAt = now();
        const hubClock = view.hubClock && view.snapshot?.now === v.snapshot.now && view.synced ? view.hubClock : { hubAt: v.snapshot.now, localAt: now() };
        set({ snapshot: v.snapshot, synced: true, updatedAt: v.updatedAt, hubClock, error: null });
      } else if (v.error !== view.error) set({ error: v.error });
    });
  };

  const onConnect = (): void => {
    heardAt = now();
    set({ connected: true, synced: false, downSince: null });
    startLive();
  };
  const onDisconnect = (): void => {
    stopLive();
    set({ connected: false, synced: false, downSince: view.downSince ?? now() });
  };
  socket.on('connect', onConnect);
  socket.on('disconnect', onDisconnect);
  const offHeartbeat = opts.onHeartbeat?.(() => {
    heardAt = now();
  });
  if (socket.connected) onConnect();

  const remake = (): void => {
    socket.disconnect();
    socket.connect();
  };

  return {
    get: () => view,
    subscribe(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    tick() {
      if (closed) return;
      if (socket.connected) {
        if (now() - heardAt > silenceMs) remake();
        else if (!view.synced && now() - connectedAt > syncTimeoutMs) startLive();
      } else if (!socket.active) socket.connect();
    },
    reconnectNow() {
      if (closed) return;
      if (socket.connected) live?.refresh();
      else remake();
    },
    dropNow() {
      if (!closed && socket.connected) socket.disconnect();
    },
    close() {
      closed = true;
      offHeartbeat?.();
      stopLive();
      socket.off('connect', onConnect);
      socket.off('disconnect', onDisconnect);
      listeners.clear();
    },
  };
}
