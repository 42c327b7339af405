/**
 * The counter page's only window into the shell: `window.motcua` (kind, version, hub URL, and the
 * agent's device health). Bundled as CommonJS without Node modules: a sandboxed preload cannot be
 * ESM, so it imports the bridge file itself, not the drivers package root.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createShellBridge } from '@motcua/drivers/shell-bridge';

contextBridge.exposeInMainWorld('motcua', createShellBridge(ipcRenderer, 'counter'));
