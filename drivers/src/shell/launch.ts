/**
 * The Electron entry of a hub shell (each app's electron/main.ts calls this with Electron's real
 * objects): hands the shell's start function those objects, the preload beside the bundled
 * main.js, the config file reader, the drivers' agent and a logger. A shell that fails to start
 * is logged and quits the app.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startAgent } from '../agent/agent';
import { componentLogger } from '../logger';
import type { ShellKind } from './bridge';
import type { ElectronLike, ShellWindow } from './electron-like';
import type { HubShellDeps } from './hub-shell';

export interface LaunchHubShellOptions<S, W extends ShellWindow> {
  kind: ShellKind;
  electron: ElectronLike<W>;
  /** `import.meta.url` of the main module: preload.cjs is looked for beside it. */
  mainUrl: string;
  start: (deps: HubShellDeps<W>) => Promise<S>;
}

export function launchHubShell<S, W extends ShellWindow>(opts: LaunchHubShellOptions<S, W>): Promise<S> {
  const log = componentLogger(`shell:${opts.kind}`);
  return opts
    .start({
      electron: opts.electron,
      env: process.env,
      preloadPath: join(dirname(fileURLToPath(opts.mainUrl)), 'preload.cjs'),
      readFile: (path) => readFileSync(path, 'utf8'),
      startAgent: (a) => startAgent({ config: a.config, logger: componentLogger('agent', log) }),
      log,
    })
    .catch((e: unknown) => {
      log.fatal({ err: e }, `${opts.kind} shell failed to start`);
      opts.electron.app.quit();
      throw e;
    });
}
