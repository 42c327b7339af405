// Bundles the display board's Electron main and preload into display-board/dist-electron (what an
// Electron packager ships; the Electron binary itself is not downloaded by `npm ci`): main.js
// (ESM) and preload.cjs, as drivers/src/shell/build-electron.mjs describes.
// Run: node display-board/electron/build.mjs, then: npx electron display-board/dist-electron/main.js
import { build } from 'esbuild';
import { buildElectronShell } from '@motcua/drivers/build-electron';

await buildElectronShell({ build, electronDir: import.meta.dirname, name: 'display' });
