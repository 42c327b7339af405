/**
 * Electron entry of the kiosk (bundled to dist-electron/main.js by build.mjs). Everything it does
 * is in shell.ts; this file only hands it Electron's real objects, the drivers' agent and a logger.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, ipcMain, Menu, session } from 'electron';
import { componentLogger, startAgent } from '@motcua/drivers';
import { startKioskShell, type KioskShell } from './shell';

const here = dirname(fileURLToPath(import.meta.url));
const log = componentLogger('shell:kiosk');

export const started: Promise<KioskShell> = startKioskShell({
  electron: { app, BrowserWindow, ipcMain, Menu, session },
  env: process.env,
  preloadPath: join(here, 'preload.cjs'),
  readFile: (path) => readFileSync(path, 'utf8'),
  startAgent: (opts) => startAgent({ config: opts.config, logger: componentLogger('agent', log) }),
  log,
}).catch((e: unknown) => {
  log.fatal({ err: e }, 'kiosk shell failed to start');
  app.quit();
  throw e;
});
