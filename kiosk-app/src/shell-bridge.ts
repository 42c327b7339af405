/**
 * What the Electron shell's preload puts on `window.motcua` (absent in a plain browser, where the
 * standalone agent drives the devices and the hub alone reports print problems). The preload
 * checks its object against this type with `satisfies`, so page and shell cannot drift apart.
 */
import { useEffect, useState } from 'react';
import type { PeripheralStatus } from '@motcua/shared';

export interface KioskAgentStatus {
  configured: boolean;
  connected: boolean;
  peripherals: PeripheralStatus[];
}

export interface KioskShellInfo {
  kind: 'kiosk';
  version: string;
  hubUrl: string;
  kioskMode: boolean;
}

export interface KioskBridge {
  readonly kind: 'kiosk';
  info(): Promise<KioskShellInfo>;
  agentStatus(): Promise<KioskAgentStatus>;
  onAgentStatus(listener: (status: KioskAgentStatus) => void): () => void;
}

declare global {
  interface Window {
    motcua?: KioskBridge;
  }
}

export function shellBridge(): KioskBridge | null {
  return typeof window !== 'undefined' && window.motcua?.kind === 'kiosk' ? window.motcua : null;
}

/** The shell's agent status, live; null outside Electron. */
export function useAgentStatus(): KioskAgentStatus | null {
  const [status, setStatus] = useState<KioskAgentStatus | null>(null);
  useEffect(() => {
    const bridge = shellBridge();
    if (!bridge) return;
    let alive = true;
    bridge
      .agentStatus()
      .then((s) => alive && setStatus(s))
      .catch(() => undefined);
    const off = bridge.onAgentStatus((s) => setStatus(s));
    return () => {
      alive = false;
      off();
    };
  }, []);
  return status;
}
