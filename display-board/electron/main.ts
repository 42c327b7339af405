/**
 * Electron entry of the display board (bundled to dist-electron/main.js by build.mjs). Everything
 * it does is in shell.ts; this file only hands it Electron's real objects, the drivers' agent
 * (LED boards) and a logger.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, ipcMain, Menu, session } from 'electron';
import { componentLogger, startAgent } from '@motcua/drivers';
import { startDisplayShell, type DisplayShell } from './shell';

const here = dirname(fileURLToPath(import.meta.url));
const log = componentLogger('shell:display');

export const started: Promise<DisplayShell> = startDisplayShell({
  electron: { app, BrowserWindow, ipcMain, Menu, session },
  env: process.env,
  preloadPath: join(here, 'preload.cjs'),
  readFile: (path) => readFileSync(path, 'utf8'),
  startAgent: (opts) => startAgent({ config: opts.config, logger: componentLogger('agent', log) }),
  log,
}).catch((e: unknown) => {
  log.fatal({ err: e }, 'display shell failed to start');
  app.quit();
  throw e;
});
