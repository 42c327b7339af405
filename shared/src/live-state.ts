/**
 * Client-side live state shared by every UI: fetch a snapshot, apply sequenced deltas, and fetch
 * a new snapshot on a gap, a resync, a new day or a reconnect. Clients hold no truth of their own.
 * Takes any socket with socket.io's `on/off/emit` shape, so it has no I/O dependency itself.
 * `subscribe`/`get` fit React's `useSyncExternalStore` directly.
 */
import { applyDelta, type Delta, type ServiceLoad, type Snapshot } from './protocol';
import type { Result } from './result';

export interface LiveSocket {
  connected: boolean;
  on(event: 'connect' | 'disconnect', fn: () => void): unknown;
  on(event: 'state:delta', fn: (d: Delta) => void): unknown;
  on(event: 'state:loads', fn: (l: ServiceLoad[]) => void): unknown;
  off(event: 'connect' | 'disconnect', fn: () => void): unknown;
  off(event: 'state:delta', fn: (d: Delta) => void): unknown;
  off(event: 'state:loads', fn: (l: ServiceLoad[]) => void): unknown;
  emit(event: 'state:snapshot', input: Record<string, never>, ack: (r: Result<Snapshot>) => void): unknown;
}

export interface LiveStateView {
  snapshot: Snapshot | null;
  connected: boolean;
  /** When the last snapshot or delta arrived (client clock), for "stale" indicators. */
  updatedAt: number;
  error: string | null;
}

export interface LiveState {
  get(): LiveStateView;
  subscribe(listener: () => void): () => void;
  /** Ask for a fresh snapshot now. */
  refresh(): void;
  close(): void;
}

export function createLiveState(socket: LiveSocket, now: () => number): LiveState {
  let view: LiveStateView = { snapshot: null, connected: socket.connected, updatedAt: 0, error: null };
  const listeners = new Set<() => void>();
  let pending: Delta[] = [];
  let fetching = false;

  const set = (patch: Partial<LiveStateView>): void => {
    view = { ...view, ...patch };
    for (const l of listeners) l();
  };

  const refresh = (): void => {
    if (fetching) return;
    fetching = true;
    pending = [];
    socket.emit('state:snapshot', {}, (r) => {
      fetching = false;
      if (!r.ok) {
        set({ error: r.error.message });
        return;
      }
      let s: Snapshot | 'gap' = r.data;
      // Deltas that arrived while the snapshot was on its way: apply those that follow it.
      for (const d of pending) {
        if (s === 'gap') break;
        s = applyDelta(s, d);
      }
      pending = [];
      if (s === 'gap') {
        refresh();
        return;
      }
      set({ snapshot: s, updatedAt: now(), error: null });
    });
  };

  const onDelta = (d: Delta): void => {
    if (fetching || !view.snapshot) {
      pending.push(d);
      return;
    }
    const next = applyDelta(view.snapshot, d);
    if (next === 'gap') refresh();
    else if (next !== view.snapshot) set({ snapshot: next, updatedAt: now() });
  };
  const onLoads = (loads: ServiceLoad[]): void => {
    if (view.snapshot) set({ snapshot: { ...view.snapshot, loads }, updatedAt: now() });
  };
  const onConnect = (): void => {
    set({ connected: true });
    refresh();
  };
  // A snapshot request in flight when the link drops is never answered: forget it, so the
  // reconnect asks again.
  const onDisconnect = (): void => {
    fetching = false;
    set({ connected: false });
  };

  socket.on('state:delta', onDelta);
  socket.on('state:loads', onLoads);
  socket.on('connect', onConnect);
  socket.on('disconnect', onDisconnect);
  if (socket.connected) refresh();

  return {
    get: () => view,
    subscribe(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    refresh,
    close() {
      socket.off('state:delta', onDelta);
      socket.off('state:loads', onLoads);
      socket.off('connect', onConnect);
      socket.off('disconnect', onDisconnect);
      listeners.clear();
    },
  };
}
