import { useEffect, useMemo, useSyncExternalStore } from 'react';
import { io } from 'socket.io-client';
import { createLiveState, PROTOCOL_VERSION, STRINGS } from '@motcua/shared';

/** Minimal Take a ticket page: connects to the hub and shows the live queue. */
export function App() {
  const socket = useMemo(() => io({ auth: { protocolVersion: PROTOCOL_VERSION, token: localStorage.getItem('motcua.token') ?? undefined } }), []);
  const live = useMemo(() => createLiveState(socket, () => Date.now()), [socket]);
  const view = useSyncExternalStore(live.subscribe, live.get);
  useEffect(() => () => {
    live.close();
    socket.close();
  }, [live, socket]);
  const s = view.snapshot;
  return (
    <main style={{ fontFamily: 'system-ui, sans-serif', padding: 24 }}>
      <h1>Lấy số thứ tự</h1>
      <p>{s ? s.centre.name.vi : view.connected ? '…' : STRINGS.reconnecting.vi}</p>
      {s && (
        <p data-testid="waiting">
          {STRINGS.waiting.vi}: {s.tickets.filter((t) => t.state === 'waiting').length}
        </p>
      )}
    </main>
  );
}
