import { describe, expect, it } from 'vitest';
import type { PeripheralStatus } from '@motcua/shared';
import { agentStatusOf, createShellBridge, forwardAgentStatus, registerShellIpc, SHELL_CHANNELS, toAgentStatusView, type AgentLike, type AgentStatusView } from './bridge';
import { FakeContents, FakeIpc, FakeSession, FakeTimers, flush } from './fakes.test-support';
import { guardContents, hubAllowList, isAllowedUrl, isBlockedShortcut, lockDownSession } from './navigation';
import { reconnectingPageHtml, reconnectingPageUrl } from './reconnecting';
import { createHubSupervisor, probeHub } from './supervisor';
import { lockedWindowOptions } from './window';

const HUB = 'http://hub.local:8080/kiosk/';

describe('lockedWindowOptions', () => {
  it('keeps the renderer away from Node in every mode', () => {
    for (const kiosk of [true, false]) {
      const o = lockedWindowOptions({ preload: '/app/preload.cjs', kiosk, title: 'Một Cửa' });
      expect(o.webPreferences).toMatchObject({ contextIsolation: true, nodeIntegration: false, nodeIntegrationInWorker: false, nodeIntegrationInSubFrames: false, sandbox: true, webSecurity: true, webviewTag: false, preload: '/app/preload.cjs' });
    }
  });
  it('kiosk mode: full screen, no frame, no devtools; technician mode keeps devtools', () => {
    const k = lockedWindowOptions({ preload: 'p', kiosk: true, title: 't' });
    expect(k).toMatchObject({ kiosk: true, fullscreen: true, frame: false, autoHideMenuBar: true, show: false });
    expect(k.webPreferences.devTools).toBe(false);
    expect(lockedWindowOptions({ preload: 'p', kiosk: false, title: 't' }).webPreferences.devTools).toBe(true);
  });
  it('autoplay only when asked (display board announcements)', () => {
    expect(lockedWindowOptions({ preload: 'p', kiosk: true, title: 't' }).webPreferences.autoplayPolicy).toBe('user-gesture-required');
    expect(lockedWindowOptions({ preload: 'p', kiosk: true, title: 't', autoplay: true }).webPreferences.autoplayPolicy).toBe('no-user-gesture-required');
  });
});

describe('isAllowedUrl', () => {
  const allow = hubAllowList(HUB);
  it('allows the hub origin and nothing else', () => {
    expect(isAllowedUrl('http://hub.local:8080/kiosk/#/t/abc', allow)).toBe(true);
    expect(isAllowedUrl('http://hub.local:8080/manager/', allow)).toBe(true);
    expect(isAllowedUrl('https://hub.local:8080/kiosk/', allow)).toBe(false); // other scheme = other origin
    expect(isAllowedUrl('http://hub.local:8081/kiosk/', allow)).toBe(false);
    expect(isAllowedUrl('http://hub.local.evil.com:8080/kiosk/', allow)).toBe(false);
    expect(isAllowedUrl('http://evil.com/?http://hub.local:8080/', allow)).toBe(false);
    expect(isAllowedUrl('http://user:pw@hub.local:8080/kiosk/', allow)).toBe(false);
  });
  it('refuses non-http schemes and garbage', () => {
    for (const u of ['file:///etc/passwd', 'javascript:alert(1)', 'data:text/html,hi', 'chrome://gpu', 'devtools://devtools', 'not a url', '']) expect(isAllowedUrl(u, allow)).toBe(false);
  });
  it('path prefixes narrow it to the app', () => {
    const narrow = hubAllowList(HUB, ['/kiosk', '/t/']);
    expect(isAllowedUrl('http://hub.local:8080/kiosk', narrow)).toBe(true);
    expect(isAllowedUrl('http://hub.local:8080/kiosk/', narrow)).toBe(true);
    expect(isAllowedUrl('http://hub.local:8080/t/123', narrow)).toBe(true);
    expect(isAllowedUrl('http://hub.local:8080/kioskevil/', narrow)).toBe(false);
    expect(isAllowedUrl('http://hub.local:8080/manager/', narrow)).toBe(false);
  });
});

describe('isBlockedShortcut', () => {
  const k = (key: string, mods: Partial<{ control: boolean; shift: boolean; alt: boolean; meta: boolean }> = {}, type = 'keyDown') => isBlockedShortcut({ type, key, control: false, shift: false, alt: false, meta: false, ...mods });
  it('blocks reload, devtools, zoom, print, close and history navigation', () => {
    for (const [key, mods] of [
      ['F5', {}],
      ['F12', {}],
      ['r', { control: true }],
      ['R', { control: true, shift: true }],
      ['I', { control: true, shift: true }],
      ['i', { meta: true, shift: true }],
      ['p', { control: true }],
      ['w', { control: true }],
      ['+', { control: true }],
      ['-', { control: true }],
      ['0', { control: true }],
      ['F4', { alt: true }],
      ['ArrowLeft', { alt: true }],
    ] as const) {
      expect(k(key, mods), `${key} ${JSON.stringify(mods)}`).toBe(true);
    }
  });
  it('lets ordinary typing and a scanner through', () => {
    for (const key of ['a', 'Z', '1', '|', 'Enter', 'Tab', 'Backspace', 'ư', 'Shift']) expect(k(key)).toBe(false);
    expect(k('A', { shift: true })).toBe(false);
    expect(k('c', { control: true })).toBe(false); // copy is harmless
    expect(k('F5', {}, 'keyUp')).toBe(false);
  });
});

describe('guardContents', () => {
  it('prevents navigation and redirects off the hub, allows on it', () => {
    const c = new FakeContents();
    guardContents(c, { allow: hubAllowList(HUB), kiosk: true });
    expect(c.fire('will-navigate', 'https://www.google.com/')).toBe(true);
    expect(c.fire('will-navigate', 'http://hub.local:8080/kiosk/#/t/1')).toBe(false);
    expect(c.fire('will-redirect', 'http://example.com/')).toBe(true);
    expect(c.fire('will-redirect', 'http://hub.local:8080/kiosk/')).toBe(false);
  });
  it('keeps every frame on the hub, not only the main frame (will-frame-navigate)', () => {
    // Catches: an <iframe> navigating off the hub, which will-navigate never sees.
    const c = new FakeContents();
    guardContents(c, { allow: hubAllowList(HUB), kiosk: false });
    expect(c.frameNavigate('https://evil.example/login')).toBe(true);
    expect(c.frameNavigate('javascript:alert(1)', true)).toBe(true);
    expect(c.frameNavigate('http://hub.local:8080/kiosk/#/t/1')).toBe(false);
  });
  it('denies every new window and every webview', () => {
    const c = new FakeContents();
    guardContents(c, { allow: hubAllowList(HUB), kiosk: false });
    expect(c.openHandler?.({ url: 'http://hub.local:8080/kiosk/' })).toEqual({ action: 'deny' });
    expect(c.openHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(c.fire('will-attach-webview')).toBe(true);
  });
  it('in kiosk mode swallows blocked shortcuts and closes devtools', () => {
    const c = new FakeContents();
    guardContents(c, { allow: hubAllowList(HUB), kiosk: true });
    expect(c.key({ key: 'F12' })).toBe(true);
    expect(c.key({ key: 'a' })).toBe(false);
    c.emit('devtools-opened');
    expect(c.devToolsClosed).toBe(1);
  });
  it('outside kiosk mode leaves the keyboard alone', () => {
    const c = new FakeContents();
    guardContents(c, { allow: hubAllowList(HUB), kiosk: false });
    expect(c.key({ key: 'F12' })).toBe(false);
  });
});

describe('lockDownSession', () => {
  it('denies permissions by default and grants only listed ones to the hub', () => {
    const s = new FakeSession();
    lockDownSession(s, hubAllowList(HUB), ['speaker-selection']);
    const ask = (permission: string, url: string): boolean => {
      let granted: boolean | null = null;
      s.request?.({}, permission, (g) => (granted = g), { requestingUrl: url });
      return granted === true;
    };
    expect(ask('media', 'http://hub.local:8080/kiosk/')).toBe(false);
    expect(ask('geolocation', 'http://hub.local:8080/kiosk/')).toBe(false);
    expect(ask('speaker-selection', 'http://hub.local:8080/display/')).toBe(true);
    expect(ask('speaker-selection', 'http://evil.example/')).toBe(false);
    expect(s.check?.({}, 'notifications', 'http://hub.local:8080')).toBe(false);
    expect(s.check?.({}, 'speaker-selection', 'http://hub.local:8080')).toBe(true);
  });
});

describe('reconnecting page', () => {
  it('is self-contained, script-free, bilingual and escapes what it shows', () => {
    const html = reconnectingPageHtml({ kind: 'kiosk', hubUrl: 'http://hub/<script>', retrySec: 3, detail: 'ECONNREFUSED <b>' });
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain("default-src 'none'");
    expect(html).toContain('Đang kết nối lại');
    expect(html).toContain('Reconnecting');
    expect(html).toContain('http://hub/&lt;script&gt;');
    expect(html).toContain('ECONNREFUSED &lt;b&gt;');
    const url = reconnectingPageUrl({ kind: 'display', hubUrl: 'http://hub', retrySec: 5 });
    expect(url.startsWith('data:text/html;charset=utf-8,')).toBe(true);
    expect(decodeURIComponent(url.slice(url.indexOf(',') + 1))).toContain('Bảng hiển thị');
  });
});

describe('createHubSupervisor', () => {
  function setup(up: boolean[]) {
    const contents = new FakeContents();
    const timers = new FakeTimers();
    const states: string[] = [];
    let probes = 0;
    const sup = createHubSupervisor({
      contents,
      appUrl: HUB,
      kind: 'kiosk',
      retryMs: 3000,
      timers,
      probe: () => Promise.resolve(up[Math.min(probes++, up.length - 1)] ?? false),
      onState: (s) => states.push(s),
    });
    return { contents, timers, states, sup, probes: () => probes };
  }

  it('loads the app straight away when the hub answers', async () => {
    const { contents, sup } = setup([true]);
    await sup.start();
    expect(contents.loaded).toEqual([HUB]);
    expect(sup.state()).toBe('app');
  });

  it('shows the reconnecting page, retries, and loads the app when the hub is back', async () => {
    const { contents, timers, sup, probes } = setup([false, false, true]);
    await sup.start();
    expect(sup.state()).toBe('reconnecting');
    expect(contents.loaded).toHaveLength(1);
    expect(contents.loaded[0]).toMatch(/^data:text\/html/);
    timers.tick(3000);
    await flush();
    expect(probes()).toBe(2);
    expect(contents.loaded).toHaveLength(1); // the page is not reloaded on every retry
    timers.tick(3000);
    await flush();
    expect(contents.loaded.at(-1)).toBe(HUB);
    expect(sup.state()).toBe('app');
  });

  it('a failed main-frame load of the app goes to the reconnecting page; subframes and aborts do not', async () => {
    const { contents, sup } = setup([true, true]);
    await sup.start();
    contents.emit('did-fail-load', {}, -3, 'ERR_ABORTED', HUB, true);
    contents.emit('did-fail-load', {}, -102, 'ERR_CONNECTION_REFUSED', 'http://hub.local:8080/x', false);
    expect(sup.state()).toBe('app');
    contents.emit('did-fail-load', {}, -102, 'ERR_CONNECTION_REFUSED', HUB, true);
    expect(sup.state()).toBe('reconnecting');
    expect(contents.loaded.at(-1)).toMatch(/^data:/);
    expect(decodeURIComponent(contents.loaded.at(-1) ?? '')).toContain('ERR_CONNECTION_REFUSED');
  });

  it('a crashed renderer is reloaded', async () => {
    const { contents, sup } = setup([true, true]);
    await sup.start();
    contents.emit('render-process-gone', {}, { reason: 'crashed' });
    await flush();
    expect(contents.loaded).toEqual([HUB, HUB]);
  });

  it('stop() cancels the retries', async () => {
    const { timers, sup, probes } = setup([false]);
    await sup.start();
    sup.stop();
    timers.tick(10_000);
    await flush();
    expect(probes()).toBe(1);
    expect(timers.pending.size).toBe(0);
  });
});

describe('probeHub', () => {
  it('asks /healthz on the app origin and never rejects', async () => {
    const asked: string[] = [];
    expect(await probeHub(HUB, (url) => (asked.push(url), Promise.resolve({ ok: true })))).toBe(true);
    expect(asked).toEqual(['http://hub.local:8080/healthz']);
    expect(await probeHub(HUB, () => Promise.resolve({ ok: false }))).toBe(false);
    expect(await probeHub(HUB, () => Promise.reject(new Error('ECONNREFUSED')))).toBe(false);
    expect(await probeHub(HUB, (_u, init) => new Promise((_r, reject) => init.signal.addEventListener('abort', () => reject(new Error('aborted')))), 20)).toBe(false);
  });
});

describe('preload bridge', () => {
  const printer: PeripheralStatus = { name: 'printer', kind: 'printer', health: 'paper_out', detail: 'hết giấy', at: 1 };

  function fakeAgent() {
    const listeners = { connection: new Set<(p: { connected: boolean; reason: string | null }) => void>(), status: new Set<(p: PeripheralStatus[]) => void>() };
    const agent = {
      connected: true,
      list: [printer],
      peripherals() {
        return this.list;
      },
      on(event: 'connection' | 'status', l: never) {
        const set = listeners[event] as Set<unknown>;
        set.add(l);
        return () => set.delete(l);
      },
    };
    return { agent: agent as AgentLike & { connected: boolean }, listeners };
  }

  it('the page reads shell info and agent status through invoke', async () => {
    const ipc = new FakeIpc();
    const { agent } = fakeAgent();
    registerShellIpc(ipc, { info: () => ({ kind: 'kiosk', version: '1.0.0', hubUrl: HUB, kioskMode: true }), agentStatus: () => agentStatusOf(agent) }, hubAllowList(HUB));
    const bridge = createShellBridge(ipc, 'kiosk');
    expect(bridge.kind).toBe('kiosk');
    expect(await bridge.info()).toEqual({ kind: 'kiosk', version: '1.0.0', hubUrl: HUB, kioskMode: true });
    expect(await bridge.agentStatus()).toEqual({ configured: true, connected: true, peripherals: [printer] });
  });

  it('main refuses calls from frames outside the hub', async () => {
    const ipc = new FakeIpc();
    registerShellIpc(ipc, { info: () => ({ kind: 'kiosk', version: '1', hubUrl: HUB, kioskMode: true }), agentStatus: () => agentStatusOf(null) }, hubAllowList(HUB));
    ipc.frameUrl = 'data:text/html,reconnecting';
    await expect(createShellBridge(ipc, 'kiosk').info()).rejects.toThrow('forbidden');
  });

  it('status changes reach the page until it unsubscribes', () => {
    const ipc = new FakeIpc();
    const { agent, listeners } = fakeAgent();
    forwardAgentStatus(agent, () => ipc);
    const bridge = createShellBridge(ipc, 'kiosk');
    const seen: AgentStatusView[] = [];
    const off = bridge.onAgentStatus((s) => seen.push(s));
    for (const l of listeners.status) l([printer]);
    agent.connected = false;
    for (const l of listeners.connection) l({ connected: false, reason: 'transport close' });
    expect(seen.map((s) => s.connected)).toEqual([true, false]);
    expect(seen[0]?.peripherals[0]?.health).toBe('paper_out');
    off();
    for (const l of listeners.status) l([]);
    expect(seen).toHaveLength(2);
  });

  it('no agent configured reads as such; junk from IPC becomes an empty status', () => {
    expect(agentStatusOf(null)).toEqual({ configured: false, connected: false, peripherals: [] });
    expect(toAgentStatusView('junk')).toEqual({ configured: false, connected: false, peripherals: [] });
    expect(toAgentStatusView({ configured: true, connected: 'yes', peripherals: [null, 3, printer] })).toEqual({ configured: true, connected: false, peripherals: [printer] });
    expect(SHELL_CHANNELS.agentStatusChanged).toMatch(/^motcua:/);
  });
});
