/**
 * Hub keys at rest. The city must keep each hub's secret to verify its HMAC signatures, so it keeps
 * it sealed with AES-256-GCM under the city's secrets key (`CITY_SECRETS_KEY`, or a file in the data
 * folder): a copy of the database alone does not give anyone a hub's key. Keys stored in clear
 * (before sealing existed, or by a city run without a secrets key) are read as they are and sealed
 * when a city with a key starts.
 *
 * A sealed key is bound to its hub and key id (`v2.`: the GCM additional data is `hubId\0keyId`):
 * a sealed value copied onto another hub's row in the database does not open there, so someone
 * who can write the table but not read the secrets key cannot make one hub's key valid for
 * another hub. Keys sealed before binding (`v1.`) are read and re-sealed as `v2.` at start.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

const LEGACY = 'v1.';
const PREFIX = 'v2.';

/** What a hub key is bound to. */
export interface KeyBinding {
  hubId: string;
  keyId: string;
}
const aadOf = (b: KeyBinding): Buffer => Buffer.from(`${b.hubId}\u0000${b.keyId}`, 'utf8');

export class SecretsKeyError extends Error {}

/** 32 random bytes in base64url: hub keys, the admin token, the secrets key. */
export function generateKey(): string {
  return randomBytes(32).toString('base64url');
}

/** The key kept in `file`: read, or created (mode 600, with its folder) with a new one. */
export function keyFile(file: string): { key: string; created: boolean } {
  const created = !existsSync(file);
  if (created) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${generateKey()}\n`, { mode: 0o600 });
  }
  return { key: readFileSync(file, 'utf8').trim(), created };
}

export class SecretBox {
  private readonly key: Buffer;
  constructor(key: string) {
    const k = Buffer.from(key, 'base64url');
    if (k.length !== 32) throw new SecretsKeyError('the secrets key must be 32 random bytes in base64url (43 characters); generate one with: node -e "console.log(require(\'crypto\').randomBytes(32).toString(\'base64url\'))"');
    this.key = k;
  }

  /**
   * A key for another purpose, derived from the secrets key (HMAC-SHA256 over `label`), so it lives
   * where the secrets key lives — outside the database — and needs no file of its own.
   */
  derive(label: string): string {
    return createHmac('sha256', this.key).update(`motcua-city:${label}`, 'utf8').digest('base64url');
  }

  static isSealed(stored: string): boolean {
    return stored.startsWith(PREFIX) || stored.startsWith(LEGACY);
  }

  /** Sealed and bound to this hub and key id (`v2.`). */
  static isBound(stored: string): boolean {
    return stored.startsWith(PREFIX);
  }

  seal(plain: string, binding: KeyBinding): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(aadOf(binding));
    const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `${PREFIX}${iv.toString('base64url')}.${cipher.getAuthTag().toString('base64url')}.${ct.toString('base64url')}`;
  }

  /**
   * The plain secret; a value stored in clear is returned as it is. Throws SecretsKeyError if
   * sealed under another key, for another hub or key id, or altered.
   */
  open(stored: string, binding: KeyBinding): string {
    if (!SecretBox.isSealed(stored)) return stored;
    const bound = SecretBox.isBound(stored);
    const [iv, tag, ct] = stored.slice(PREFIX.length).split('.');
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv ?? '', 'base64url'));
      if (bound) decipher.setAAD(aadOf(binding));
      decipher.setAuthTag(Buffer.from(tag ?? '', 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(ct ?? '', 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretsKeyError(`the key ${binding.keyId} of hub ${binding.hubId} was sealed under another secrets key, for another hub or key id, or altered in the database: start the city with the CITY_SECRETS_KEY it was sealed with`);
    }
  }
}
