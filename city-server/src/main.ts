/**
 * Runs the city server from the environment:
 *   DATABASE_URL        external PostgreSQL (absent: embedded in $CITY_DATA_DIR/city-pg)
 *   CITY_HOST, CITY_PORT (default 127.0.0.1:8090), CITY_DATA_DIR (default ./data)
 *   CITY_ADMIN_TOKEN    bearer token for /api/admin (absent: one is generated into the data folder)
 *   CITY_SECRETS_KEY    seals hub keys at rest, the same for every instance sharing a database
 *                       (absent: one is generated into $CITY_DATA_DIR/city-secrets-key)
 *   CITY_SOCKET_ADAPTER postgres (default) | memory
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateKey } from './hubs';
import { createLogger } from './logger';
import { SecretBox } from './secrets';
import { startCityServer } from './server';

const env = process.env;
const log = createLogger();
const dataDir = env.CITY_DATA_DIR ?? './data';

function adminToken(): string {
  if (env.CITY_ADMIN_TOKEN) return env.CITY_ADMIN_TOKEN;
  const file = join(dataDir, 'city-admin-token');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const token = generateKey();
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  log.info({ file }, 'generated an admin token');
  return token;
}

const city = await startCityServer({
  host: env.CITY_HOST ?? '127.0.0.1',
  port: env.CITY_PORT ? Number(env.CITY_PORT) : 8090,
  dataDir,
  ...(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : {}),
  adminToken: adminToken(),
  secretsKey: env.CITY_SECRETS_KEY ?? SecretBox.keyFile(join(dataDir, 'city-secrets-key')),
  socketAdapter: env.CITY_SOCKET_ADAPTER === 'memory' ? 'memory' : 'postgres',
  logger: log,
});

let stopping = false;
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    if (stopping) return;
    stopping = true;
    log.info({ sig }, 'stopping');
    city.close().then(
      () => process.exit(0),
      (e: unknown) => {
        log.error({ err: e }, 'stop failed');
        process.exit(1);
      },
    );
  });
}
