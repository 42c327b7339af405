/**
 * BrowserWindow options shared by the kiosk, counter and display shells. The renderer is a web
 * page from the hub and must never reach Node: contextIsolation on, nodeIntegration off, the
 * Chromium sandbox on, no <webview>, and in kiosk mode no devtools, no menu bar, full screen.
 */

export interface LockedWindowInput {
  /** Absolute path of the bundled preload script (CommonJS: sandboxed preloads cannot be ESM). */
  preload: string;
  /** Kiosk mode: full screen, no frame, no devtools. False for a technician's windowed session. */
  kiosk: boolean;
  title: string;
  width?: number;
  height?: number;
  backgroundColor?: string;
  /** Let a page play sound without a tap first (the display board's announcements). */
  autoplay?: boolean;
  /** Devtools allowed; default: outside kiosk mode. A production counter PC passes false. */
  devTools?: boolean;
}

export interface LockedWebPreferences {
  preload: string;
  contextIsolation: true;
  nodeIntegration: false;
  nodeIntegrationInWorker: false;
  nodeIntegrationInSubFrames: false;
  sandbox: true;
  webSecurity: true;
  allowRunningInsecureContent: false;
  webviewTag: false;
  navigateOnDragDrop: false;
  spellcheck: false;
  devTools: boolean;
  autoplayPolicy: 'no-user-gesture-required' | 'user-gesture-required';
}

export interface LockedWindowOptions {
  title: string;
  width: number;
  height: number;
  show: boolean;
  kiosk: boolean;
  fullscreen: boolean;
  frame: boolean;
  autoHideMenuBar: boolean;
  backgroundColor: string;
  webPreferences: LockedWebPreferences;
}

export function lockedWindowOptions(input: LockedWindowInput): LockedWindowOptions {
  return {
    title: input.title,
    width: input.width ?? 1080,
    height: input.height ?? 1920,
    // Shown on 'ready-to-show' so a citizen never sees a white flash.
    show: false,
    kiosk: input.kiosk,
    fullscreen: input.kiosk,
    frame: !input.kiosk,
    autoHideMenuBar: true,
    backgroundColor: input.backgroundColor ?? '#ffffff',
    webPreferences: {
      preload: input.preload,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      sandbox: true,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: input.devTools ?? !input.kiosk,
      autoplayPolicy: input.autoplay ? 'no-user-gesture-required' : 'user-gesture-required',
    },
  };
}
