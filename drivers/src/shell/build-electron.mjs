// Bundles a one-window shell's Electron main and preload (the kiosk's, the display board's) into
// <app>/dist-electron, what an Electron packager ships; each app's electron/build.mjs calls this
// with its own folder and the esbuild it depends on:
//   main.js      ESM, our workspace packages (@motcua/*, TypeScript sources) inlined, every
//                other package left to node_modules (native modules, serialport, pino,
//                socket.io-client…)
//   preload.cjs  CommonJS with everything inlined but 'electron': a sandboxed preload can
//                require nothing else.
import { join } from 'node:path';

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

/**
 * @param {{ build: typeof import('esbuild').build, electronDir: string, name: string }} opts
 *   `electronDir` holds main.ts and preload.ts; the bundles go to ../dist-electron. `name` is for
 *   the closing line ("built the kiosk shell → …").
 * @returns {Promise<string>} the output folder
 */
export async function buildElectronShell({ build, electronDir, name }) {
  const out = join(electronDir, '..', 'dist-electron');
  const common = { bundle: true, platform: 'node', target: 'node22', logLevel: 'warning' };
  await build({ ...common, entryPoints: [join(electronDir, 'main.ts')], outfile: join(out, 'main.js'), format: 'esm', sourcemap: true, plugins: [externalsButOurs] });
  await build({ ...common, entryPoints: [join(electronDir, 'preload.ts')], outfile: join(out, 'preload.cjs'), format: 'cjs', external: ['electron'] });

  console.log(`built the ${name} shell → ${out}`);
  return out;
}
