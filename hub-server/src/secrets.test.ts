import { createHash, createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { citizenIdKey, citizenIdPseudonym, readOrCreateKey, SecretError } from './secrets';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'motcua-sec-'));
  dirs.push(d);
  return d;
}

describe('secrets', () => {
  it('the pseudonym is HMAC-SHA256 of the ID under the key: stable per key, different across keys, not a plain hash', () => {
    const a = Buffer.alloc(32, 1);
    const b = Buffer.alloc(32, 2);
    const p = citizenIdPseudonym(a, '079203001234');
    expect(p).toBe(createHmac('sha256', a).update('079203001234').digest('hex'));
    expect(citizenIdPseudonym(a, '079203001234')).toBe(p);
    expect(citizenIdPseudonym(b, '079203001234')).not.toBe(p);
    expect(p).not.toBe(createHash('sha256').update('079203001234').digest('hex'));
  });

  it('creates the key once (0600 in a 0700 folder) and reads the same key back', () => {
    const dir = join(tempDir(), 'secrets');
    const file = join(dir, 'citizen-id.key');
    const key = readOrCreateKey(file, true);
    expect(key).toHaveLength(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(readFileSync(file, 'utf8').trim()).toBe(key.toString('hex'));
    expect(readOrCreateKey(file, false).equals(key)).toBe(true);
  });

  it('a missing key is an error when it may not be created (production), saying how to create it', () => {
    const file = join(tempDir(), 'secrets', 'citizen-id.key');
    expect(() => readOrCreateKey(file, false)).toThrow(SecretError);
    expect(() => readOrCreateKey(file, false)).toThrow(/motcua-hub init/);
  });

  it('the default secrets folder is <dataDir>/secrets; an in-memory hub gets a fresh key and no file', () => {
    const data = tempDir();
    const key = citizenIdKey({ dataDir: data, secretsDir: undefined }, true);
    expect(readFileSync(join(data, 'secrets', 'citizen-id.key'), 'utf8').trim()).toBe(key.toString('hex'));
    expect(citizenIdKey({ dataDir: ':memory:', secretsDir: undefined }, false)).toHaveLength(32);
  });
});
