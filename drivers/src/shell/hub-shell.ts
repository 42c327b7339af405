/**
 * The main process of a one-window hub shell (the kiosk, the display board), written against
 * ElectronLike so it is tested with fakes: one instance per machine, one locked-down window on
 * one page of the hub, no menu, navigation, IPC and permissions confined to the hub, the local
 * reconnecting page while the hub is unreachable, and the device agent running in this process
 * beside the page. What differs between the shells (config file, window, switches, the agent's
 * devices) comes in a `HubShellSpec`.
 */
import type { AgentConfig } from '../config';
import { agentStatusOf, forwardAgentStatus, registerShellIpc, type ShellKind } from './bridge';
import type { ElectronLike, RunningAgent, ShellWindow } from './electron-like';
import { guardContents, hubAllowList, lockDownSession } from './navigation';
import { pinnedFetch, pinWardCa, readWardCa } from './pinning';
import { reconnectingPageUrl } from './reconnecting';
import { createHubSupervisor, probeHub, type HubSupervisor } from './supervisor';
import type { ShellLogger } from './types';
import { lockedWindowOptions, type LockedWindowInput } from './window';

/** What every hub shell's configuration has. */
export interface HubShellConfig {
  hubUrl: string;
  /** The ward CA an https:// hub's certificate must come from (pinning.ts). */
  hubCaFile?: string | undefined;
  kiosk: boolean;
  retryMs: number;
  agent?: unknown;
}

export interface HubShellDeps<W extends ShellWindow = ShellWindow> {
  electron: ElectronLike<W>;
  env: NodeJS.ProcessEnv;
  /** Absolute path of the bundled preload (preload.cjs beside main.js). */
  preloadPath: string;
  readFile: (path: string) => string;
  startAgent: (opts: { config: AgentConfig }) => Promise<RunningAgent>;
  log: ShellLogger;
  probe?: (appUrl: string) => Promise<boolean>;
}

export interface HubShell<C, W extends ShellWindow = ShellWindow> {
  config: C | null;
  window: W | null;
  supervisor: HubSupervisor | null;
  agent: RunningAgent | null;
  /** Why the shell could not start its normal way (bad config…), shown on screen. */
  problem: string | null;
}

/** What one shell adds to the common start. */
export interface HubShellSpec<C extends HubShellConfig, W extends ShellWindow = ShellWindow> {
  /** Also names the example file a missing configuration points to (`kiosk.example.json`). */
  kind: ShellKind;
  title: string;
  /** What the page goes without when the agent cannot run ('devices', 'LED boards'), for the logs. */
  agentDevices: string;
  /** The shell's configuration file: where it is, how it is read, and the page and agent it names. */
  config: {
    path(env: NodeJS.ProcessEnv, userDataDir: string): string;
    parse(text: string, path: string): C;
    appUrl(config: C): string;
    /** The agent's full config, or null when there is none; throws when it is invalid. */
    agentConfig(config: C): AgentConfig | null;
  };
  /** Chromium switches, set before the app is ready. */
  commandLine?(commandLine: ElectronLike<W>['app']['commandLine']): void;
  /** Path prefixes the window may show on the hub; without, the whole hub origin. */
  allowedPaths?(config: C | null): string[];
  /** The window's size and colours (`config` is null when it could not be read). */
  window(config: C | null): Pick<LockedWindowInput, 'width' | 'height' | 'backgroundColor' | 'autoplay'>;
  /** Anything more to do to the new window, before the page is loaded. */
  setUpWindow?(win: W): void;
}

export async function startHubShell<C extends HubShellConfig, W extends ShellWindow>(spec: HubShellSpec<C, W>, deps: HubShellDeps<W>): Promise<HubShell<C, W>> {
  const { app, BrowserWindow, Menu, ipcMain, session } = deps.electron;
  const shell: HubShell<C, W> = { config: null, window: null, supervisor: null, agent: null, problem: null };

  // One window per machine: a second launch (a double-click on the icon) just focuses it.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return shell;
  }
  spec.commandLine?.(app.commandLine);

  const path = spec.config.path(deps.env, app.getPath('userData'));
  let caPem: string | null = null;
  try {
    const parsed = spec.config.parse(deps.readFile(path), path);
    caPem = parsed.hubCaFile ? readWardCa(parsed.hubCaFile, deps.readFile) : null;
    shell.config = parsed;
  } catch (e) {
    shell.problem = (e as NodeJS.ErrnoException).code === 'ENOENT' ? `no configuration: create ${path} (see ${spec.kind}.example.json)` : (e as Error).message;
    deps.log.error({ path, problem: shell.problem }, `${spec.kind} shell configuration`);
  }
  const config = shell.config;
  const allow = hubAllowList(config?.hubUrl ?? 'http://invalid.invalid', spec.allowedPaths?.(config));

  // Every webContents, this window's and any other that might appear, stays on the hub.
  app.on('web-contents-created', (_e, contents) => guardContents(contents, { allow, kiosk: config?.kiosk ?? true, log: deps.log }));
  app.on('window-all-closed', () => app.quit());
  app.on('second-instance', () => shell.window?.focus());

  await app.whenReady();
  Menu.setApplicationMenu(null);
  // No permission at all (autoplay is not one).
  lockDownSession(session.defaultSession, allow, [], deps.log);
  // Only the ward CA's certificates are accepted (an https:// hub).
  pinWardCa(session.defaultSession, caPem, deps.log);

  const win = new BrowserWindow(lockedWindowOptions({ preload: deps.preloadPath, kiosk: config?.kiosk ?? true, title: spec.title, ...spec.window(config) }));
  shell.window = win;
  win.once('ready-to-show', () => win.show());
  spec.setUpWindow?.(win);

  registerShellIpc(
    ipcMain,
    {
      info: () => ({ kind: spec.kind, version: app.getVersion(), hubUrl: config?.hubUrl ?? '', kioskMode: config?.kiosk ?? true }),
      agentStatus: () => (shell.agent ? agentStatusOf(shell.agent) : { configured: !!config?.agent, connected: false, peripherals: [] }),
    },
    allow,
    deps.log,
  );

  if (!config) {
    await win.webContents.loadURL(reconnectingPageUrl({ kind: spec.kind, hubUrl: '—', retrySec: 0, detail: shell.problem })).catch(() => undefined);
    return shell;
  }

  const url = spec.config.appUrl(config);
  const probe = deps.probe ?? ((u: string) => probeHub(u, caPem !== null ? pinnedFetch(caPem) : fetch));
  shell.supervisor = createHubSupervisor({ contents: win.webContents, appUrl: url, kind: spec.kind, probe: () => probe(url), retryMs: config.retryMs, log: deps.log });

  app.on('before-quit', () => {
    shell.supervisor?.stop();
    void shell.agent?.stop().catch((e: unknown) => deps.log.error({ err: e }, 'agent did not stop cleanly'));
  });

  // The agent starts beside the page, never in front of it: a missing device must not keep the
  // page from showing (the hub then knows the device is not there and says so).
  let agentCfg: AgentConfig | null = null;
  try {
    agentCfg = spec.config.agentConfig(config);
  } catch (e) {
    shell.problem = (e as Error).message;
    deps.log.error({ problem: shell.problem }, `agent configuration invalid; running without ${spec.agentDevices}`);
  }
  const agentStarting = agentCfg
    ? deps
        .startAgent({ config: agentCfg })
        .then((agent) => {
          shell.agent = agent;
          forwardAgentStatus(agent, () => (win.isDestroyed() ? null : win.webContents));
        })
        .catch((e: unknown) => deps.log.error({ err: e instanceof Error ? e.message : String(e) }, `device agent failed to start; running without ${spec.agentDevices}`))
    : Promise.resolve();

  await Promise.all([shell.supervisor.start(), agentStarting]);
  return shell;
}
