// The hub built to JavaScript (issue 13 item 7): `npm run build:hub` (node hub-server/build.mjs).
// The hub runs from hub-server/dist, not through tsx: tsx's module hooks cost ~30 MB of the hub's
// RSS, and tsx is only a development dependency of the repository.
//
//   dist/motcua-hub.js   ESM, the `motcua-hub` command (src/cli/motcua-hub.ts) with main.ts and our
//                        workspace packages (@motcua/shared, TypeScript sources) inlined; every
//                        other package (better-sqlite3, socket.io, fastify, pino…) stays in
//                        node_modules. Source maps beside it: stack traces name the .ts lines.
//   dist/advice-thread.cjs  the staffing advice's worker thread (services/advice-thread.ts), plain
//                        CommonJS the hub starts as a file (advice-worker.ts).
//   dist/build.json      what went in: each source file and its SHA-256. bin/motcua-hub.mjs compares
//                        it with the sources before it runs the build (`checkHubBuild`), so stale
//                        code is never run silently.
//
// Each file is written beside its final name and renamed over it, the manifest last: hubs started
// while a build runs (parallel tests) read either the old build or the new, never half a file.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const HUB = import.meta.dirname;
const REPO = resolve(HUB, '..');
export const HUB_DIST = join(HUB, 'dist');
export const HUB_ENTRY = join(HUB_DIST, 'motcua-hub.js');
const MANIFEST = join(HUB_DIST, 'build.json');

/** Our workspace packages (`@motcua/*`) are bundled; every other bare import stays external. */
const externalsButOurs = {
  name: 'externals-but-ours',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@motcua/') ? undefined : { path: args.path, external: true }));
  },
};

const sha256 = (file) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** Builds the hub into hub-server/dist; returns the number of source files that went in. */
export async function buildHub() {
  const { build } = await import('esbuild');
  // Source maps without the sources' text (`sourcesContent`): a stack trace needs only the mappings,
  // and Node keeps the map of every loaded file in memory once source maps are enabled.
  const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, sourcesContent: false, metafile: true, write: false, logLevel: 'warning', absWorkingDir: REPO };
  const results = await Promise.all([
    build({ ...common, entryPoints: [join(HUB, 'src/cli/motcua-hub.ts')], outfile: HUB_ENTRY, format: 'esm', plugins: [externalsButOurs] }),
    // Everything inlined (dispatch and the pure parts of shared): the thread loads nothing else.
    build({ ...common, entryPoints: [join(HUB, 'src/services/advice-thread.ts')], outfile: join(HUB_DIST, 'advice-thread.cjs'), format: 'cjs' }),
  ]);
  // This script too: a change to how the hub is built makes the build out of date.
  const inputs = { [relative(REPO, import.meta.filename)]: sha256(import.meta.filename) };
  for (const r of results) {
    for (const file of Object.keys(r.metafile.inputs)) {
      // Only our sources: what is in node_modules (inlined into the thread) changes with npm ci.
      if (!file.includes('node_modules/')) inputs[file] = sha256(join(REPO, file));
    }
  }
  mkdirSync(HUB_DIST, { recursive: true });
  const tmp = `.tmp-${process.pid}`;
  const write = (path, contents) => {
    writeFileSync(path + tmp, contents);
    renameSync(path + tmp, path);
  };
  for (const r of results) for (const f of r.outputFiles) write(f.path, f.contents);
  write(MANIFEST, `${JSON.stringify({ built: new Date().toISOString(), inputs }, null, 1)}\n`);
  return Object.keys(inputs).length;
}

/**
 * Why the build in hub-server/dist must not be run as it is (missing, or a source changed since),
 * or null when it matches the sources. Compares contents (SHA-256), not times: a checkout or an
 * unpacked archive sets times of its own. A release without sources (no hub-server/src) is taken
 * as built.
 */
export function checkHubBuild() {
  if (!existsSync(HUB_ENTRY) || !existsSync(MANIFEST)) return { vi: 'chưa có bản dựng', en: 'it has not been built' };
  if (!existsSync(join(HUB, 'src'))) return null;
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(MANIFEST, 'utf8'));
  } catch {
    return { vi: 'tệp dist/build.json hỏng', en: 'dist/build.json is damaged' };
  }
  for (const [file, hash] of Object.entries(manifest.inputs ?? {})) {
    const path = join(REPO, file);
    if (!existsSync(path)) return { vi: `${file} đã bị xoá sau lần dựng trước`, en: `${file} was removed since it was built` };
    if (sha256(path) !== hash) return { vi: `${file} đã thay đổi sau lần dựng trước`, en: `${file} changed since it was built` };
  }
  return null;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const started = Date.now();
  const n = await buildHub();
  console.log(`built the hub → ${relative(process.cwd(), HUB_DIST) || '.'} (${n} source files, ${Date.now() - started} ms)`);
}
