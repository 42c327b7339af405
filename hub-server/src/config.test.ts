import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, isProduction, loadConfig } from './config';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function configFile(content: object): string {
  const dir = mkdtempSync(join(tmpdir(), 'motcua-cfg-'));
  dirs.push(dir);
  const file = join(dir, 'hub.json');
  writeFileSync(file, JSON.stringify(content));
  return file;
}

describe('production mode in the configuration', () => {
  it('is NODE_ENV=production or the --production flag', () => {
    expect(isProduction({ NODE_ENV: 'production' }, [])).toBe(true);
    expect(isProduction({}, ['--config', 'x', '--production'])).toBe(true);
    expect(isProduction({ NODE_ENV: 'development' }, [])).toBe(false);
    expect(isProduction({}, [])).toBe(false);
  });

  it('development without a file: the demo ward (seedDemo on by default)', () => {
    expect(loadConfig({}).seedDemo).toBe(true);
  });

  it('production without a file is refused, naming motcua-hub init', () => {
    expect(() => loadConfig({ MOTCUA_DATA_DIR: '/tmp/x' }, undefined, { production: true })).toThrow(ConfigError);
    expect(() => loadConfig({}, undefined, { production: true })).toThrow(/motcua-hub init/);
  });

  it('production never seeds the demo: an explicit request is refused, and the default is off', () => {
    expect(() => loadConfig({}, configFile({ seedDemo: true }), { production: true })).toThrow(/refuses to seed the demo ward/);
    expect(() => loadConfig({ MOTCUA_SEED_DEMO: 'yes' }, configFile({}), { production: true })).toThrow(/refuses to seed the demo ward/);
    expect(loadConfig({}, configFile({ hubId: 'phuong-thu' }), { production: true }).seedDemo).toBe(false);
    // The same file outside production still seeds by default (development).
    expect(loadConfig({}, configFile({ hubId: 'phuong-thu' })).seedDemo).toBe(true);
  });

  it('takes the secrets folder from the file or MOTCUA_SECRETS_DIR', () => {
    expect(loadConfig({}, configFile({ secretsDir: '/srv/secrets' })).secretsDir).toBe('/srv/secrets');
    expect(loadConfig({ MOTCUA_SECRETS_DIR: '/run/motcua' }).secretsDir).toBe('/run/motcua');
  });
});
