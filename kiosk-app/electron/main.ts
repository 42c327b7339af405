/**
 * Electron entry of the kiosk (bundled to dist-electron/main.js by build.mjs). Everything it does
 * is in shell.ts; this file only hands Electron's real objects to drivers' `launchHubShell`, which
 * adds the drivers' agent and a logger.
 */
import { app, BrowserWindow, ipcMain, Menu, session } from 'electron';
import { launchHubShell } from '@motcua/drivers';
import { startKioskShell, type KioskShell } from './shell';

export const started: Promise<KioskShell> = launchHubShell({ kind: 'kiosk', electron: { app, BrowserWindow, ipcMain, Menu, session }, mainUrl: import.meta.url, start: startKioskShell });
