/**
 * The preload bridge between a shell's main process and its page. The page gets a small, typed,
 * read-mostly object on `window.motcua` (through contextBridge): what shell it runs in, and the
 * health of the devices the main process's agent drives. It never gets ipcRenderer itself, and
 * main answers only frames on the hub's allow-list.
 */
import type { PeripheralStatus } from '@motcua/shared';
import { isAllowedUrl, type AllowList } from './navigation';
import type { IpcMainLike, IpcRendererLike, SendableContents, ShellLogger } from './types';

export type ShellKind = 'kiosk' | 'counter' | 'display';

export const SHELL_CHANNELS = {
  info: 'motcua:shell:info',
  agentStatus: 'motcua:agent:status',
  agentStatusChanged: 'motcua:agent:status-changed',
} as const;

export interface ShellInfo<K extends ShellKind = ShellKind> {
  kind: K;
  /** The shell's own version (package.json of the app). */
  version: string;
  hubUrl: string;
  kioskMode: boolean;
}

/** What the page may know about the agent in the main process. */
export interface AgentStatusView {
  /** False when this shell runs without devices (no agent configured). */
  configured: boolean;
  connected: boolean;
  peripherals: PeripheralStatus[];
}

export interface ShellBridge<K extends ShellKind = ShellKind> {
  readonly kind: K;
  info(): Promise<ShellInfo<K>>;
  agentStatus(): Promise<AgentStatusView>;
  /** Called on every change of the agent's connection or device health; returns the unsubscribe. */
  onAgentStatus(listener: (status: AgentStatusView) => void): () => void;
}

const EMPTY_STATUS: AgentStatusView = { configured: false, connected: false, peripherals: [] };

/** Defensive copy of a status coming over IPC (main is ours, but the page deserves plain data). */
export function toAgentStatusView(v: unknown): AgentStatusView {
  if (!v || typeof v !== 'object') return EMPTY_STATUS;
  const o = v as Partial<AgentStatusView>;
  return {
    configured: o.configured === true,
    connected: o.connected === true,
    peripherals: Array.isArray(o.peripherals) ? o.peripherals.filter((p): p is PeripheralStatus => !!p && typeof p === 'object' && typeof p.name === 'string').map((p) => ({ ...p })) : [],
  };
}

/** Built in the preload script and handed to `contextBridge.exposeInMainWorld('motcua', …)`. */
export function createShellBridge<K extends ShellKind>(ipc: IpcRendererLike, kind: K): ShellBridge<K> {
  return {
    kind,
    info: async () => (await ipc.invoke(SHELL_CHANNELS.info)) as ShellInfo<K>,
    agentStatus: async () => toAgentStatusView(await ipc.invoke(SHELL_CHANNELS.agentStatus)),
    onAgentStatus(listener) {
      const wrapped = (_event: unknown, status: unknown): void => listener(toAgentStatusView(status));
      ipc.on(SHELL_CHANNELS.agentStatusChanged, wrapped);
      return () => {
        ipc.removeListener(SHELL_CHANNELS.agentStatusChanged, wrapped);
      };
    },
  };
}

export interface ShellIpcHandlers {
  info(): ShellInfo;
  agentStatus(): AgentStatusView;
}

/**
 * Registers main's side of the bridge. A call from a frame that is not on the allow-list (the
 * reconnecting page, anything that slipped past the guard) is refused.
 */
export function registerShellIpc(ipcMain: IpcMainLike, handlers: ShellIpcHandlers, allow: AllowList, log?: ShellLogger): () => void {
  const guard =
    <T>(fn: () => T) =>
    (event: { senderFrame?: { url: string } | null }): T => {
      const url = event.senderFrame?.url ?? '';
      if (!isAllowedUrl(url, allow)) {
        log?.warn({ url: url.slice(0, 200) }, 'IPC from a page outside the hub refused');
        throw new Error('forbidden');
      }
      return fn();
    };
  ipcMain.handle(SHELL_CHANNELS.info, guard(() => handlers.info()));
  ipcMain.handle(SHELL_CHANNELS.agentStatus, guard(() => handlers.agentStatus()));
  return () => {
    ipcMain.removeHandler(SHELL_CHANNELS.info);
    ipcMain.removeHandler(SHELL_CHANNELS.agentStatus);
  };
}

export interface AgentLikeEvents {
  connection: { connected: boolean; reason: string | null };
  status: PeripheralStatus[];
}

/** The agent surface the bridge reads (DeviceAgent fits). */
export interface AgentLike {
  readonly connected: boolean;
  peripherals(): PeripheralStatus[];
  on<K extends keyof AgentLikeEvents>(event: K, listener: (payload: AgentLikeEvents[K]) => void): () => void;
}

export function agentStatusOf(agent: AgentLike | null): AgentStatusView {
  if (!agent) return EMPTY_STATUS;
  return { configured: true, connected: agent.connected, peripherals: agent.peripherals() };
}

/** Pushes the agent's status to the page on every change. Returns the unsubscribe. */
export function forwardAgentStatus(agent: AgentLike, target: () => SendableContents | null): () => void {
  const push = (): void => {
    const c = target();
    if (c && !c.isDestroyed()) c.send(SHELL_CHANNELS.agentStatusChanged, agentStatusOf(agent));
  };
  const offs = [agent.on('connection', push), agent.on('status', push)];
  return () => {
    for (const off of offs) off();
  };
}
