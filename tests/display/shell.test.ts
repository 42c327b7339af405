/**
 * The display board's Electron shell over a fake Electron: a locked-down window that may show
 * only the hub's /display page and plays sound without a tap, the board's parameters in its URL,
 * the LED agent started with the shell's hub, and a clear screen when the configuration is wrong.
 */
import { describe, expect, it } from 'vitest';
import type { AgentConfig } from '@motcua/drivers';
import { SHELL_CHANNELS } from '@motcua/drivers/shell-bridge';
import { startDisplayShell, type RunningAgent } from '@motcua/display-board/electron-shell';
import { fakeElectron, silentLog } from './shell-fakes';

const CONFIG = {
  hubUrl: 'http://192.168.1.10:8080',
  board: { zone: 'A', lang: 'vi,en', token: 'never-in-the-url' },
  agent: { deviceToken: 'agent-token', leds: [{ name: 'led', transport: { type: 'serial', path: '/dev/ttyUSB0' }, protocol: 'addressed', counters: { '1': 1 } }] },
};

function fakeAgent(): RunningAgent {
  return { connected: true, peripherals: () => [], on: () => () => undefined, stop: () => Promise.resolve() };
}

async function start(config: unknown, agentConfigs: AgentConfig[] = []) {
  const fake = fakeElectron();
  const shell = await startDisplayShell({
    electron: fake.electron,
    env: { MOTCUA_DISPLAY_CONFIG: '/etc/motcua/display.json' },
    preloadPath: '/app/preload.cjs',
    readFile: (path) => {
      if (path !== '/etc/motcua/display.json' || config === undefined) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
      return typeof config === 'string' ? config : JSON.stringify(config);
    },
    startAgent: (opts) => {
      agentConfigs.push(opts.config);
      return Promise.resolve(fakeAgent());
    },
    log: silentLog,
    probe: () => Promise.resolve(true),
  });
  return { ...fake, shell };
}

describe('display shell', () => {
  it('opens one locked-down full-screen window that may play announcements', async () => {
    const { windows, menu, switches } = await start(CONFIG);
    expect(windows).toHaveLength(1);
    const o = windows[0]!.options;
    expect(o).toMatchObject({ kiosk: true, fullscreen: true, frame: false, show: false });
    expect(o.webPreferences).toMatchObject({ contextIsolation: true, nodeIntegration: false, sandbox: true, devTools: false, webviewTag: false, autoplayPolicy: 'no-user-gesture-required', preload: '/app/preload.cjs' });
    expect(menu()).toBeNull();
    expect(switches).toContainEqual(['autoplay-policy', 'no-user-gesture-required']);
  });

  it('shows the board with its parameters, and nothing but the hub\'s /display', async () => {
    const { windows } = await start(CONFIG);
    const contents = windows[0]!.contents;
    expect(contents.loaded).toEqual(['http://192.168.1.10:8080/display/?zone=A&lang=vi%2Cen']);
    expect(contents.fire('will-navigate', 'http://192.168.1.10:8080/display/?zone=B')).toBe(false);
    expect(contents.fire('will-navigate', 'http://192.168.1.10:8080/manager/')).toBe(true);
    expect(contents.fire('will-navigate', 'https://example.com/')).toBe(true);
    expect(contents.fire('will-redirect', 'file:///etc/passwd')).toBe(true);
    expect(contents.openHandler?.({ url: 'http://192.168.1.10:8080/display/' })).toEqual({ action: 'deny' });
    // Devtools and reload shortcuts do nothing on the TV.
    expect(contents.key({ key: 'F12' })).toBe(true);
    expect(contents.key({ key: 'r', control: true })).toBe(true);
  });

  it('grants no permission and answers IPC only from the board page', async () => {
    const { session, ipc } = await start(CONFIG);
    const granted: boolean[] = [];
    session.request?.({}, 'media', (g) => granted.push(g), { requestingUrl: 'http://192.168.1.10:8080/display/' });
    expect(granted).toEqual([false]);
    ipc.frameUrl = 'http://192.168.1.10:8080/display/?zone=A';
    expect(await ipc.invoke(SHELL_CHANNELS.info)).toEqual({ kind: 'display', version: '0.1.0', hubUrl: 'http://192.168.1.10:8080', kioskMode: true });
    expect(await ipc.invoke(SHELL_CHANNELS.agentStatus)).toEqual({ configured: true, connected: true, peripherals: [] });
    ipc.frameUrl = 'data:text/html,evil';
    await expect(ipc.invoke(SHELL_CHANNELS.info)).rejects.toThrow('forbidden');
  });

  it('starts the LED agent against the shell\'s hub', async () => {
    const configs: AgentConfig[] = [];
    const { shell } = await start(CONFIG, configs);
    expect(shell.agent).not.toBeNull();
    expect(configs).toHaveLength(1);
    expect(configs[0]).toMatchObject({ hubUrl: 'http://192.168.1.10:8080', deviceToken: 'agent-token', leds: [{ name: 'led', protocol: 'addressed', counters: { '1': 1 } }] });
  });

  it('shows what is wrong when the configuration is missing or invalid', async () => {
    const missing = await start(undefined);
    expect(missing.shell.problem).toMatch(/no configuration: create \/etc\/motcua\/display.json/);
    expect(decodeURIComponent(missing.windows[0]!.contents.loaded[0] ?? '')).toContain('no configuration');
    const bad = await start({ hubUrl: 'not a url' });
    expect(bad.shell.problem).toMatch(/"hubUrl"/);
    const badAgent = await start({ ...CONFIG, agent: { leds: [] } });
    expect(badAgent.shell.problem).toMatch(/agent: "deviceToken"/);
    // The board itself still shows.
    expect(badAgent.windows[0]!.contents.loaded[0]).toContain('/display/');
  });
});
