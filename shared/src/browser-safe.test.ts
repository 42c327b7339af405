/**
 * The package root is loaded by the browser apps: nothing it reaches may import a Node module.
 * Node-only helpers (the sync request signing) live behind their own subpath export.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = import.meta.dirname;

/** `./x` is `./x.ts`, or a folder's `./x/index.ts`. */
function resolveLocal(base: string): string {
  for (const f of [`${base}.ts`, `${base}.tsx`, join(base, 'index.ts')]) if (existsSync(f)) return f;
  throw new Error(`cannot resolve ${base}`);
}

/** The relative modules a source file imports, resolved to file paths. */
function importsOf(file: string): { local: string[]; external: string[] } {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'";]*?from\s+'([^']+)'/g)].map((m) => m[1] ?? '');
  return {
    local: specs.filter((s) => s.startsWith('.')).map((s) => resolveLocal(join(dirname(file), s))),
    external: specs.filter((s) => !s.startsWith('.')),
  };
}

describe('@motcua/shared root', () => {
  it('reaches no node: module; the signing helper is outside it', () => {
    const seen = new Set<string>();
    const external = new Set<string>();
    const todo = [join(SRC, 'index.ts')];
    while (todo.length) {
      const f = todo.pop() as string;
      if (seen.has(f)) continue;
      seen.add(f);
      const i = importsOf(f);
      i.external.forEach((e) => external.add(e));
      todo.push(...i.local);
    }
    expect(seen.has(join(SRC, 'events.ts'))).toBe(true);
    expect(seen.has(join(SRC, 'sync-signing.ts'))).toBe(false);
    expect([...external].filter((e) => e.startsWith('node:') || ['crypto', 'fs', 'path', 'os'].includes(e))).toEqual([]);
    // The checker itself sees Node imports where they are.
    expect(importsOf(join(SRC, 'sync-signing.ts')).external).toContain('node:crypto');
  });
});
