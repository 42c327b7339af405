/**
 * Electron entry of the display board (bundled to dist-electron/main.js by build.mjs). Everything
 * it does is in shell.ts; this file only hands Electron's real objects to drivers'
 * `launchHubShell`, which adds the drivers' agent (LED boards) and a logger.
 */
import { app, BrowserWindow, ipcMain, Menu, session } from 'electron';
import { launchHubShell } from '@motcua/drivers';
import { startDisplayShell, type DisplayShell } from './shell';

export const started: Promise<DisplayShell> = launchHubShell({ kind: 'display', electron: { app, BrowserWindow, ipcMain, Menu, session }, mainUrl: import.meta.url, start: startDisplayShell });
