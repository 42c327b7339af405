/** Plain fakes of the Electron surfaces in types.ts, for the shell helpers' unit tests. */
import type { CertificateVerifyRequest, PinnableSession } from './pinning';
import type { GuardedContents, IpcMainLike, IpcRendererLike, KeyInput, LoadableContents, PreventableEvent, SessionLike, Timers, WindowOpenResponse } from './types';

type Listener = (...args: never[]) => unknown;

export class FakeEvent implements PreventableEvent {
  prevented = false;
  preventDefault(): void {
    this.prevented = true;
  }
}

export class FakeContents implements GuardedContents, LoadableContents {
  readonly listeners = new Map<string, Listener[]>();
  readonly loaded: string[] = [];
  openHandler: ((d: { url: string }) => WindowOpenResponse) | null = null;
  devToolsClosed = 0;
  /** Make the next loadURL calls reject (as Electron does when the load fails). */
  failLoads = false;

  on(event: string, listener: Listener): this {
    const l = this.listeners.get(event) ?? [];
    l.push(listener);
    this.listeners.set(event, l);
    return this;
  }

  emit(event: string, ...args: unknown[]): void {
    for (const l of this.listeners.get(event) ?? []) (l as (...a: unknown[]) => unknown)(...args);
  }

  /** Fires `will-frame-navigate` for `url` (Electron passes one details event); returns whether it was prevented. */
  frameNavigate(url: string, isMainFrame = false): boolean {
    const e = Object.assign(new FakeEvent(), { url, isMainFrame });
    this.emit('will-frame-navigate', e);
    return e.prevented;
  }

  /** Fires a preventable event; returns whether a listener prevented it. */
  fire(event: string, ...args: unknown[]): boolean {
    const e = new FakeEvent();
    this.emit(event, e, ...args);
    return e.prevented;
  }

  key(input: Partial<KeyInput> & { key: string }): boolean {
    return this.fire('before-input-event', { type: 'keyDown', control: false, meta: false, alt: false, shift: false, ...input });
  }

  setWindowOpenHandler(handler: (d: { url: string }) => WindowOpenResponse): void {
    this.openHandler = handler;
  }

  closeDevTools(): void {
    this.devToolsClosed++;
  }

  loadURL(url: string): Promise<void> {
    this.loaded.push(url);
    return this.failLoads ? Promise.reject(new Error('ERR_CONNECTION_REFUSED (-102)')) : Promise.resolve();
  }
}

export class FakeSession implements SessionLike, PinnableSession {
  verify: ((request: CertificateVerifyRequest, callback: (result: number) => void) => void) | null = null;
  setCertificateVerifyProc(proc: ((request: CertificateVerifyRequest, callback: (result: number) => void) => void) | null): void {
    this.verify = proc;
  }
  /** What the session's verify procedure answers for a certificate (-3: none set, Chromium decides). */
  verifyCertificate(hostname: string, pem: string): number {
    let result = -3;
    this.verify?.({ hostname, certificate: { data: pem } }, (r) => (result = r));
    return result;
  }
  request: Parameters<SessionLike['setPermissionRequestHandler']>[0] = null;
  check: Parameters<SessionLike['setPermissionCheckHandler']>[0] = null;
  setPermissionRequestHandler(h: Parameters<SessionLike['setPermissionRequestHandler']>[0]): void {
    this.request = h;
  }
  setPermissionCheckHandler(h: Parameters<SessionLike['setPermissionCheckHandler']>[0]): void {
    this.check = h;
  }
}

/** An IpcMain and IpcRenderer wired to each other in memory. */
export class FakeIpc implements IpcMainLike, IpcRendererLike {
  readonly handlers = new Map<string, (event: { senderFrame?: { url: string } | null }, ...args: unknown[]) => unknown>();
  readonly rendererListeners = new Map<string, Set<(event: unknown, ...args: unknown[]) => void>>();
  /** URL of the frame the renderer side pretends to be. */
  frameUrl = 'http://hub.local:8080/kiosk/';

  handle(channel: string, listener: (event: { senderFrame?: { url: string } | null }, ...args: unknown[]) => unknown): void {
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    const h = this.handlers.get(channel);
    if (!h) return Promise.reject(new Error(`No handler registered for '${channel}'`));
    try {
      return Promise.resolve(h({ senderFrame: { url: this.frameUrl } }, ...args));
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
  }
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): this {
    const set = this.rendererListeners.get(channel) ?? new Set();
    set.add(listener);
    this.rendererListeners.set(channel, set);
    return this;
  }
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): this {
    this.rendererListeners.get(channel)?.delete(listener);
    return this;
  }
  /** webContents.send from main. */
  send(channel: string, ...args: unknown[]): void {
    for (const l of this.rendererListeners.get(channel) ?? []) l({}, ...args);
  }
  isDestroyed(): boolean {
    return false;
  }
}

/** Manual timers: `tick()` runs what is due. */
export class FakeTimers implements Timers {
  now = 0;
  private next = 1;
  readonly pending = new Map<number, { at: number; fn: () => void }>();
  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.next++;
    this.pending.set(id, { at: this.now + ms, fn });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }
  tick(ms: number): void {
    this.now += ms;
    for (const [id, t] of [...this.pending]) {
      if (t.at <= this.now) {
        this.pending.delete(id);
        t.fn();
      }
    }
  }
}

export const flush = (): Promise<void> => new Promise((r) => setTimeout(r, 0));
