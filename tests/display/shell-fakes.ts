/** A fake Electron (app, BrowserWindow, Menu, ipcMain, session) for the display shell's tests. */
import type { LockedWindowOptions } from '@motcua/drivers';
import { FakeContents, FakeIpc, FakeSession } from '@motcua/drivers/shell-fakes';
import type { ElectronLike, ShellWindow } from '@motcua/display-board/electron-shell';

export class FakeWindowContents extends FakeContents {
  readonly sent: { channel: string; args: unknown[] }[] = [];
  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
  }
  isDestroyed(): boolean {
    return false;
  }
}

export function fakeElectron() {
  const windows: { options: LockedWindowOptions; contents: FakeWindowContents }[] = [];
  const appListeners = new Map<string, ((...a: unknown[]) => void)[]>();
  const switches: [string, string | undefined][] = [];
  let menu: null | 'default' = 'default';
  const ipc = new FakeIpc();
  const session = new FakeSession();
  class Win implements ShellWindow {
    readonly webContents = new FakeWindowContents();
    constructor(readonly options: LockedWindowOptions) {
      windows.push({ options, contents: this.webContents });
      // Electron emits web-contents-created for every new contents.
      for (const l of appListeners.get('web-contents-created') ?? []) l({}, this.webContents);
    }
    once(): unknown {
      return this;
    }
    show(): void {}
    focus(): void {}
    isDestroyed(): boolean {
      return false;
    }
  }
  const electron: ElectronLike = {
    app: {
      requestSingleInstanceLock: () => true,
      quit: () => undefined,
      whenReady: () => Promise.resolve(),
      getPath: () => '/tmp/motcua-display-test',
      getVersion: () => '0.1.0',
      on: (event: string, listener: (...a: never[]) => void) => {
        appListeners.set(event, [...(appListeners.get(event) ?? []), listener as (...a: unknown[]) => void]);
        return undefined;
      },
      commandLine: { appendSwitch: (name: string, value?: string) => void switches.push([name, value]) },
    },
    BrowserWindow: Win,
    Menu: {
      setApplicationMenu: (m: null) => {
        menu = m;
      },
    },
    ipcMain: ipc,
    session: { defaultSession: session },
  };
  return { electron, windows, ipc, session, switches, menu: () => menu };
}

export const silentLog = { info: () => undefined, warn: () => undefined, error: () => undefined };
