/**
 * The part of Electron a shell's main process uses (app, BrowserWindow, Menu, ipcMain, session),
 * as one structural interface shared by the kiosk, counter and display shells. Electron's real
 * module satisfies it; tests pass fakes.
 */
import type { AgentLike } from './bridge';
import type { PinnableSession } from './pinning';
import type { GuardedContents, IpcMainLike, LoadableContents, SendableContents, SessionLike } from './types';
import type { LockedWindowOptions } from './window';

/** A shell window; `Extra` adds what one shell needs beyond the common surface. */
export interface ShellWindow<Extra extends object = object> {
  readonly webContents: GuardedContents & LoadableContents & SendableContents & Extra;
  once(event: 'ready-to-show', listener: () => void): unknown;
  show(): void;
  focus(): void;
  isDestroyed(): boolean;
}

export interface ElectronLike<W extends ShellWindow = ShellWindow> {
  app: {
    requestSingleInstanceLock(): boolean;
    quit(): void;
    whenReady(): Promise<unknown>;
    getPath(name: 'userData'): string;
    getVersion(): string;
    on(event: 'web-contents-created', listener: (event: unknown, contents: GuardedContents) => void): unknown;
    on(event: 'window-all-closed', listener: () => void): unknown;
    on(event: 'before-quit', listener: () => void): unknown;
    on(event: 'second-instance', listener: () => void): unknown;
    commandLine: { appendSwitch(name: string, value?: string): void };
  };
  BrowserWindow: new (options: LockedWindowOptions) => W;
  Menu: { setApplicationMenu(menu: null): void };
  ipcMain: IpcMainLike;
  session: { defaultSession: SessionLike & PinnableSession };
}

/** The device agent as a shell runs it. */
export interface RunningAgent extends AgentLike {
  stop(): Promise<void>;
}
