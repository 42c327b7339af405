// Bundles the Electron main and preload into display-board/dist-electron (what an Electron
// packager ships; the Electron binary itself is not downloaded by `npm ci`):
//   main.js      ESM, our workspace packages (@motcua/*, TypeScript sources) inlined, every
//                other package left to node_modules (serialport, pino, socket.io-client…)
//   preload.cjs  CommonJS with everything inlined but 'electron': a sandboxed preload can
//                require nothing else.
// Run: node display-board/electron/build.mjs, then: npx electron display-board/dist-electron/main.js
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '..', 'dist-electron');

/** Bundle our own workspace packages; keep every other bare import external. */
const externalsButOurs = {
  name: 'externals-but-ours',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('@motcua/')) return undefined;
      return { path: args.path, external: true };
    });
  },
};

await build({
  entryPoints: [join(here, 'main.ts')],
  outfile: join(out, 'main.js'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  sourcemap: true,
  plugins: [externalsButOurs],
  logLevel: 'warning',
});

await build({
  entryPoints: [join(here, 'preload.ts')],
  outfile: join(out, 'preload.cjs'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  external: ['electron'],
  logLevel: 'warning',
});

console.log(`built the display shell → ${out}`);
