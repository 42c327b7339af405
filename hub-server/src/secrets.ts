/**
 * Secrets that must not live in the database: the key of the CCCD pseudonym (an HMAC-SHA256 key,
 * so a copy of hub.sqlite alone cannot be brute-forced back to ID numbers from a known
 * province/year prefix). They sit in a secrets folder (mode 0700, files 0600) that `motcua-hub init`
 * creates, or that a development hub creates on first start. The data folder is kept 0700 too.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createHmac, randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import type { HubConfig } from './config';

export class SecretError extends Error {}

export const CITIZEN_ID_KEY_FILE = 'citizen-id.key';
/** The key of the staff pseudonyms in what the hub sends to the city (sync/export.ts). */
export const STAFF_PSEUDONYM_KEY_FILE = 'sync-pseudonym.key';

/** Creates `dir` (and parents) if needed and makes it 0700: only the hub's own user may read it. */
export function privateDir(dir: string): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  return dir;
}

/** The secrets folder of a configuration: `secretsDir`, or `secrets` inside the data folder. */
export function secretsDirOf(config: Pick<HubConfig, 'dataDir' | 'secretsDir'>): string {
  return resolve(config.secretsDir ?? join(config.dataDir, 'secrets'));
}

/**
 * Reads a 32-byte key (hex) from `file`; creates it (0600, in a 0700 folder) when absent and
 * `create` is set, otherwise throws a SecretError that says how to create it.
 */
export function readOrCreateKey(file: string, create: boolean): Buffer {
  if (existsSync(file)) {
    chmodSync(file, 0o600);
    const hex = readFileSync(file, 'utf8').trim();
    if (!/^[0-9a-f]{64}$/.test(hex)) throw new SecretError(`Secret file ${file} is not a 32-byte hex key`);
    return Buffer.from(hex, 'hex');
  }
  if (!create) throw new SecretError(`Secret file ${file} is missing: create it with \`motcua-hub init\` (or restore it from the backup of the secrets folder)`);
  privateDir(join(file, '..'));
  const key = randomBytes(32);
  writeFileSync(file, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  return key;
}

/**
 * The key of the CCCD pseudonym for a configuration. An in-memory hub (tests) gets a fresh random
 * key; otherwise the key file in the secrets folder, created on first start unless `create` is false
 * (production: `init` creates it, and a missing key is an error, not a silent new key).
 */
export function citizenIdKey(config: Pick<HubConfig, 'dataDir' | 'secretsDir'>, create: boolean): Buffer {
  if (config.dataDir === ':memory:' && config.secretsDir === undefined) return randomBytes(32);
  return readOrCreateKey(join(secretsDirOf(config), CITIZEN_ID_KEY_FILE), create);
}

/**
 * The key of the staff pseudonyms the city sees (sync/export.ts): per ward, stable across restarts.
 * Created when absent, in production too: a lost key only changes the pseudonyms the city sees
 * from then on (nothing at the ward depends on it). An in-memory hub (tests) gets a fresh key.
 */
export function staffPseudonymKey(config: Pick<HubConfig, 'dataDir' | 'secretsDir'>): Buffer {
  if (config.dataDir === ':memory:' && config.secretsDir === undefined) return randomBytes(32);
  return readOrCreateKey(join(secretsDirOf(config), STAFF_PSEUDONYM_KEY_FILE), true);
}

/**
 * The pseudonym of a CCCD number at rest: HMAC-SHA256 under a key kept outside the database
 * (Decree 13/2023). The number itself is never stored.
 */
export function citizenIdPseudonym(key: Buffer, idNumber: string): string {
  return createHmac('sha256', key).update(idNumber, 'utf8').digest('hex');
}
