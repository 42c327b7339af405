/**
 * Decides what a shell's window shows: the app from the hub when the hub answers, the local
 * reconnecting page when it does not. Starting up, a failed main-frame load, and a crashed
 * renderer all go through the same path: probe the hub, show the app if it answers, otherwise
 * show the reconnecting page and probe again every `retryMs` until it does.
 *
 * Once the app is showing, a hub that goes away is the app's business (socket.io reconnects and
 * the page shows its own banner); the supervisor only steps in when a page load fails.
 */
import { reconnectingPageUrl, type ReconnectingPageInput } from './reconnecting';
import { realTimers, type LoadableContents, type ShellLogger, type Timers } from './types';

export type SupervisorState = 'idle' | 'app' | 'reconnecting' | 'stopped';

/** Chromium's net::ERR_ABORTED: a navigation replaced by another one, not a failure. */
const ERR_ABORTED = -3;

export interface SupervisorOptions {
  contents: LoadableContents;
  /** The app page on the hub, e.g. http://hub:8080/kiosk/. */
  appUrl: string;
  kind: ReconnectingPageInput['kind'];
  /** Resolves true when the hub answers (see `probeHub`). Must not reject. */
  probe: () => Promise<boolean>;
  retryMs?: number;
  timers?: Timers;
  log?: ShellLogger;
  onState?: (state: SupervisorState) => void;
}

export interface HubSupervisor {
  start(): Promise<void>;
  stop(): void;
  state(): SupervisorState;
}

export function createHubSupervisor(opts: SupervisorOptions): HubSupervisor {
  const retryMs = opts.retryMs ?? 3000;
  const timers = opts.timers ?? realTimers;
  let state: SupervisorState = 'idle';
  let timer: unknown = null;
  let lastDetail: string | null = null;
  const set = (s: SupervisorState): void => {
    if (state === s) return;
    state = s;
    opts.onState?.(s);
  };
  const pageUrl = (): string => reconnectingPageUrl({ kind: opts.kind, hubUrl: opts.appUrl, retrySec: Math.round(retryMs / 1000), detail: lastDetail });

  const schedule = (): void => {
    if (state === 'stopped') return;
    if (timer !== null) timers.clearTimeout(timer);
    timer = timers.setTimeout(() => {
      timer = null;
      void attempt();
    }, retryMs);
  };

  const showReconnecting = (detail: string | null): void => {
    if (state === 'stopped') return;
    lastDetail = detail;
    const first = state !== 'reconnecting';
    set('reconnecting');
    if (first) {
      opts.log?.warn({ appUrl: opts.appUrl, detail }, 'hub unreachable: showing the reconnecting page');
      opts.contents.loadURL(pageUrl()).catch(() => undefined);
    }
    schedule();
  };

  const stopped = (): boolean => state === 'stopped';
  let probing = false;
  const attempt = async (): Promise<void> => {
    if (state === 'stopped' || probing) return;
    probing = true;
    const up = await opts.probe();
    probing = false;
    if (stopped()) return; // stop() may have run while the probe was out
    if (!up) {
      showReconnecting(lastDetail ?? 'the hub did not answer');
      return;
    }
    set('app');
    opts.log?.info({ appUrl: opts.appUrl }, 'hub answers: loading the app');
    try {
      await opts.contents.loadURL(opts.appUrl);
    } catch (e) {
      // did-fail-load fires too and usually gets there first; this keeps the rejection handled.
      if (state === 'app') showReconnecting(e instanceof Error ? e.message : String(e));
    }
  };

  opts.contents.on('did-fail-load', (_e, errorCode, errorDescription, validatedURL, isMainFrame) => {
    if (!isMainFrame || errorCode === ERR_ABORTED || validatedURL.startsWith('data:')) return;
    if (state === 'app') showReconnecting(`${errorDescription} (${errorCode})`);
  });
  opts.contents.on('render-process-gone', (_e, details) => {
    if (state === 'stopped') return;
    opts.log?.error({ reason: details.reason }, 'renderer gone: reloading');
    state = 'idle';
    void attempt();
  });

  return {
    start: attempt,
    stop() {
      if (timer !== null) timers.clearTimeout(timer);
      timer = null;
      set('stopped');
    },
    state: () => state,
  };
}

/**
 * Asks the hub's /healthz (same origin as the app) with a time limit. Resolves true or false,
 * never rejects.
 */
export async function probeHub(appUrl: string, fetchImpl: (url: string, init: { signal: AbortSignal }) => Promise<{ ok: boolean }> = fetch, timeoutMs = 2500): Promise<boolean> {
  const controller = new AbortController();
  const t = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const res = await fetchImpl(new URL('/healthz', appUrl).href, { signal: controller.signal });
    return res.ok;
  } catch {
    return false;
  } finally {
    clearTimeout(t);
  }
}
