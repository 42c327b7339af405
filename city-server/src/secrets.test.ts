import { createCipheriv, randomBytes } from 'node:crypto';
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

const A1 = { hubId: 'ward-a', keyId: 'k1' };
const SECRETS_KEY = generateKey();

describe('SecretBox', () => {
  const box = new SecretBox(SECRETS_KEY);

  it('seals a hub key so that it does not appear in what is stored, and opens it again', () => {
    const key = 'Zm9vYmFyYmF6cXV4LXNlY3JldC1rZXktb2YtdGhlLWh1Yg';
    const sealed = box.seal(key, A1);
    expect(sealed).toMatch(/^v2\./);
    expect(sealed).not.toContain(key);
    expect(box.seal(key, A1)).not.toBe(sealed); // a fresh IV each time
    expect(box.open(sealed, A1)).toBe(key);
  });

  // Catches a seal without the hub and key id as additional data (setAAD removed in seal/open):
  // the value copied to hub B's row would open there.
  it('binds a sealed key to its hub and key id: copied to another hub or key id it does not open', () => {
    const sealed = box.seal('secret-of-ward-a-0123456789abcdef', A1);
    expect(() => box.open(sealed, { hubId: 'ward-b', keyId: 'k1' })).toThrow(/key k1 of hub ward-b/);
    expect(() => box.open(sealed, { hubId: 'ward-a', keyId: 'k2' })).toThrow(SecretsKeyError);
  });

  it('still opens a key sealed before binding (v1., no additional data)', () => {
    const raw = Buffer.from(SECRETS_KEY, 'base64url');
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', raw, iv);
    const ct = Buffer.concat([c.update('legacy-secret', 'utf8'), c.final()]);
    const v1 = `v1.${iv.toString('base64url')}.${c.getAuthTag().toString('base64url')}.${ct.toString('base64url')}`;
    expect(SecretBox.isSealed(v1) && !SecretBox.isBound(v1)).toBe(true);
    expect(box.open(v1, A1)).toBe('legacy-secret');
  });

  it('reads a key stored in clear as it is', () => {
    expect(box.open('plain-key-from-before-sealing-0123456789', A1)).toBe('plain-key-from-before-sealing-0123456789');
  });

  it('refuses a value sealed under another key or altered, saying what to do', () => {
    const sealed = box.seal('secret-secret-secret-secret-secret', A1);
    expect(() => new SecretBox(generateKey()).open(sealed, A1)).toThrow(SecretsKeyError);
    const altered = sealed.slice(0, -2) + (sealed.endsWith('A') ? 'BB' : 'AA');
    expect(() => box.open(altered, A1)).toThrow(/CITY_SECRETS_KEY/);
  });

  it('refuses a secrets key that is not 32 bytes', () => {
    expect(() => new SecretBox('short')).toThrow(/32 random bytes/);
  });
});
