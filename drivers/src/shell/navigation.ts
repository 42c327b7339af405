/**
 * Keeps a shell's window on the hub: navigation (of any frame), redirects and new windows anywhere else are
 * blocked (a citizen cannot wander off to the web from a kiosk), <webview> is refused, and in
 * kiosk mode the shortcuts for reload, devtools, zoom, print and close do nothing.
 *
 * Only renderer-initiated navigation passes through here; the main process's own `loadURL`
 * (the local reconnecting page) is not affected.
 */
import type { GuardedContents, KeyInput, SessionLike, ShellLogger } from './types';

export interface AllowList {
  /** Origins (`http://192.168.1.10:8080`) the window may show. */
  origins: string[];
  /** When set, only these path prefixes of those origins ('/kiosk' allows /kiosk and /kiosk/…). */
  pathPrefixes?: string[];
}

/** The allow-list for one hub URL (`http://hub:8080/kiosk/` → that origin, paths under /kiosk, plus /t/ status links). */
export function hubAllowList(hubUrl: string, pathPrefixes?: string[]): AllowList {
  const origin = new URL(hubUrl).origin;
  return pathPrefixes ? { origins: [origin], pathPrefixes } : { origins: [origin] };
}

/** Whether `url` is on the allow-list. Anything that does not parse, or is not http(s), is refused. */
export function isAllowedUrl(url: string, allow: AllowList): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return false;
  if (u.username || u.password) return false;
  if (!allow.origins.includes(u.origin)) return false;
  if (!allow.pathPrefixes) return true;
  const path = u.pathname;
  return allow.pathPrefixes.some((p) => {
    const prefix = p.endsWith('/') ? p.slice(0, -1) : p;
    return path === prefix || path.startsWith(`${prefix}/`);
  });
}

/**
 * Shortcuts a kiosk ignores: reload (F5, Ctrl+R), devtools (F12, Ctrl+Shift+I/J/C), zoom
 * (Ctrl +/-/0), print (Ctrl+P), open/save/find/history/downloads, new window or tab, close
 * (Ctrl+W, Ctrl+Q, Alt+F4), full screen (F11) and the browser's back/forward (Alt+←/→).
 */
export function isBlockedShortcut(input: KeyInput): boolean {
  if (input.type !== 'keyDown' && input.type !== 'rawKeyDown') return false;
  const key = input.key.length === 1 ? input.key.toLowerCase() : input.key;
  const mod = input.control || input.meta;
  if (key === 'F5' || key === 'F11' || key === 'F12' || key === 'BrowserBack' || key === 'BrowserForward' || key === 'BrowserRefresh') return true;
  if (input.alt && (key === 'F4' || key === 'ArrowLeft' || key === 'ArrowRight' || key === 'Home')) return true;
  if (mod && input.shift && ['i', 'j', 'c', 'r', 'delete', 'Delete'].includes(key)) return true;
  if (mod && ['r', 'p', 'w', 'q', 'o', 's', 'f', 'g', 'u', 'n', 't', 'h', 'j', '+', '-', '=', '0'].includes(key)) return true;
  return false;
}

export interface GuardOptions {
  allow: AllowList;
  /** Block shortcuts and close devtools if they ever open. */
  kiosk: boolean;
  log?: ShellLogger;
}

/** Attaches the navigation guard to a window's contents. Returns nothing to undo: it lives as long as the window. */
export function guardContents(contents: GuardedContents, opts: GuardOptions): void {
  const blocked = (what: string, url: string): void => opts.log?.warn({ what, url: url.slice(0, 300) }, 'blocked navigation outside the hub');
  contents.on('will-navigate', (e, url) => {
    if (!isAllowedUrl(url, opts.allow)) {
      e.preventDefault();
      blocked('navigate', url);
    }
  });
  contents.on('will-redirect', (e, url) => {
    if (!isAllowedUrl(url, opts.allow)) {
      e.preventDefault();
      blocked('redirect', url);
    }
  });
  // will-navigate sees only the main frame: an <iframe> the page (or an injected script) adds is
  // kept on the hub too.
  contents.on('will-frame-navigate', (details) => {
    if (!isAllowedUrl(details.url, opts.allow)) {
      details.preventDefault();
      blocked(details.isMainFrame ? 'navigate' : 'frame', details.url);
    }
  });
  // No popups at all: a kiosk has one window. (Links with target=_blank simply do nothing.)
  contents.setWindowOpenHandler(({ url }) => {
    blocked('window.open', url);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (e) => {
    e.preventDefault();
    blocked('webview', '');
  });
  if (opts.kiosk) {
    contents.on('before-input-event', (e, input) => {
      if (isBlockedShortcut(input)) e.preventDefault();
    });
    contents.on('devtools-opened', () => contents.closeDevTools());
  }
}

/**
 * Denies every permission a page might ask for (camera, microphone, geolocation, notifications,
 * clipboard…) except those listed, and only for pages on the allow-list.
 */
export function lockDownSession(session: SessionLike, allow: AllowList, permitted: readonly string[] = [], log?: ShellLogger): void {
  session.setPermissionRequestHandler((_wc, permission, callback, details) => {
    const granted = permitted.includes(permission) && isAllowedUrl(details.requestingUrl ?? '', allow);
    if (!granted) log?.warn({ permission, url: details.requestingUrl }, 'permission denied');
    callback(granted);
  });
  session.setPermissionCheckHandler((_wc, permission, requestingOrigin) => permitted.includes(permission) && allow.origins.includes(requestingOrigin));
}
