// Lists every installed package whose `engines.node` does not accept the running Node (the
// platform is Node 20), and fails when one is not on the allow-list below. `npm ci` only warns
// (EBADENGINE), so without this a dependency that dropped Node 20 slips in unnoticed.
// Usage: node scripts/check-engines.mjs
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';

const require = createRequire(import.meta.url);
const semver = require('semver');

/**
 * Known and accepted: Electron 45 is the oldest supported Electron major (only the latest three
 * are) and its packaging toolchain (electron-builder's @electron/rebuild) asks for Node ≥ 22.12.
 * They run on a packaging machine, or inside Electron's own Node, never in the hub or city.
 */
const ALLOWED = new Set(['electron', '@electron/get', '@electron-internal/extract-zip', '@electron/rebuild', 'node-abi']);

const found = new Map();
function walk(dir) {
  if (!existsSync(dir)) return;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (!(e.isDirectory() || e.isSymbolicLink()) || e.name.startsWith('.')) continue;
    const p = join(dir, e.name);
    if (e.name.startsWith('@')) {
      walk(p);
      continue;
    }
    const file = join(p, 'package.json');
    if (existsSync(file)) {
      try {
        const j = JSON.parse(readFileSync(file, 'utf8'));
        const range = typeof j.engines === 'object' && j.engines !== null ? j.engines.node : undefined;
        if (typeof range === 'string' && j.name && !semver.satisfies(process.version, range, { includePrerelease: true })) {
          found.set(`${j.name}@${j.version}`, { name: j.name, range, where: relative(process.cwd(), p) });
        }
      } catch {
        // Not a package manifest (a fixture, a template): nothing to check.
      }
    }
    walk(join(p, 'node_modules'));
  }
}

walk(resolve('node_modules'));
for (const ws of readdirSync('.', { withFileTypes: true })) if (ws.isDirectory() && !ws.name.startsWith('.') && ws.name !== 'node_modules') walk(resolve(ws.name, 'node_modules'));

let bad = 0;
console.log(`node ${process.version}: ${found.size} installed package(s) whose engines.node excludes it`);
for (const [id, f] of [...found].sort(([a], [b]) => a.localeCompare(b))) {
  const ok = ALLOWED.has(f.name);
  if (!ok) bad++;
  console.log(`  ${ok ? 'allowed ' : 'NOT OK  '} ${id}  engines.node ${f.range}  (${f.where})`);
}
process.exit(bad ? 1 : 0);
