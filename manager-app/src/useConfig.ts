import { useCallback, useEffect, useState } from 'react';
import type { ManagerConfig, Snapshot } from '@motcua/shared';
import { call, type HubSocket } from './hub';

/**
 * The manager's configuration view (clerks, settings, temporary skills… beyond the snapshot),
 * fetched again whenever the live snapshot's catalogue or counters change.
 */
export function useConfig(socket: HubSocket, snapshot: Snapshot): { config: ManagerConfig | null; reload: () => void; error: string | null } {
  const [config, setConfig] = useState<ManagerConfig | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [nonce, setNonce] = useState(0);
  const reload = useCallback(() => setNonce((n) => n + 1), []);
  const { counters, services, procedures, fields } = snapshot;
  useEffect(() => {
    let live = true;
    void call(socket, 'manager:config', {}).then((r) => {
      if (!live) return;
      if (r.ok) {
        setConfig(r.data);
        setError(null);
      } else setError(r.error.message);
    });
    return () => {
      live = false;
    };
  }, [socket, counters, services, procedures, fields, nonce]);
  return { config, reload, error };
}
