/**
 * The board page's only window into the shell: `window.motcua`, a small typed object (shell info
 * and the LED agent's health). Sandboxed (no Node here), bundled to dist-electron/preload.cjs
 * with nothing but 'electron' left to require, which is why it imports the bridge module itself
 * rather than the drivers package (whose index pulls in serial ports and canvas).
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createShellBridge, type ShellBridge } from '@motcua/drivers/shell-bridge';

export const bridge: ShellBridge<'display'> = createShellBridge(ipcRenderer, 'display');

contextBridge.exposeInMainWorld('motcua', bridge);
