import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateKey, keyFile, SecretBox, SecretsKeyError } from './secrets';

describe('keyFile', () => {
  it('creates a 32-byte key readable only by its owner once, then reads the same key', () => {
    const dir = mkdtempSync(join(tmpdir(), 'motcua-keyfile-'));
    try {
      const file = join(dir, 'sub', 'city-secrets-key');
      const first = keyFile(file);
      expect(first.created).toBe(true);
      expect(Buffer.from(first.key, 'base64url')).toHaveLength(32);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(keyFile(file)).toEqual({ key: first.key, created: false });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('SecretBox', () => {
  const box = new SecretBox(generateKey());

  it('seals a hub key so that it does not appear in what is stored, and opens it again', () => {
    const key = 'Zm9vYmFyYmF6cXV4LXNlY3JldC1rZXktb2YtdGhlLWh1Yg';
    const sealed = box.seal(key);
    expect(sealed).toMatch(/^v1\./);
    expect(sealed).not.toContain(key);
    expect(box.seal(key)).not.toBe(sealed); // a fresh IV each time
    expect(box.open(sealed)).toBe(key);
  });

  it('reads a key stored in clear as it is', () => {
    expect(box.open('plain-key-from-before-sealing-0123456789')).toBe('plain-key-from-before-sealing-0123456789');
  });

  it('refuses a value sealed under another key or altered, saying what to do', () => {
    const sealed = box.seal('secret-secret-secret-secret-secret');
    expect(() => new SecretBox(generateKey()).open(sealed)).toThrow(SecretsKeyError);
    const altered = sealed.slice(0, -2) + (sealed.endsWith('A') ? 'BB' : 'AA');
    expect(() => box.open(altered)).toThrow(/CITY_SECRETS_KEY/);
  });

  it('refuses a secrets key that is not 32 bytes', () => {
    expect(() => new SecretBox('short')).toThrow(/32 random bytes/);
  });
});
