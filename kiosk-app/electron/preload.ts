/**
 * The kiosk page's only window into the shell: `window.motcua`, a small typed object (shell info
 * and the agent's device health). Sandboxed (no Node here), bundled to dist-electron/preload.cjs
 * with nothing but 'electron' left to require, which is why it imports the bridge module itself
 * rather than the drivers package (whose index pulls in serial ports and canvas).
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createShellBridge } from '@motcua/drivers/shell-bridge';
import type { KioskBridge } from '../src/shell-bridge';

export const bridge = createShellBridge(ipcRenderer, 'kiosk') satisfies KioskBridge;

contextBridge.exposeInMainWorld('motcua', bridge);
