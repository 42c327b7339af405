// Bundles the kiosk's Electron main and preload into kiosk-app/dist-electron (what
// electron-builder packs): main.js (ESM) and preload.cjs, as drivers/src/shell/build-electron.mjs
// describes.
// Run: node kiosk-app/electron/build.mjs
import { build } from 'esbuild';
import { buildElectronShell } from '@motcua/drivers/build-electron';

await buildElectronShell({ build, electronDir: import.meta.dirname, name: 'kiosk' });
