/**
 * The embedded PostgreSQL's password (db/embedded.ts): random per cluster, kept 0600 beside the
 * data folder, and a cluster made with the fixed password of earlier versions gets a random one at
 * its next start.
 *
 * Which bugs it catches: the fixed password back (the login with LEGACY_PASSWORD over TCP then
 * succeeds), the file written with the default mode (0644), and an old cluster left on the fixed
 * password (tried: skipping the ALTER ROLE branch fails with ENOENT: no password file is written).
 */
import { mkdtempSync, readFileSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { LEGACY_PASSWORD, passwordFileOf, startEmbeddedPostgres, type EmbeddedPg } from '../src/db/embedded';
import { createLogger } from '../src/logger';

const log = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
const dir = mkdtempSync(join(tmpdir(), 'motcua-city-embedded-'));
let running: EmbeddedPg | null = null;
afterAll(async () => {
  await running?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Signs in as postgres over TCP on 127.0.0.1 (what any local user could try). */
async function tcpLogin(port: number, password: string): Promise<boolean> {
  const c = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', password, database: 'postgres' });
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    return false;
  }
}

describe('embedded PostgreSQL password', () => {
  it('is random, kept 0600 beside the data folder, and an old cluster on the fixed password is moved to a random one', async () => {
    const dataDir = join(dir, 'city-pg');
    running = await startEmbeddedPostgres({ dataDir, log });
    const file = passwordFileOf(dataDir);
    const password = readFileSync(file, 'utf8').trim();
    expect(password).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(running.url).toContain(encodeURIComponent(password));
    expect(await tcpLogin(running.port, LEGACY_PASSWORD)).toBe(false);
    expect(await tcpLogin(running.port, password)).toBe(true);

    // Make it look like a cluster of an earlier version: the fixed password and no file.
    const c = new pg.Client({ connectionString: running.url });
    await c.connect();
    await c.query(`ALTER ROLE postgres PASSWORD '${LEGACY_PASSWORD}'`);
    await c.end();
    unlinkSync(file);
    await running.stop();
    running = await startEmbeddedPostgres({ dataDir, log });
    const rotated = readFileSync(file, 'utf8').trim();
    expect(rotated).not.toBe(LEGACY_PASSWORD);
    expect(rotated).not.toBe(password);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(await tcpLogin(running.port, LEGACY_PASSWORD)).toBe(false);
    expect(await tcpLogin(running.port, rotated)).toBe(true);

    // A third start reads the file and keeps the password.
    await running.stop();
    running = await startEmbeddedPostgres({ dataDir, log });
    expect(readFileSync(file, 'utf8').trim()).toBe(rotated);
    expect(await tcpLogin(running.port, rotated)).toBe(true);
  }, 120_000);
});
