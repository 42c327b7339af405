/**
 * The few Electron surfaces the shell helpers touch, as minimal structural interfaces. Electron's
 * real `WebContents`, `Session`, `IpcMain` and `IpcRenderer` satisfy them (each overload mirrors
 * Electron's own), so the helpers stay unit-testable with plain fakes and `drivers` does not
 * depend on the `electron` package.
 */

export interface PreventableEvent {
  preventDefault(): void;
}

/** What Electron's `before-input-event` reports about a key. */
export interface KeyInput {
  type: string;
  key: string;
  code?: string;
  control: boolean;
  meta: boolean;
  alt: boolean;
  shift: boolean;
}

export type WindowOpenResponse = { action: 'deny' } | { action: 'allow' };

export interface GuardedContents {
  on(event: 'will-navigate', listener: (e: PreventableEvent, url: string) => void): unknown;
  on(event: 'will-redirect', listener: (e: PreventableEvent, url: string) => void): unknown;
  /** Any frame's navigation, subframes included (Electron ≥ 25): the event carries the URL. */
  on(event: 'will-frame-navigate', listener: (details: PreventableEvent & { url: string; isMainFrame: boolean }) => void): unknown;
  on(event: 'will-attach-webview', listener: (e: PreventableEvent) => void): unknown;
  on(event: 'before-input-event', listener: (e: PreventableEvent, input: KeyInput) => void): unknown;
  on(event: 'devtools-opened', listener: () => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => WindowOpenResponse): void;
  closeDevTools(): void;
}

export interface LoadableContents {
  on(event: 'did-fail-load', listener: (e: unknown, errorCode: number, errorDescription: string, validatedURL: string, isMainFrame: boolean) => void): unknown;
  on(event: 'render-process-gone', listener: (e: unknown, details: { reason: string }) => void): unknown;
  loadURL(url: string): Promise<void>;
}

export interface SessionLike {
  setPermissionRequestHandler(handler: ((webContents: unknown, permission: string, callback: (granted: boolean) => void, details: { requestingUrl?: string }) => void) | null): void;
  setPermissionCheckHandler(handler: ((webContents: unknown, permission: string, requestingOrigin: string) => boolean) | null): void;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: { senderFrame?: { url: string } | null }, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/** Where main pushes to a renderer (`webContents.send`). */
export interface SendableContents {
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
}

/** Structured logger surface (pino's `info/warn/error` fit). */
export interface ShellLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};
