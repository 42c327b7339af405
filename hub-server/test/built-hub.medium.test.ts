/**
 * The hub runs as built JavaScript (issue 13 item 7), tested as real processes:
 *   - `bin/motcua-hub.mjs start` with tsx and esbuild made unloadable (a module hook refuses them,
 *     and any .ts file) starts, answers /healthz and a manager, and its staffing advice thread
 *     answers: what a ward gets from a production install (`npm ci --omit=dev`, no tsx).
 *   - the bin never runs a stale build silently: in a copy of the bin and the build script over
 *     small sources of its own, a changed source is refused in production (exit 2, the command
 *     to run) and rebuilt in development, and a stack trace names the .ts line.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALWAYS_OPEN_HOURS } from '@motcua/shared';
import { connect, expectOk, send } from './client';
import { hubEnv, ProcessKit } from './processes';

const HUB = join(import.meta.dirname, '..');
const REPO = join(HUB, '..');
const BIN = join(HUB, 'bin/motcua-hub.mjs');

const kit = new ProcessKit('motcua-built-hub-');
afterAll(() => kit.cleanUp());

/**
 * A preload that makes tsx and esbuild unloadable, as on a ward PC installed without development
 * dependencies, and refuses to load any TypeScript file: by import (a module resolve hook) and by
 * require (the CommonJS resolver). The refusal names what was asked for.
 */
function noTsxPreload(dir: string): string {
  const hooks = join(dir, 'no-tsx-hooks.mjs');
  writeFileSync(
    hooks,
    `const banned = (s) => /^(tsx|esbuild)(\\/|$)/.test(s);
export async function resolve(specifier, context, next) {
  if (banned(specifier)) throw new Error('NOT INSTALLED IN PRODUCTION: ' + specifier);
  const r = await next(specifier, context);
  if (/\\.[cm]?tsx?$/.test(new URL(r.url).pathname)) throw new Error('TYPESCRIPT LOADED AT RUN TIME: ' + r.url);
  return r;
}
`,
  );
  const preload = join(dir, 'no-tsx.mjs');
  writeFileSync(
    preload,
    `import Module, { register } from 'node:module';
register(${JSON.stringify(pathToFileURL(hooks).href)});
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (/^(tsx|esbuild)(\\/|$)/.test(request)) throw new Error('NOT INSTALLED IN PRODUCTION: ' + request);
  const file = resolveFilename.call(this, request, ...rest);
  if (/\\.[cm]?tsx?$/.test(file)) throw new Error('TYPESCRIPT LOADED AT RUN TIME: ' + file);
  return file;
};
`,
  );
  return pathToFileURL(preload).href;
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node <args>` to its end. */
function run(args: string[], env: Record<string, string>, cwd: string): Run {
  const r = spawnSync(process.execPath, args, { cwd, env: hubEnv(env), encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the hub built to JavaScript', () => {
  beforeAll(() => {
    // Whatever the state of hub-server/dist, build it now (the bin would too, outside production).
    const built = spawnSync(process.execPath, [join(HUB, 'build.mjs')], { cwd: REPO, encoding: 'utf8' });
    expect(built.stderr).toBe('');
    expect(built.status).toBe(0);
  });

  it('starts without tsx, esbuild or any .ts file, answers /healthz and a manager, and its advice thread answers', async () => {
    // Catches: bin/motcua-hub.mjs running the sources through tsx again (tsx is a development
    // dependency: a production install cannot start), and the built hub's advice thread being
    // bundled at run time with esbuild instead of the file the build wrote (advice unavailable).
    const dir = kit.tempDir();
    const { url, log } = await kit.startHub(['--import', noTsxPreload(dir), BIN, 'start'], { cwd: dir, env: hubEnv({ MOTCUA_DATA_DIR: join(dir, 'data') }) });
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    expect(((await health.json()) as { ok: boolean }).ok).toBe(true);

    const m = await connect(url);
    kit.sockets.push(m);
    expectOk(await send(m, 'auth:login', { username: 'quanly', password: 'quanly2025' }));
    // Open around the clock (the advice is only given while the centre is open), then ask for it.
    const cfg = expectOk(await send(m, 'manager:config', {}));
    expectOk(await send(m, 'manager:saveSettings', { ...cfg.settings, openingHours: [...ALWAYS_OPEN_HOURS] }));
    const advice = expectOk(await send(m, 'manager:staffingAdvice', {}));
    expect(advice.available).toBe(true);
    expect(log()).not.toMatch(/NOT INSTALLED|TYPESCRIPT LOADED|staffing advice failed/);
  });

  it('refuses a stale build in production, rebuilds it in development, and maps stack traces to the .ts lines', () => {
    // Catches: a bin that runs hub-server/dist whatever the sources say (checkHubBuild never
    // reporting a change), so an upgraded release would run the old code without a word.
    const root = kit.tempDir();
    const hub = join(root, 'hub-server');
    mkdirSync(join(hub, 'bin'), { recursive: true });
    cpSync(BIN, join(hub, 'bin/motcua-hub.mjs'));
    cpSync(join(HUB, 'build.mjs'), join(hub, 'build.mjs'));
    symlinkSync(join(REPO, 'node_modules'), join(root, 'node_modules'));
    const source = (version: string): void => {
      mkdirSync(join(hub, 'src/cli'), { recursive: true });
      mkdirSync(join(hub, 'src/services'), { recursive: true });
      writeFileSync(join(hub, 'src/services/advice-thread.ts'), 'export const thread: string = "advice";\n');
      writeFileSync(join(hub, 'src/cli/motcua-hub.ts'), `const version: string = '${version}';\nconsole.log(\`fake hub \${version}\`);\nconsole.log(new Error('where').stack);\n`);
    };
    const bin = join(hub, 'bin/motcua-hub.mjs');

    source('v1');
    const production = { NODE_ENV: 'production' };
    const missing = run([bin, 'start'], production, root);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('chưa có bản dựng');
    expect(missing.stderr).toContain('it has not been built');
    expect(missing.stdout).toBe('');

    expect(run([join(hub, 'build.mjs')], {}, root).code).toBe(0);
    const fresh = run([bin, 'start', '--production'], {}, root);
    expect(fresh.stderr).toBe('');
    expect(fresh.stdout).toContain('fake hub v1');
    // The stack names the TypeScript source and line, not dist/motcua-hub.js.
    expect(fresh.stdout).toMatch(/src\/cli\/motcua-hub\.ts:3:/);

    source('v2');
    const stale = run([bin, 'start', '--production'], {}, root);
    expect(stale.code).toBe(2);
    expect(stale.stdout).toBe('');
    expect(stale.stderr).toContain('hub-server/src/cli/motcua-hub.ts changed since it was built');
    expect(stale.stderr).toContain('npm run build:hub');
    expect(run([bin, 'start'], production, root).code).toBe(2);

    const dev = run([bin, 'start'], {}, root);
    expect(dev.stderr).toContain('building the hub (hub-server/src/cli/motcua-hub.ts changed since it was built)');
    expect(dev.stdout).toContain('fake hub v2');
    expect(dev.code).toBe(0);
    // Rebuilt: production runs it now.
    expect(run([bin, 'start', '--production'], {}, root).stdout).toContain('fake hub v2');
  });
});
