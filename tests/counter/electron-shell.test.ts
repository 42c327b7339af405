/**
 * The counter's Electron main and preload with Electron mocked (the binary cannot run here): the
 * locked-down window on the hub's /counter page, the navigation guard, the reconnecting page, the
 * rating window on a second display, the IPC bridge and its origin check, pairing the agent
 * against a real hub (over HTTPS with the ward CA pinned), the lock-down shared with the kiosk (no
 * menu, an app-wide guard including subframes, no devtools in production, https only), and the
 * preload exposing only the typed bridge.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AgentConfig, CertificateVerifyRequest, Logger } from '@motcua/drivers';
import { startFixture, type Fixture } from '@motcua/hub-server/test-fixture';
import { createWardCa, issueServerCert, tlsFiles } from '@motcua/hub-server';
import { connect, expectOk, send } from '@motcua/hub-server/test-client';
import type { ShellAgent } from '@motcua/counter-app/electron-main';

interface FakeContents {
  loaded: string[];
  sent: [string, unknown[]][];
  openHandler: ((d: { url: string }) => { action: string }) | null;
  fire(event: string, ...args: unknown[]): boolean;
  emit(event: string, ...args: unknown[]): boolean;
}
interface FakeWindow {
  opts: { kiosk: boolean; x?: number; y?: number; webPreferences: Record<string, unknown> };
  webContents: FakeContents;
  emit(event: string, ...args: unknown[]): boolean;
  shown: boolean;
}

const electron = vi.hoisted(() => ({
  windows: [] as unknown[],
  displays: [{ id: 1, bounds: { x: 0, y: 0, width: 1366, height: 768 } }] as { id: number; bounds: { x: number; y: number; width: number; height: number } }[],
  ipc: new Map<string, (event: { senderFrame?: { url: string } | null }) => unknown>(),
  permission: null as null | ((wc: unknown, permission: string, cb: (granted: boolean) => void, details: { requestingUrl?: string }) => void),
  exposed: null as null | [string, unknown],
  /** app.on listeners ('web-contents-created' is fired by every new BrowserWindow, as Electron does). */
  appListeners: [] as [string, (...args: unknown[]) => void][],
  menu: undefined as undefined | null,
  verify: null as null | ((request: CertificateVerifyRequest, callback: (result: number) => void) => void),
}));

vi.mock('electron', async () => {
  const { EventEmitter } = await import('node:events');
  class Contents extends EventEmitter {
    loaded: string[] = [];
    sent: [string, unknown[]][] = [];
    openHandler: ((d: { url: string }) => { action: string }) | null = null;
    setWindowOpenHandler(h: (d: { url: string }) => { action: string }) {
      this.openHandler = h;
    }
    loadURL(url: string) {
      this.loaded.push(url);
      return Promise.resolve();
    }
    closeDevTools() {}
    send(channel: string, ...args: unknown[]) {
      this.sent.push([channel, args]);
    }
    isDestroyed() {
      return false;
    }
    fire(event: string, ...args: unknown[]) {
      let prevented = false;
      this.emit(event, { preventDefault: () => (prevented = true) }, ...args);
      return prevented;
    }
  }
  class BrowserWindow extends EventEmitter {
    webContents = new Contents();
    shown = false;
    constructor(readonly opts: unknown) {
      super();
      electron.windows.push(this);
      for (const [ev, fn] of electron.appListeners) if (ev === 'web-contents-created') fn({}, this.webContents);
    }
    show() {
      this.shown = true;
    }
    isDestroyed() {
      return false;
    }
  }
  return {
    app: { getVersion: () => '0.1.0', on: (ev: string, fn: (...args: unknown[]) => void) => electron.appListeners.push([ev, fn]) },
    Menu: { setApplicationMenu: (m: null) => (electron.menu = m) },
    BrowserWindow,
    dialog: { showErrorBox: () => {} },
    ipcMain: {
      handle: (ch: string, fn: (event: { senderFrame?: { url: string } | null }) => unknown) => electron.ipc.set(ch, fn),
      removeHandler: (ch: string) => electron.ipc.delete(ch),
    },
    screen: { getAllDisplays: () => electron.displays, getPrimaryDisplay: () => electron.displays[0] },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (h: typeof electron.permission) => (electron.permission = h),
        setPermissionCheckHandler: () => {},
        setCertificateVerifyProc: (p: typeof electron.verify) => (electron.verify = p),
      },
    },
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (electron.exposed = [key, api]) },
    ipcRenderer: { invoke: () => Promise.resolve({ configured: true, connected: true, peripherals: [] }), on: () => {}, removeListener: () => {} },
  };
});

const { startCounterShell } = await import('@motcua/counter-app/electron-main');
const { ConfigError, loadShellConfig } = await import('@motcua/counter-app/electron-config');

const HUB = 'https://hub.test:8443';
const dir = mkdtempSync(join(tmpdir(), 'motcua-counter-shell-'));
// The ward CA the shell pins (a real one: the verify procedure checks real certificates).
const SECRETS = join(dir, 'secrets');
await createWardCa(SECRETS, 'Phường Thử');
const CA = tlsFiles(SECRETS).caCert;
let n = 0;
function configFile(config: unknown): string {
  const p = join(dir, `shell-${++n}.json`);
  writeFileSync(p, JSON.stringify(config));
  return p;
}
const windows = () => electron.windows as FakeWindow[];
const flush = () => new Promise((r) => setTimeout(r, 20));

function fakeLog() {
  const lines: { level: string; msg: string; obj: object }[] = [];
  const log = {
    info: (obj: object, msg = '') => lines.push({ level: 'info', msg, obj }),
    warn: (obj: object, msg = '') => lines.push({ level: 'warn', msg, obj }),
    error: (obj: object, msg = '') => lines.push({ level: 'error', msg, obj }),
    child: () => log,
  };
  return { log: log as unknown as Logger, lines };
}

class FakeAgent implements ShellAgent {
  connected = true;
  started = 0;
  stopped = 0;
  private listeners = new Map<string, ((p: never) => void)[]>();
  constructor(readonly config: AgentConfig) {}
  peripherals() {
    return [{ name: 'keypad', kind: 'keypad' as const, health: 'ready' as const, detail: null, at: 0 }];
  }
  on(event: 'connection' | 'status', listener: (p: never) => void): () => void {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return () => {};
  }
  emit(event: string, payload: unknown) {
    for (const l of this.listeners.get(event) ?? []) (l as (p: unknown) => void)(payload);
  }
  start() {
    this.started++;
    return Promise.resolve();
  }
  stop() {
    this.stopped++;
    return Promise.resolve();
  }
}

beforeEach(() => {
  electron.windows.length = 0;
  electron.appListeners.length = 0;
  electron.menu = undefined;
  electron.verify = null;
  electron.ipc.clear();
  electron.displays = [{ id: 1, bounds: { x: 0, y: 0, width: 1366, height: 768 } }];
});

describe('counter shell: window and guard', () => {
  it('opens one locked-down window on the hub’s /counter page', async () => {
    const shell = await startCounterShell({ configPath: configFile({ hubUrl: HUB, hubCaFile: CA }), preloadPath: '/app/preload.cjs', version: '0.1.0', probe: () => Promise.resolve(true) });
    await flush();
    expect(windows()).toHaveLength(1);
    const w = windows()[0]!;
    expect(w.opts.webPreferences).toMatchObject({ preload: '/app/preload.cjs', contextIsolation: true, nodeIntegration: false, sandbox: true, webviewTag: false, devTools: true });
    expect(w.opts.kiosk).toBe(false);
    expect(w.webContents.loaded).toEqual([`${HUB}/counter/`]);
    w.emit('ready-to-show');
    expect(w.shown).toBe(true);
    expect(shell.rating).toBeNull();
    expect(shell.agent).toBeNull();
    await shell.stop();
  });

  it('keeps the window on the hub’s /counter pages and opens no popups', async () => {
    const shell = await startCounterShell({ configPath: configFile({ hubUrl: HUB, hubCaFile: CA, kiosk: true }), preloadPath: '/p.cjs', version: '0', probe: () => Promise.resolve(true) });
    const c = windows()[0]!.webContents;
    expect(c.fire('will-navigate', 'https://example.com/')).toBe(true);
    expect(c.fire('will-navigate', `${HUB}/manager/`)).toBe(true);
    expect(c.fire('will-navigate', `${HUB}/counter/#/rating`)).toBe(false);
    expect(c.fire('will-redirect', 'http://other:8080/counter/')).toBe(true);
    expect(c.openHandler?.({ url: `${HUB}/counter/` })).toEqual({ action: 'deny' });
    // kiosk mode: reload and devtools shortcuts do nothing; the clerk's F1 still reaches the page
    expect(c.fire('before-input-event', { type: 'keyDown', key: 'F5', control: false, meta: false, alt: false, shift: false })).toBe(true);
    expect(c.fire('before-input-event', { type: 'keyDown', key: 'F1', control: false, meta: false, alt: false, shift: false })).toBe(false);
    expect(windows()[0]!.opts.webPreferences.devTools).toBe(false);
    await shell.stop();
  });

  it('denies every browser permission', async () => {
    const shell = await startCounterShell({ configPath: configFile({ hubUrl: HUB, hubCaFile: CA }), preloadPath: '/p.cjs', version: '0', probe: () => Promise.resolve(true) });
    const granted = await new Promise<boolean>((resolve) => electron.permission?.(null, 'media', resolve, { requestingUrl: `${HUB}/counter/` }));
    expect(granted).toBe(false);
    await shell.stop();
  });

  it('shows the local reconnecting page while the hub does not answer', async () => {
    const shell = await startCounterShell({ configPath: configFile({ hubUrl: HUB, hubCaFile: CA }), preloadPath: '/p.cjs', version: '0', probe: () => Promise.resolve(false) });
    await flush();
    const loaded = windows()[0]!.webContents.loaded;
    expect(loaded).toHaveLength(1);
    expect(loaded[0]!.startsWith('data:text/html')).toBe(true);
    expect(decodeURIComponent(loaded[0]!)).toContain('Màn hình quầy tạm thời chưa sẵn sàng');
    await shell.stop();
  });

  it('puts the rating view full screen on a second display, locked like a kiosk', async () => {
    electron.displays = [
      { id: 1, bounds: { x: 0, y: 0, width: 1366, height: 768 } },
      { id: 2, bounds: { x: 1366, y: 0, width: 1024, height: 600 } },
    ];
    const shell = await startCounterShell({ configPath: configFile({ hubUrl: HUB, hubCaFile: CA }), preloadPath: '/p.cjs', version: '0', probe: () => Promise.resolve(true) });
    await flush();
    expect(windows()).toHaveLength(2);
    const r = windows()[1]!;
    expect(r.opts).toMatchObject({ kiosk: true, x: 1366, y: 0 });
    expect(r.webContents.loaded).toEqual([`${HUB}/counter/#/rating`]);
    await shell.stop();

    electron.windows.length = 0;
    const off = await startCounterShell({ configPath: configFile({ hubUrl: HUB, hubCaFile: CA, ratingWindow: 'off' }), preloadPath: '/p.cjs', version: '0', probe: () => Promise.resolve(true) });
    expect(windows()).toHaveLength(1);
    await off.stop();
  });

  it('answers the page’s bridge only for frames on the hub', async () => {
    const agents: FakeAgent[] = [];
    const shell = await startCounterShell({
      configPath: configFile({ hubUrl: HUB, hubCaFile: CA, agent: { deviceToken: 'tok-123', keypads: [{ transport: { type: 'serial', path: '/dev/ttyUSB0' } }] } }),
      preloadPath: '/p.cjs',
      version: '1.2.3',
      probe: () => Promise.resolve(true),
      createAgent: (c) => {
        const a = new FakeAgent(c);
        agents.push(a);
        return a;
      },
    });
    const info = electron.ipc.get('motcua:shell:info')!;
    expect(info({ senderFrame: { url: `${HUB}/counter/` } })).toEqual({ kind: 'counter', version: '1.2.3', hubUrl: HUB, kioskMode: false });
    expect(() => info({ senderFrame: { url: 'data:text/html,x' } })).toThrow('forbidden');
    expect(() => info({ senderFrame: null })).toThrow('forbidden');
    const status = electron.ipc.get('motcua:agent:status')!({ senderFrame: { url: `${HUB}/counter/#/rating` } });
    expect(status).toMatchObject({ configured: true, connected: true, peripherals: [{ kind: 'keypad', health: 'ready' }] });

    // The agent got the hub, the token and the devices; status changes reach the page.
    expect(agents[0]!.config).toMatchObject({ hubUrl: HUB, deviceToken: 'tok-123', keypads: [{ name: 'keypad', address: 1 }] });
    expect(agents[0]!.started).toBe(1);
    agents[0]!.emit('status', []);
    expect(windows()[0]!.webContents.sent.map(([ch]) => ch)).toContain('motcua:agent:status-changed');
    await shell.stop();
    expect(agents[0]!.stopped).toBe(1);
    expect(electron.ipc.size).toBe(0);
  });

  it('is locked down like the kiosk: no menu, every webContents and every frame kept on the hub, no devtools in production', async () => {
    // Catches: the counter shell without Menu.setApplicationMenu(null), without the app-wide
    // 'web-contents-created' guard, without 'will-frame-navigate', or with devtools on a production PC.
    const shell = await startCounterShell({ configPath: configFile({ hubUrl: HUB, hubCaFile: CA, ratingWindow: 'off' }), preloadPath: '/p.cjs', version: '0', probe: () => Promise.resolve(true), production: true });
    expect(electron.menu).toBeNull();
    expect(electron.appListeners.map(([ev]) => ev)).toContain('web-contents-created');
    expect(windows()[0]!.opts.webPreferences.devTools).toBe(false);
    // Any other webContents that appears (a devtools or stray window) is held to the hub too.
    const stray = new (windows()[0]!.webContents.constructor as new () => FakeContents)();
    for (const [ev, fn] of electron.appListeners) if (ev === 'web-contents-created') fn({}, stray);
    expect(stray.fire('will-navigate', 'https://example.com/')).toBe(true);
    // A subframe navigating off the hub (will-navigate does not see subframes).
    const c = windows()[0]!.webContents;
    const frameNav = (url: string): boolean => {
      let prevented = false;
      c.emit('will-frame-navigate', { url, isMainFrame: false, preventDefault: () => (prevented = true) });
      return prevented;
    };
    expect(frameNav('https://example.com/phish')).toBe(true);
    expect(frameNav(`${HUB}/counter/#/rating`)).toBe(false);
    await shell.stop();

    // Outside production a clerk's desktop keeps devtools (for support), outside kiosk mode.
    electron.windows.length = 0;
    const dev = await startCounterShell({ configPath: configFile({ hubUrl: HUB, hubCaFile: CA, ratingWindow: 'off' }), preloadPath: '/p.cjs', version: '0', probe: () => Promise.resolve(true) });
    expect(windows()[0]!.opts.webPreferences.devTools).toBe(true);
    await dev.stop();
  });

  it('trusts only certificates from the ward CA, for the hub it asked for', async () => {
    // Catches: pinWardCa not installed on the session, or caMismatch accepting another CA or host.
    const shell = await startCounterShell({ configPath: configFile({ hubUrl: HUB, hubCaFile: CA, ratingWindow: 'off' }), preloadPath: '/p.cjs', version: '0', probe: () => Promise.resolve(true) });
    expect(electron.verify).not.toBeNull();
    const answer = (hostname: string, pem: string): number => {
      let r = 99;
      electron.verify?.({ hostname, certificate: { data: pem } }, (v) => (r = v));
      return r;
    };
    await issueServerCert(SECRETS, ['hub.test']);
    const good = readFileSync(tlsFiles(SECRETS).cert, 'utf8');
    expect(answer('hub.test', good)).toBe(0);
    expect(answer('other.test', good)).toBe(-2);
    const otherDir = join(dir, 'other-ca');
    await createWardCa(otherDir, 'Phường Khác');
    await issueServerCert(otherDir, ['hub.test']);
    expect(answer('hub.test', readFileSync(tlsFiles(otherDir).cert, 'utf8'))).toBe(-2);
    await shell.stop();
  });
});

describe('counter shell: configuration and pairing', () => {
  let f: Fixture;
  let hubCa = '';
  beforeAll(async () => {
    // A hub serving HTTPS with its own ward CA: pairing and the agent's token pin that CA.
    const secrets = join(dir, 'hub-secrets');
    await createWardCa(secrets, 'Phường Thử');
    hubCa = tlsFiles(secrets).caCert;
    f = await startFixture({ secretsDir: secrets, tls: { enabled: true, httpPort: null, names: [] } });
  });
  afterAll(async () => {
    await f?.close();
  });

  it('is https only, with the ward CA pinned; an http:// hub only when explicitly allowed for a lab', () => {
    // Catches: the CounterShellConfig refinement removed (a clerk's password in clear on the LAN).
    expect(() => loadShellConfig(configFile({ hubUrl: 'http://hub.test:8080' }))).toThrow(/hubUrl: https only/);
    expect(loadShellConfig(configFile({ hubUrl: 'http://hub.test:8080', allowInsecureHub: true })).hubUrl).toBe('http://hub.test:8080');
    expect(() => loadShellConfig(configFile({ hubUrl: HUB }))).toThrow(/hubCaFile/);
    expect(() => loadShellConfig(configFile({ hubUrl: HUB, hubCaFile: join(dir, 'missing-ca.crt') }))).not.toThrow();
  });

  it('names the wrong field of a bad configuration', () => {
    expect(() => loadShellConfig(configFile({ kiosk: true }))).toThrow(ConfigError);
    expect(() => loadShellConfig(configFile({ kiosk: true }))).toThrow(/hubUrl/);
    expect(() => loadShellConfig(configFile({ hubUrl: 'file:///etc/passwd' }))).toThrow(/hubUrl: http\(s\) only/);
    expect(() => loadShellConfig(configFile({ hubUrl: HUB, hubCaFile: CA, agent: { pairingCode: '12' } }))).toThrow(/agent.pairingCode/);
    expect(() => loadShellConfig(join(dir, 'missing.json'))).toThrow(/cannot read/);
  });

  it('pairs the agent with a code from the manager, stores the token, and the token works', async () => {
    const m = await f.manager();
    const { code } = expectOk(await send(m, 'manager:createPairingCode', { kind: 'agent', counterId: 'c3' }));
    const path = configFile({ hubUrl: f.hub.url, hubCaFile: hubCa, ratingWindow: 'off', agent: { pairingCode: code, name: 'Quầy 3 — máy cán bộ' } });
    const agents: FakeAgent[] = [];
    const shell = await startCounterShell({ configPath: path, preloadPath: '/p.cjs', version: '0', probe: () => Promise.resolve(true), createAgent: (c) => (agents.push(new FakeAgent(c)), agents[0]!) });
    const stored = JSON.parse(readFileSync(path, 'utf8')) as { agent: { deviceToken?: string; pairingCode?: string } };
    expect(stored.agent.pairingCode).toBeUndefined();
    expect(stored.agent.deviceToken).toBe(agents[0]!.config.deviceToken);
    // The stored token signs in as an agent bound to counter 3.
    expect(agents[0]!.config.hubCaFile).toBe(hubCa);
    const s = await connect(f.hub.url, stored.agent.deviceToken, undefined, { ca: readFileSync(hubCa, 'utf8') });
    const r = await send(s, 'device:input', { type: 'key', peripheral: 'keypad', key: 'resume' });
    expect(r.ok ? null : r.error.code).toBe('invalid_state'); // c3 is closed, so "resume" is refused — as counter 3
    s.close();
    await shell.stop();
  });

  it('opens the screen without devices when the pairing code is wrong, and says why', async () => {
    const { log, lines } = fakeLog();
    const shell = await startCounterShell({ configPath: configFile({ hubUrl: f.hub.url, hubCaFile: hubCa, ratingWindow: 'off', agent: { pairingCode: '000000' } }), preloadPath: '/p.cjs', version: '0', log, probe: () => Promise.resolve(true) });
    expect(shell.agent).toBeNull();
    expect(windows()).toHaveLength(1);
    expect(lines.find((l) => l.level === 'error')?.msg).toMatch(/Mã ghép nối không đúng/);
    await shell.stop();
  });
});

describe('counter preload', () => {
  it('exposes only the typed bridge, as window.motcua', async () => {
    await import('@motcua/counter-app/electron-preload');
    expect(electron.exposed?.[0]).toBe('motcua');
    const bridge = electron.exposed?.[1] as { kind: string; agentStatus: () => Promise<unknown>; info: unknown; onAgentStatus: unknown };
    expect(bridge.kind).toBe('counter');
    expect(Object.keys(bridge).sort()).toEqual(['agentStatus', 'info', 'kind', 'onAgentStatus']);
    expect(await bridge.agentStatus()).toEqual({ configured: true, connected: true, peripherals: [] });
  });
});
