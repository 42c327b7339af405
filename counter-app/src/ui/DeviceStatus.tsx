/**
 * Health of the counter's devices (keypad, LED display, rating pad) when the page runs in the
 * Electron shell, read from the preload bridge `window.motcua`. In a plain browser there is no
 * bridge and nothing is shown (the standalone agent reports to the hub, which the manager sees).
 */
import { useEffect, useState } from 'react';
import type { Lang, PeripheralStatus } from '@motcua/shared';
import { tr, type TextKey } from '../i18n';

/** The part of the shell bridge this page reads (the shell's preload defines it). */
interface AgentStatusView {
  configured: boolean;
  connected: boolean;
  peripherals: PeripheralStatus[];
}
interface CounterBridge {
  kind: string;
  agentStatus(this: void): Promise<AgentStatusView>;
  onAgentStatus(this: void, listener: (s: AgentStatusView) => void): () => void;
}

function bridge(): CounterBridge | null {
  const b = (window as unknown as { motcua?: CounterBridge }).motcua;
  return b && typeof b.agentStatus === 'function' ? b : null;
}

const KIND_LABEL: Record<PeripheralStatus['kind'], TextKey> = {
  keypad: 'deviceKeypad',
  led: 'deviceLed',
  rating_pad: 'deviceRatingPad',
  chip_reader: 'deviceChipReader',
  printer: 'devicePrinter',
  scanner: 'deviceScanner',
};

export function DeviceStatus({ lang }: { lang: Lang }) {
  const [status, setStatus] = useState<AgentStatusView | null>(null);
  useEffect(() => {
    const b = bridge();
    if (!b) return;
    let live = true;
    void b.agentStatus().then((s) => live && setStatus(s));
    const off = b.onAgentStatus((s) => setStatus(s));
    return () => {
      live = false;
      off();
    };
  }, []);
  if (!status?.configured) return null;
  return (
    <span className="devices" data-testid="devices">
      {!status.connected && <span className="dev bad">{tr(lang, 'devicesOffline')}</span>}
      {status.peripherals.map((p) => (
        <span key={p.name} className={p.health === 'ready' ? 'dev ok' : 'dev bad'} title={p.detail ?? p.health}>
          {tr(lang, KIND_LABEL[p.kind])} {p.health === 'ready' ? '✓' : '✗'}
        </span>
      ))}
    </span>
  );
}
