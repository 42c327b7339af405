/**
 * The kiosk shell's main process, written against a minimal Electron surface so it is tested
 * with `vi.mock('electron')`: one locked-down full-screen window on the hub's kiosk page, no
 * menu, navigation and permissions confined to the hub, the local reconnecting page while the
 * hub is unreachable, and the device agent (printer, scanner) running in this process.
 */
import {
  agentStatusOf,
  createHubSupervisor,
  forwardAgentStatus,
  guardContents,
  hubAllowList,
  lockDownSession,
  lockedWindowOptions,
  probeHub,
  reconnectingPageUrl,
  registerShellIpc,
  type AgentConfig,
  type HubSupervisor,
  type ShellLogger,
  type ElectronLike as BaseElectronLike,
  type RunningAgent,
  type ShellWindow as BaseShellWindow,
} from '@motcua/drivers';
import { agentConfig, appUrl, configPath, parseKioskConfig, type KioskShellConfig } from './config';

/** The kiosk window also locks pinch-zoom. */
export type ShellWindow = BaseShellWindow<{ setVisualZoomLevelLimits(minimumLevel: number, maximumLevel: number): Promise<void> }>;
export type ElectronLike = BaseElectronLike<ShellWindow>;
export type { RunningAgent };

export interface KioskShellDeps {
  electron: ElectronLike;
  env: NodeJS.ProcessEnv;
  /** Absolute path of the bundled preload (preload.cjs beside main.js). */
  preloadPath: string;
  readFile: (path: string) => string;
  startAgent: (opts: { config: AgentConfig }) => Promise<RunningAgent>;
  log: ShellLogger;
  probe?: (appUrl: string) => Promise<boolean>;
}

export interface KioskShell {
  config: KioskShellConfig | null;
  window: ShellWindow | null;
  supervisor: HubSupervisor | null;
  agent: RunningAgent | null;
  /** Why the shell could not start its normal way (bad config…), shown on screen. */
  problem: string | null;
}

const TITLE = 'Một Cửa — Máy lấy số';

export async function startKioskShell(deps: KioskShellDeps): Promise<KioskShell> {
  const { app, BrowserWindow, Menu, ipcMain, session } = deps.electron;
  const shell: KioskShell = { config: null, window: null, supervisor: null, agent: null, problem: null };

  // One kiosk window per machine: a second launch (a double-click on the icon) just focuses it.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return shell;
  }
  // No pinch-zoom or swipe navigation on a touch screen.
  app.commandLine.appendSwitch('disable-pinch');
  app.commandLine.appendSwitch('overscroll-history-navigation', '0');

  const path = configPath(deps.env, app.getPath('userData'));
  try {
    shell.config = parseKioskConfig(deps.readFile(path), path);
  } catch (e) {
    shell.problem = (e as NodeJS.ErrnoException).code === 'ENOENT' ? `no configuration: create ${path} (see kiosk.example.json)` : (e as Error).message;
    deps.log.error({ path, problem: shell.problem }, 'kiosk shell configuration');
  }
  const config = shell.config;
  const allow = hubAllowList(config?.hubUrl ?? 'http://invalid.invalid');

  // Every webContents, this window's and any other that might appear, stays on the hub.
  app.on('web-contents-created', (_e, contents) => guardContents(contents, { allow, kiosk: config?.kiosk ?? true, log: deps.log }));
  app.on('window-all-closed', () => app.quit());
  app.on('second-instance', () => shell.window?.focus());

  await app.whenReady();
  Menu.setApplicationMenu(null);
  lockDownSession(session.defaultSession, allow, [], deps.log);

  const win = new BrowserWindow(lockedWindowOptions({ preload: deps.preloadPath, kiosk: config?.kiosk ?? true, title: TITLE, width: 1080, height: 1920, backgroundColor: '#0b2545' }));
  shell.window = win;
  win.once('ready-to-show', () => win.show());
  void win.webContents.setVisualZoomLevelLimits(1, 1).catch(() => undefined);

  registerShellIpc(
    ipcMain,
    {
      info: () => ({ kind: 'kiosk', version: app.getVersion(), hubUrl: config?.hubUrl ?? '', kioskMode: config?.kiosk ?? true }),
      agentStatus: () => (shell.agent ? agentStatusOf(shell.agent) : { configured: !!config?.agent, connected: false, peripherals: [] }),
    },
    allow,
    deps.log,
  );

  if (!config) {
    await win.webContents.loadURL(reconnectingPageUrl({ kind: 'kiosk', hubUrl: '—', retrySec: 0, detail: shell.problem })).catch(() => undefined);
    return shell;
  }

  const url = appUrl(config);
  const probe = deps.probe ?? ((u: string) => probeHub(u));
  shell.supervisor = createHubSupervisor({ contents: win.webContents, appUrl: url, kind: 'kiosk', probe: () => probe(url), retryMs: config.retryMs, log: deps.log });

  app.on('before-quit', () => {
    shell.supervisor?.stop();
    void shell.agent?.stop().catch((e: unknown) => deps.log.error({ err: e }, 'agent did not stop cleanly'));
  });

  // The agent starts beside the page, never in front of it: a missing printer must not keep
  // citizens from taking tickets (the hub then has no printer for this kiosk and says so).
  let agentCfg: AgentConfig | null = null;
  try {
    agentCfg = agentConfig(config);
  } catch (e) {
    shell.problem = (e as Error).message;
    deps.log.error({ problem: shell.problem }, 'agent configuration invalid; running without devices');
  }
  const agentStarting = agentCfg
    ? deps
        .startAgent({ config: agentCfg })
        .then((agent) => {
          shell.agent = agent;
          forwardAgentStatus(agent, () => (win.isDestroyed() ? null : win.webContents));
        })
        .catch((e: unknown) => deps.log.error({ err: e instanceof Error ? e.message : String(e) }, 'device agent failed to start; running without devices'))
    : Promise.resolve();

  await Promise.all([shell.supervisor.start(), agentStarting]);
  return shell;
}
