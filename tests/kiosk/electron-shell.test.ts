/**
 * The kiosk's Electron shell without Electron (the binary cannot be downloaded here):
 * main and preload run against `vi.mock('electron')`; the bundled main.js is loaded by plain
 * Node with a fake 'electron' module (catches ESM/CJS interop of its externals); the
 * electron-builder config is checked with electron-builder's own validator.
 *
 * These are unit tests that live here because the unit project only collects `*\/src/**`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PeripheralStatus } from '@motcua/shared';
import { FakeContents, FakeIpc, FakeSession, flush } from '@motcua/drivers/shell-fakes';
import type { AgentLike, AgentLikeEvents, LockedWindowOptions, ShellLogger } from '@motcua/drivers/shell';
import type { AgentConfig } from '@motcua/drivers';
import { createWardCa, issueServerCert, tlsFiles } from '@motcua/hub-server';
import { startKioskShell, type ElectronLike, type RunningAgent, type ShellWindow } from '@motcua/kiosk-app/electron-shell';

const ROOT = join(import.meta.dirname, '..', '..');
const KIOSK = join(ROOT, 'kiosk-app');

// ------------------------------------------------------------------ fakes

class FakeWindowContents extends FakeContents {
  sent: { channel: string; args: unknown[] }[] = [];
  zoomLimits: number[] = [];
  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
  }
  isDestroyed(): boolean {
    return false;
  }
  setVisualZoomLevelLimits(min: number, max: number): Promise<void> {
    this.zoomLimits = [min, max];
    return Promise.resolve();
  }
}

interface Fakes {
  electron: ElectronLike;
  windows: { options: LockedWindowOptions; win: ShellWindow & { webContents: FakeWindowContents; shown: boolean } }[];
  appListeners: Map<string, ((...a: unknown[]) => void)[]>;
  menu: unknown[];
  ipc: FakeIpc;
  session: FakeSession;
  quit: number;
  switches: string[];
  lock: boolean;
}

function fakeElectron(): Fakes {
  const f: Fakes = {
    windows: [],
    appListeners: new Map(),
    menu: [],
    ipc: new FakeIpc(),
    session: new FakeSession(),
    quit: 0,
    switches: [],
    lock: true,
    electron: undefined as unknown as ElectronLike,
  };
  class BrowserWindow {
    readonly webContents = new FakeWindowContents();
    shown = false;
    private ready: (() => void) | null = null;
    constructor(options: LockedWindowOptions) {
      f.windows.push({ options, win: this });
      // Electron emits web-contents-created for the window's contents as it is made.
      for (const l of f.appListeners.get('web-contents-created') ?? []) l({}, this.webContents);
    }
    once(_e: 'ready-to-show', l: () => void) {
      this.ready = l;
    }
    fireReady() {
      this.ready?.();
    }
    show() {
      this.shown = true;
    }
    focus() {}
    isDestroyed() {
      return false;
    }
  }
  f.electron = {
    app: {
      requestSingleInstanceLock: () => f.lock,
      quit: () => void f.quit++,
      whenReady: () => Promise.resolve(),
      getPath: () => '/nonexistent-user-data',
      getVersion: () => '0.1.0',
      on(event: string, l: (...a: never[]) => void) {
        const list = f.appListeners.get(event) ?? [];
        list.push(l as (...a: unknown[]) => void);
        f.appListeners.set(event, list);
        return this;
      },
      commandLine: { appendSwitch: (s: string) => void f.switches.push(s) },
    },
    BrowserWindow: BrowserWindow,
    Menu: { setApplicationMenu: (m: null) => void f.menu.push(m) },
    ipcMain: f.ipc,
    session: { defaultSession: f.session },
  };
  return f;
}

const silent: ShellLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

class FakeAgent implements RunningAgent {
  connected = false;
  stopped = 0;
  list: PeripheralStatus[] = [];
  private readonly listeners = { connection: new Set<(p: AgentLikeEvents['connection']) => void>(), status: new Set<(p: AgentLikeEvents['status']) => void>() };
  peripherals() {
    return this.list;
  }
  on<K extends keyof AgentLikeEvents>(event: K, listener: (payload: AgentLikeEvents[K]) => void): () => void {
    const set = this.listeners[event] as Set<(p: AgentLikeEvents[K]) => void>;
    set.add(listener);
    return () => set.delete(listener);
  }
  setStatus(list: PeripheralStatus[]) {
    this.list = list;
    for (const l of this.listeners.status) l(list);
  }
  stop() {
    this.stopped++;
    return Promise.resolve();
  }
}
const _agentFits: AgentLike = new FakeAgent();

// ------------------------------------------------------------------ startKioskShell

describe('kiosk shell main process (startKioskShell)', () => {
  const config = (c: object) => () => JSON.stringify(c);

  it('opens one locked-down kiosk window, no menu, and loads the hub’s kiosk page when the hub answers', async () => {
    const f = fakeElectron();
    const shell = await startKioskShell({ electron: f.electron, env: { MOTCUA_KIOSK_CONFIG: '/etc/k.json' }, preloadPath: '/app/preload.cjs', readFile: config({ hubUrl: 'http://10.0.0.5:8080' }), startAgent: () => Promise.reject(new Error('no agent expected')), log: silent, probe: () => Promise.resolve(true) });
    expect(shell.problem).toBeNull();
    expect(f.windows).toHaveLength(1);
    const { options, win } = f.windows[0]!;
    expect(options.webPreferences).toMatchObject({ contextIsolation: true, nodeIntegration: false, sandbox: true, devTools: false, preload: '/app/preload.cjs' });
    expect(options).toMatchObject({ kiosk: true, fullscreen: true, frame: false });
    expect(f.menu).toEqual([null]);
    expect(win.webContents.loaded).toEqual(['http://10.0.0.5:8080/kiosk/']);
    expect(win.webContents.zoomLimits).toEqual([1, 1]);
    expect(f.switches).toContain('disable-pinch');
    (win as unknown as { fireReady(): void }).fireReady();
    expect(win.shown).toBe(true);
  });

  it('pins the ward CA of an https:// hub: the session accepts only its certificates, and the agent gets it too', async () => {
    // Catches: startHubShell not installing pinWardCa, or the agent config losing hubCaFile.
    const dir = mkdtempSync(join(tmpdir(), 'motcua-kiosk-ca-'));
    try {
      await createWardCa(join(dir, 'ward'), 'Phường Thử');
      await issueServerCert(join(dir, 'ward'), ['10.0.0.5']);
      await createWardCa(join(dir, 'other'), 'Phường Khác');
      await issueServerCert(join(dir, 'other'), ['10.0.0.5']);
      const caFile = tlsFiles(join(dir, 'ward')).caCert;
      const f = fakeElectron();
      const agents: AgentConfig[] = [];
      const text = JSON.stringify({ hubUrl: 'https://10.0.0.5:8443', hubCaFile: caFile, agent: { deviceToken: 't', printers: [] } });
      await startKioskShell({ electron: f.electron, env: {}, preloadPath: 'p', readFile: (p) => (p === caFile ? readFileSync(p, 'utf8') : text), startAgent: ({ config }) => (agents.push(config), Promise.reject(new Error('not started here'))), log: silent, probe: () => Promise.resolve(true) });
      expect(f.session.verifyCertificate('10.0.0.5', readFileSync(tlsFiles(join(dir, 'ward')).cert, 'utf8'))).toBe(0);
      expect(f.session.verifyCertificate('10.0.0.5', readFileSync(tlsFiles(join(dir, 'other')).cert, 'utf8'))).toBe(-2);
      expect(f.session.verifyCertificate('10.0.0.6', readFileSync(tlsFiles(join(dir, 'ward')).cert, 'utf8'))).toBe(-2);
      expect(agents[0]).toMatchObject({ hubUrl: 'https://10.0.0.5:8443', hubCaFile: caFile });
      // An https:// hub without its CA is a configuration problem, said on screen.
      const g = fakeElectron();
      const bad = await startKioskShell({ electron: g.electron, env: {}, preloadPath: 'p', readFile: () => JSON.stringify({ hubUrl: 'https://10.0.0.5:8443' }), startAgent: () => Promise.reject(new Error('x')), log: silent });
      expect(bad.problem).toContain('hubCaFile');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps every webContents on the hub and refuses popups, webviews and permissions', async () => {
    const f = fakeElectron();
    await startKioskShell({ electron: f.electron, env: {}, preloadPath: 'p', readFile: config({ hubUrl: 'http://10.0.0.5:8080' }), startAgent: () => Promise.reject(new Error('x')), log: silent, probe: () => Promise.resolve(true) });
    const c = f.windows[0]!.win.webContents;
    expect(c.fire('will-navigate', 'https://www.facebook.com/')).toBe(true);
    expect(c.fire('will-navigate', 'http://10.0.0.5:8080/kiosk/#/t/1')).toBe(false);
    expect(c.openHandler?.({ url: 'http://10.0.0.5:8080/kiosk/' })).toEqual({ action: 'deny' });
    expect(c.fire('will-attach-webview')).toBe(true);
    expect(c.key({ key: 'F12' })).toBe(true);
    expect(c.key({ key: 'r', control: true })).toBe(true);
    // Any other webContents created later is guarded the same way.
    const other = new FakeContents();
    for (const l of f.appListeners.get('web-contents-created') ?? []) l({}, other);
    expect(other.fire('will-navigate', 'file:///etc/passwd')).toBe(true);
    let granted: boolean | null = null;
    f.session.request?.({}, 'media', (g) => (granted = g), { requestingUrl: 'http://10.0.0.5:8080/kiosk/' });
    expect(granted).toBe(false);
  });

  it('shows the local reconnecting page while the hub is unreachable, then the app', async () => {
    vi.useFakeTimers();
    try {
      const f = fakeElectron();
      let up = false;
      const shell = await startKioskShell({ electron: f.electron, env: {}, preloadPath: 'p', readFile: config({ hubUrl: 'http://10.0.0.5:8080', retryMs: 1000 }), startAgent: () => Promise.reject(new Error('x')), log: silent, probe: () => Promise.resolve(up) });
      const c = f.windows[0]!.win.webContents;
      expect(c.loaded).toHaveLength(1);
      expect(decodeURIComponent(c.loaded[0] ?? '')).toContain('Đang kết nối lại');
      expect(shell.supervisor?.state()).toBe('reconnecting');
      up = true;
      await vi.advanceTimersByTimeAsync(1000);
      expect(c.loaded.at(-1)).toBe('http://10.0.0.5:8080/kiosk/');
      // The hub goes away and the page load fails: back to the local page.
      c.emit('did-fail-load', {}, -102, 'ERR_CONNECTION_REFUSED', 'http://10.0.0.5:8080/kiosk/', true);
      expect(decodeURIComponent(c.loaded.at(-1) ?? '')).toContain('ERR_CONNECTION_REFUSED');
      shell.supervisor?.stop();
    } finally {
      vi.useRealTimers();
    }
  });

  it('runs the device agent with the shell’s hub and passes its status to the page', async () => {
    const f = fakeElectron();
    const agent = new FakeAgent();
    const started: unknown[] = [];
    const shell = await startKioskShell({
      electron: f.electron,
      env: {},
      preloadPath: 'p',
      readFile: config({ hubUrl: 'http://10.0.0.5:8080/anything', agent: { deviceToken: 'agent-token', printers: [{ transport: { type: 'tcp', host: '10.0.0.9' } }] } }),
      startAgent: (opts) => (started.push(opts.config), Promise.resolve(agent)),
      log: silent,
      probe: () => Promise.resolve(true),
    });
    expect(started).toEqual([expect.objectContaining({ hubUrl: 'http://10.0.0.5:8080', deviceToken: 'agent-token' })]);
    expect(shell.agent).toBe(agent);
    const paperOut: PeripheralStatus = { name: 'printer', kind: 'printer', health: 'paper_out', detail: null, at: 1 };
    agent.setStatus([paperOut]);
    const c = f.windows[0]!.win.webContents;
    expect(c.sent.at(-1)).toEqual({ channel: 'motcua:agent:status-changed', args: [{ configured: true, connected: false, peripherals: [paperOut] }] });
    // The page asks through the preload bridge; only hub frames are answered.
    f.ipc.frameUrl = 'http://10.0.0.5:8080/kiosk/';
    expect(await f.ipc.invoke('motcua:agent:status')).toEqual({ configured: true, connected: false, peripherals: [paperOut] });
    expect(await f.ipc.invoke('motcua:shell:info')).toEqual({ kind: 'kiosk', version: '0.1.0', hubUrl: 'http://10.0.0.5:8080/anything', kioskMode: true });
    f.ipc.frameUrl = 'data:text/html,x';
    await expect(f.ipc.invoke('motcua:shell:info')).rejects.toThrow('forbidden');
    for (const l of f.appListeners.get('before-quit') ?? []) l();
    await flush();
    expect(agent.stopped).toBe(1);
  });

  it('a broken agent never keeps the page from loading', async () => {
    const f = fakeElectron();
    const shell = await startKioskShell({ electron: f.electron, env: {}, preloadPath: 'p', readFile: config({ hubUrl: 'http://10.0.0.5:8080', agent: { deviceToken: 't', printers: [{ transport: { type: 'serial', path: '/dev/ttyUSB9' } }] } }), startAgent: () => Promise.reject(new Error('cannot open /dev/ttyUSB9')), log: silent, probe: () => Promise.resolve(true) });
    expect(shell.agent).toBeNull();
    expect(f.windows[0]!.win.webContents.loaded).toEqual(['http://10.0.0.5:8080/kiosk/']);
    f.ipc.frameUrl = 'http://10.0.0.5:8080/kiosk/';
    expect(await f.ipc.invoke('motcua:agent:status')).toEqual({ configured: true, connected: false, peripherals: [] });

    const g = fakeElectron();
    const bad = await startKioskShell({ electron: g.electron, env: {}, preloadPath: 'p', readFile: config({ hubUrl: 'http://10.0.0.5:8080', agent: { printers: [] } }), startAgent: () => Promise.reject(new Error('not called')), log: silent, probe: () => Promise.resolve(true) });
    expect(bad.problem).toContain('deviceToken');
    expect(g.windows[0]!.win.webContents.loaded).toEqual(['http://10.0.0.5:8080/kiosk/']);
  });

  it('without a configuration it says where to put one, on screen', async () => {
    const f = fakeElectron();
    const shell = await startKioskShell({
      electron: f.electron,
      env: {},
      preloadPath: 'p',
      readFile: () => {
        throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
      },
      startAgent: () => Promise.reject(new Error('x')),
      log: silent,
    });
    expect(shell.problem).toContain('/nonexistent-user-data/kiosk.json');
    expect(decodeURIComponent(f.windows[0]!.win.webContents.loaded[0] ?? '')).toContain('kiosk.json');
    const g = fakeElectron();
    expect((await startKioskShell({ electron: g.electron, env: {}, preloadPath: 'p', readFile: () => '{"hubUrl": "not a url"}', startAgent: () => Promise.reject(new Error('x')), log: silent })).problem).toContain('hubUrl');
  });

  it('a second instance quits at once', async () => {
    const f = fakeElectron();
    f.lock = false;
    const shell = await startKioskShell({ electron: f.electron, env: {}, preloadPath: 'p', readFile: config({ hubUrl: 'http://h' }), startAgent: () => Promise.reject(new Error('x')), log: silent });
    expect(f.quit).toBe(1);
    expect(shell.window).toBeNull();
    expect(f.windows).toHaveLength(0);
  });
});

// ------------------------------------------------------------------ main.ts and preload.ts with vi.mock('electron')

const mocked = vi.hoisted(() => ({ fakes: null as Fakes | null, exposed: new Map<string, unknown>(), invoked: [] as string[] }));

vi.mock('electron', () => {
  const f = fakeElectron();
  mocked.fakes = f;
  return {
    ...f.electron,
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => void mocked.exposed.set(key, api) },
    ipcRenderer: {
      invoke: (channel: string) => (mocked.invoked.push(channel), Promise.resolve({ kind: 'kiosk', version: '1', hubUrl: 'h', kioskMode: true })),
      on: () => undefined,
      removeListener: () => undefined,
    },
  };
});

describe('main.ts and preload.ts (vi.mock electron)', () => {
  let server: Server;
  let dir: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      res.writeHead(req.url === '/healthz' ? 200 : 404, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    dir = mkdtempSync(join(tmpdir(), 'motcua-kiosk-shell-'));
  });
  afterAll(async () => {
    await new Promise<void>((r) => server.close(() => r()));
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => vi.unstubAllEnvs());

  it('main.ts wires Electron’s objects into the shell and loads the hub', async () => {
    const port = (server.address() as AddressInfo).port;
    const file = join(dir, 'kiosk.json');
    writeFileSync(file, JSON.stringify({ hubUrl: `http://127.0.0.1:${port}` }));
    vi.stubEnv('MOTCUA_KIOSK_CONFIG', file);
    const { started } = await import('@motcua/kiosk-app/electron-main');
    const shell = await started;
    const f = mocked.fakes!;
    expect(shell.problem).toBeNull();
    expect(f.menu).toEqual([null]);
    expect(f.windows).toHaveLength(1);
    expect(f.windows[0]!.options.webPreferences.preload).toMatch(/preload\.cjs$/);
    expect(f.windows[0]!.win.webContents.loaded).toEqual([`http://127.0.0.1:${port}/kiosk/`]);
    expect([...f.ipc.handlers.keys()].sort()).toEqual(['motcua:agent:status', 'motcua:shell:info']);
    shell.supervisor?.stop();
  });

  it('preload.ts exposes exactly the typed bridge on window.motcua', async () => {
    const { bridge } = await import('@motcua/kiosk-app/electron-preload');
    expect([...mocked.exposed.keys()]).toEqual(['motcua']);
    expect(mocked.exposed.get('motcua')).toBe(bridge);
    expect(bridge.kind).toBe('kiosk');
    expect(Object.keys(bridge).sort()).toEqual(['agentStatus', 'info', 'kind', 'onAgentStatus']);
    expect(await bridge.info()).toMatchObject({ kind: 'kiosk' });
    expect(mocked.invoked).toEqual(['motcua:shell:info']);
  });
});

// ------------------------------------------------------------------ the bundle and the installer config

describe('kiosk shell build', () => {
  it('bundles a preload that requires only electron, and a main that plain Node can load', () => {
    const b = spawnSync(process.execPath, [join(KIOSK, 'electron', 'build.mjs')], { encoding: 'utf8' });
    expect(b.status, b.stderr).toBe(0);
    const preload = readFileSync(join(KIOSK, 'dist-electron', 'preload.cjs'), 'utf8');
    expect([...new Set(preload.match(/require\("[^"]+"\)/g))]).toEqual(['require("electron")']);

    // Load main.js in Node with 'electron' resolved to a recording fake.
    const dir = mkdtempSync(join(tmpdir(), 'motcua-fake-electron-'));
    try {
      writeFileSync(join(dir, 'hooks.mjs'), `export async function resolve(s, c, next) { return s === 'electron' ? { url: new URL('./electron.mjs', import.meta.url).href, shortCircuit: true } : next(s, c); }`);
      writeFileSync(join(dir, 'register.mjs'), `import { register } from 'node:module'; register('./hooks.mjs', import.meta.url);`);
      writeFileSync(
        join(dir, 'electron.mjs'),
        `const out = (...a) => process.stdout.write(JSON.stringify(a) + '\\n');
        class C { on() { return this; } setWindowOpenHandler() {} closeDevTools() {} loadURL(u) { out('loadURL', u.slice(0, 40)); return Promise.resolve(); } send() {} isDestroyed() { return false; } setVisualZoomLevelLimits() { return Promise.resolve(); } }
        export const app = { requestSingleInstanceLock: () => true, quit() {}, whenReady: () => Promise.resolve(), getPath: () => '${dir}', getVersion: () => '0.1.0', on() {}, commandLine: { appendSwitch() {} } };
        export class BrowserWindow { constructor(o) { out('window', o.webPreferences.sandbox, o.webPreferences.contextIsolation, o.webPreferences.nodeIntegration); this.webContents = new C(); } once() {} show() {} focus() {} isDestroyed() { return false; } }
        export const Menu = { setApplicationMenu: (m) => out('menu', m) };
        export const ipcMain = { handle() {}, removeHandler() {} };
        export const session = { defaultSession: { setPermissionRequestHandler() {}, setPermissionCheckHandler() {} } };`,
      );
      writeFileSync(join(dir, 'kiosk.json'), JSON.stringify({ hubUrl: 'http://127.0.0.1:9', retryMs: 60000 }));
      const r = spawnSync(process.execPath, ['--import', join(dir, 'register.mjs'), '-e', `await import(${JSON.stringify(join(KIOSK, 'dist-electron', 'main.js'))}); setTimeout(() => process.exit(0), 500);`], {
        encoding: 'utf8',
        env: { ...process.env, MOTCUA_KIOSK_CONFIG: join(dir, 'kiosk.json'), MOTCUA_LOG_LEVEL: 'silent' },
        timeout: 20_000,
      });
      expect(r.status, r.stderr).toBe(0);
      const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as unknown[]);
      expect(lines).toContainEqual(['menu', null]);
      expect(lines).toContainEqual(['window', true, true, false]);
      expect(lines.find((l) => l[0] === 'loadURL')?.[1]).toMatch(/^data:text\/html/); // nothing listens on :9
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the electron-builder config passes electron-builder’s own schema (Linux AppImage/deb, Windows NSIS)', async () => {
    const require = createRequire(join(KIOSK, 'package.json'));
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as { validateConfiguration: (c: unknown, log: unknown) => Promise<void> };
    const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
    const cfg = JSON.parse(readFileSync(join(KIOSK, 'electron-builder.json'), 'utf8')) as { linux: { target: { target: string }[] }; win: { target: { target: string }[] }; extraMetadata: { main: string }; files: string[]; electronVersion: string };
    await expect(validateConfiguration(cfg, new DebugLogger(false))).resolves.toBeUndefined();
    await expect(validateConfiguration({ ...cfg, linux: { ...cfg.linux, notAnOption: true } }, new DebugLogger(false))).rejects.toThrow(/configuration/);
    expect(cfg.linux.target.map((t) => t.target)).toEqual(['AppImage', 'deb']);
    expect(cfg.win.target.map((t) => t.target)).toEqual(['nsis']);
    const pkg = JSON.parse(readFileSync(join(KIOSK, 'package.json'), 'utf8')) as { main: string; devDependencies: Record<string, string> };
    expect(cfg.extraMetadata.main).toBe(pkg.main);
    expect(cfg.files).toContain('dist-electron/**');
    // The package build uses exactly the Electron the app pins.
    expect(cfg.electronVersion).toBe(pkg.devDependencies.electron);
  });

  it('every Electron app pins the same exact, supported Electron (45.x or newer; 41 is out of support)', () => {
    // Catches: a range (^45) that lets an install drift, an app left on an old major, or the apps disagreeing.
    const versions = ['kiosk-app', 'counter-app', 'display-board'].map((app) => {
      const p = JSON.parse(readFileSync(join(KIOSK, '..', app, 'package.json'), 'utf8')) as { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
      return p.devDependencies?.electron ?? p.dependencies?.electron ?? '';
    });
    for (const v of versions) expect(v).toMatch(/^\d+\.\d+\.\d+$/);
    expect(new Set(versions).size).toBe(1);
    expect(Number(versions[0]?.split('.')[0])).toBeGreaterThanOrEqual(45);
  });
});
