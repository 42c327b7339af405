/**
 * The display board's shell (main process), written against a minimal Electron surface so it is
 * tested without Electron: one locked-down window on the hub's /display page (full screen, no
 * menu, no devtools, navigation and IPC confined to the hub's /display, no permissions, sound
 * allowed without a tap so announcements play), the local reconnecting page while the hub is
 * unreachable, and the device agent that drives the LED boards from the same calls.
 *
 * The LED boards do not depend on the page: the hub pushes `led:show` to the agent on every
 * call and recall, so they keep working while the window reloads.
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
import { agentConfig, appUrl, configPath, parseDisplayConfig, type DisplayShellConfig } from './config';

export type ShellWindow = BaseShellWindow;
export type ElectronLike = BaseElectronLike<ShellWindow>;
export type { RunningAgent };

export interface DisplayShellDeps {
  electron: ElectronLike;
  env: NodeJS.ProcessEnv;
  /** Absolute path of the bundled preload (preload.cjs beside main.js). */
  preloadPath: string;
  readFile: (path: string) => string;
  startAgent: (opts: { config: AgentConfig }) => Promise<RunningAgent>;
  log: ShellLogger;
  probe?: (appUrl: string) => Promise<boolean>;
}

export interface DisplayShell {
  config: DisplayShellConfig | null;
  window: ShellWindow | null;
  supervisor: HubSupervisor | null;
  agent: RunningAgent | null;
  /** Why the shell could not start its normal way (bad config…), shown on screen. */
  problem: string | null;
}

const TITLE = 'Một Cửa — Bảng hiển thị';

export async function startDisplayShell(deps: DisplayShellDeps): Promise<DisplayShell> {
  const { app, BrowserWindow, Menu, ipcMain, session } = deps.electron;
  const shell: DisplayShell = { config: null, window: null, supervisor: null, agent: null, problem: null };

  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return shell;
  }
  // Announcements must play without anyone touching the TV.
  app.commandLine.appendSwitch('autoplay-policy', 'no-user-gesture-required');

  const path = configPath(deps.env, app.getPath('userData'));
  try {
    shell.config = parseDisplayConfig(deps.readFile(path), path);
  } catch (e) {
    shell.problem = (e as NodeJS.ErrnoException).code === 'ENOENT' ? `no configuration: create ${path} (see display.example.json)` : (e as Error).message;
    deps.log.error({ path, problem: shell.problem }, 'display shell configuration');
  }
  const config = shell.config;
  const allow = hubAllowList(config?.hubUrl ?? 'http://invalid.invalid', [config?.appPath ?? '/display/']);

  app.on('web-contents-created', (_e, contents) => guardContents(contents, { allow, kiosk: config?.kiosk ?? true, log: deps.log }));
  app.on('window-all-closed', () => app.quit());
  app.on('second-instance', () => shell.window?.focus());

  await app.whenReady();
  Menu.setApplicationMenu(null);
  // The board needs no permission at all (autoplay is not one).
  lockDownSession(session.defaultSession, allow, [], deps.log);

  const win = new BrowserWindow(
    lockedWindowOptions({ preload: deps.preloadPath, kiosk: config?.kiosk ?? true, title: TITLE, width: config?.width ?? 1920, height: config?.height ?? 1080, backgroundColor: '#061933', autoplay: true }),
  );
  shell.window = win;
  win.once('ready-to-show', () => win.show());

  registerShellIpc(
    ipcMain,
    {
      info: () => ({ kind: 'display', version: app.getVersion(), hubUrl: config?.hubUrl ?? '', kioskMode: config?.kiosk ?? true }),
      agentStatus: () => (shell.agent ? agentStatusOf(shell.agent) : { configured: !!config?.agent, connected: false, peripherals: [] }),
    },
    allow,
    deps.log,
  );

  if (!config) {
    await win.webContents.loadURL(reconnectingPageUrl({ kind: 'display', hubUrl: '—', retrySec: 0, detail: shell.problem })).catch(() => undefined);
    return shell;
  }

  const url = appUrl(config);
  const probe = deps.probe ?? ((u: string) => probeHub(u));
  shell.supervisor = createHubSupervisor({ contents: win.webContents, appUrl: url, kind: 'display', probe: () => probe(url), retryMs: config.retryMs, log: deps.log });

  app.on('before-quit', () => {
    shell.supervisor?.stop();
    void shell.agent?.stop().catch((e: unknown) => deps.log.error({ err: e }, 'agent did not stop cleanly'));
  });

  // LED boards start beside the page, never in front of it: a board without its LED bus still shows and announces calls.
  let agentCfg: AgentConfig | null = null;
  try {
    agentCfg = agentConfig(config);
  } catch (e) {
    shell.problem = (e as Error).message;
    deps.log.error({ problem: shell.problem }, 'agent configuration invalid; running without LED boards');
  }
  const agentStarting = agentCfg
    ? deps
        .startAgent({ config: agentCfg })
        .then((agent) => {
          shell.agent = agent;
          forwardAgentStatus(agent, () => (win.isDestroyed() ? null : win.webContents));
        })
        .catch((e: unknown) => deps.log.error({ err: e instanceof Error ? e.message : String(e) }, 'device agent failed to start; running without LED boards'))
    : Promise.resolve();

  await Promise.all([shell.supervisor.start(), agentStarting]);
  return shell;
}
