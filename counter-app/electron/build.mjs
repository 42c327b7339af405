// Bundles the counter shell for Electron: dist-electron/main.js (ESM, main process; npm packages
// stay external and load from node_modules, our workspace sources are bundled) and
// dist-electron/preload.cjs (CommonJS, self-contained: sandboxed preloads cannot be ESM or require
// packages). Run: node counter-app/electron/build.mjs; start: npx electron counter-app/dist-electron/main.js --config <file>
import { build } from 'vite';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = resolve(root, 'dist-electron');

await build({
  root,
  logLevel: 'warn',
  configFile: false,
  build: {
    ssr: resolve(root, 'electron/entry.ts'),
    outDir,
    emptyOutDir: true,
    target: 'node20',
    rollupOptions: { external: ['electron'], output: { format: 'es', entryFileNames: 'main.js' } },
  },
});

await build({
  root,
  logLevel: 'warn',
  configFile: false,
  build: {
    outDir,
    emptyOutDir: false,
    target: 'chrome130',
    minify: false,
    lib: { entry: resolve(root, 'electron/preload.ts'), formats: ['cjs'], fileName: () => 'preload.cjs' },
    rollupOptions: { external: ['electron'] },
  },
});
console.log(`built the counter shell → ${outDir}`);
