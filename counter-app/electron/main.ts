/**
 * The counter PC's Electron main process: a locked-down window on the hub's /counter page, the
 * citizen-facing rating view full screen on a second display when there is one, and the device
 * agent (call keypad, LED counter display, rating pad) in this process. The page gets only a
 * read-only view of the agent's health through the preload bridge.
 *
 * The shell holds no queue logic: keypad keys go to the hub as `device:input` and the hub runs them
 * as this counter; LED updates and rating prompts come back from the hub to the agent.
 */
import { join } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, screen, session } from 'electron';
import {
  agentStatusOf,
  componentLogger,
  createHubSupervisor,
  DeviceAgent,
  forwardAgentStatus,
  guardContents,
  hubAllowList,
  lockDownSession,
  lockedWindowOptions,
  parseAgentConfig,
  pinnedFetch,
  pinWardCa,
  probeHub,
  readWardCa,
  registerShellIpc,
  type AgentConfig,
  type AgentEvents,
  type AgentLike,
  type HubSupervisor,
  type Logger,
} from '@motcua/drivers';
import { configPath, counterUrls, loadShellConfig, pickRatingDisplay, storeDeviceToken, type CounterShellConfig } from './config';
import { pairAgent } from './pairing';

/** What the shell needs of an agent (DeviceAgent fits; tests pass a fake). */
export interface ShellAgent extends AgentLike {
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface StartOptions {
  configPath: string;
  /** Absolute path of the bundled CommonJS preload. */
  preloadPath: string;
  version: string;
  log?: Logger;
  createAgent?: (config: AgentConfig) => ShellAgent;
  probe?: (appUrl: string) => Promise<boolean>;
  /** A production PC (packaged app or NODE_ENV=production): no devtools even outside kiosk mode. */
  production?: boolean;
}

export interface CounterShell {
  config: CounterShellConfig;
  main: BrowserWindow;
  rating: BrowserWindow | null;
  agent: ShellAgent | null;
  stop(): Promise<void>;
}

/**
 * DeviceAgent as the shell sees it. (Its generic `on` is not assignable to the bridge's overloaded
 * `AgentLike.on` under TypeScript 5.9, so it is adapted here rather than cast.)
 */
export function shellAgentOf(a: DeviceAgent): ShellAgent {
  function on(event: 'connection', listener: (p: AgentEvents['connection']) => void): () => void;
  function on(event: 'status', listener: (p: AgentEvents['status']) => void): () => void;
  function on(event: 'connection' | 'status', listener: ((p: AgentEvents['connection']) => void) | ((p: AgentEvents['status']) => void)): () => void {
    return event === 'connection' ? a.on('connection', listener as (p: AgentEvents['connection']) => void) : a.on('status', listener as (p: AgentEvents['status']) => void);
  }
  return {
    get connected() {
      return a.connected;
    },
    peripherals: () => a.peripherals(),
    on,
    start: () => a.start(),
    stop: () => a.stop(),
  };
}

/** Pairs the agent on first start (code → token, stored in the config file). */
async function ensurePaired(path: string, config: CounterShellConfig, caPem: string | null, log: Logger): Promise<CounterShellConfig> {
  const a = config.agent;
  if (!a || a.deviceToken || !a.pairingCode) return config;
  const r = await pairAgent(config.hubUrl, a.pairingCode, a.name, 8000, caPem);
  if (!r.ok) {
    log.error({ code: r.error.code, detail: r.error.detail }, `agent not paired: ${r.error.message}`);
    return config;
  }
  storeDeviceToken(path, r.data.token);
  log.info({ deviceId: r.data.deviceId, counterId: r.data.counterId }, 'agent paired; token stored in the configuration');
  return loadShellConfig(path);
}

function agentConfigOf(c: CounterShellConfig): AgentConfig | null {
  const a = c.agent;
  if (!a?.deviceToken) return null;
  return parseAgentConfig({ hubUrl: c.hubUrl, ...(c.hubCaFile ? { hubCaFile: c.hubCaFile } : {}), deviceToken: a.deviceToken, printers: a.printers, scanners: a.scanners, keypads: a.keypads, ratingPads: a.ratingPads, leds: a.leds, logLevel: a.logLevel });
}

export async function startCounterShell(opts: StartOptions): Promise<CounterShell> {
  const log = opts.log ?? componentLogger('shell:counter');
  const loaded = loadShellConfig(opts.configPath);
  // The ward CA (https:// hub): the window's session, the pairing and the agent trust it and nothing else.
  const caPem = loaded.hubCaFile ? readWardCa(loaded.hubCaFile) : null;
  const config = await ensurePaired(opts.configPath, loaded, caPem, log);
  const urls = counterUrls(config.hubUrl);
  const allow = hubAllowList(config.hubUrl, ['/counter']);
  const probe = opts.probe ?? ((u: string) => probeHub(u, caPem !== null ? pinnedFetch(caPem) : fetch));
  // Locked down like the kiosk: no application menu (its reload and devtools items), every
  // webContents — these windows and any other that appears — kept on the hub's /counter pages.
  Menu.setApplicationMenu(null);
  app.on('web-contents-created', (_e, contents) => guardContents(contents, { allow, kiosk: config.kiosk, log }));
  lockDownSession(session.defaultSession, allow, [], log);
  pinWardCa(session.defaultSession, caPem, log);

  // The agent first, so the keypad works as soon as the hub is there; a device problem never keeps the screen from opening.
  const agentConfig = agentConfigOf(config);
  let agent: ShellAgent | null = null;
  if (agentConfig) {
    const created = (opts.createAgent ?? ((c: AgentConfig) => shellAgentOf(new DeviceAgent({ config: c }))))(agentConfig);
    agent = created;
    try {
      await created.start();
    } catch (e) {
      log.error({ err: e instanceof Error ? e.message : String(e) }, 'device agent failed to start; the counter screen works without devices');
    }
  } else if (config.agent) log.warn({}, 'agent configured but not paired: no keypad, LED or rating pad');

  const supervisors: HubSupervisor[] = [];
  const open = (url: string, win: BrowserWindow, kiosk: boolean): void => {
    // The app-wide guard above already holds this window to the hub; a kiosk-locked window whose
    // shell is not in kiosk mode (the rating view) also gets the kiosk's shortcut blocking.
    if (kiosk && !config.kiosk) guardContents(win.webContents, { allow, kiosk, log });
    win.once('ready-to-show', () => win.show());
    const sup = createHubSupervisor({ contents: win.webContents, appUrl: url, kind: 'counter', probe: () => probe(url), log });
    supervisors.push(sup);
    void sup.start();
  };

  const main = new BrowserWindow(lockedWindowOptions({ preload: opts.preloadPath, kiosk: config.kiosk, devTools: !config.kiosk && !opts.production, title: 'Một Cửa — Quầy', width: 1366, height: 768, backgroundColor: '#f3f5f8' }));
  open(urls.app, main, config.kiosk);

  // The rating view faces the citizen: always kiosk-locked, on the second display.
  let rating: BrowserWindow | null = null;
  const display = pickRatingDisplay(screen.getAllDisplays(), screen.getPrimaryDisplay(), config.ratingWindow);
  if (display) {
    rating = new BrowserWindow({
      ...lockedWindowOptions({ preload: opts.preloadPath, kiosk: true, title: 'Một Cửa — Đánh giá', width: display.bounds.width, height: display.bounds.height, backgroundColor: '#fdfdfb' }),
      x: display.bounds.x,
      y: display.bounds.y,
    });
    open(urls.rating, rating, true);
  }

  const offIpc = registerShellIpc(
    ipcMain,
    { info: () => ({ kind: 'counter', version: opts.version, hubUrl: config.hubUrl, kioskMode: config.kiosk }), agentStatus: () => agentStatusOf(agent) },
    allow,
    log,
  );
  const offForward = agent ? forwardAgentStatus(agent, () => (main.isDestroyed() ? null : main.webContents)) : () => {};

  return {
    config,
    main,
    rating,
    agent,
    async stop() {
      for (const s of supervisors) s.stop();
      offForward();
      offIpc();
      await agent?.stop();
    },
  };
}

/** The Electron entry: one instance per PC, quit when the windows close, stop the agent cleanly. */
export function runCounterApp(): void {
  const log = componentLogger('shell:counter');
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  let shell: CounterShell | null = null;
  app.on('second-instance', () => {
    if (shell && !shell.main.isDestroyed()) {
      if (shell.main.isMinimized()) shell.main.restore();
      shell.main.focus();
    }
  });
  app.on('window-all-closed', () => app.quit());
  let stopping = false;
  app.on('before-quit', (e) => {
    if (!shell || stopping) return;
    stopping = true;
    e.preventDefault();
    void shell.stop().finally(() => app.quit());
  });
  void app.whenReady().then(async () => {
    const path = configPath(process.argv, process.env, app.getPath('userData'));
    try {
      shell = await startCounterShell({ configPath: path, preloadPath: join(import.meta.dirname, 'preload.cjs'), version: app.getVersion(), log, production: app.isPackaged || process.env.NODE_ENV === 'production' });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      log.error({ err: message }, 'counter shell failed to start');
      dialog.showErrorBox('Một Cửa — Quầy', `Không khởi động được màn hình quầy.\n\n${message}`);
      app.quit();
    }
  });
}
