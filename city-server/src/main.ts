/**
 * Runs the city server from the environment:
 *   DATABASE_URL        external PostgreSQL (absent: embedded in $CITY_DATA_DIR/city-pg)
 *   CITY_HOST, CITY_PORT (default 127.0.0.1:8090), CITY_DATA_DIR (default ./data)
 *   CITY_ADMIN_TOKEN    bearer token for /api/admin (absent: one is generated into the data folder)
 *   CITY_SECRETS_KEY    seals hub keys at rest, the same for every instance sharing a database
 *                       (absent: one is generated into $CITY_DATA_DIR/city-secrets-key)
 *   CITY_SOCKET_ADAPTER postgres (default) | memory
 *   CITY_EVENT_RETENTION_DAYS  raw events kept this many days (default 400; figures and reports stay)
 *   CITY_PUBLIC_URL     the address citizens reach the city at (https://…): kiosks show a QR of the
 *                       booking page of each nearby ward; absent, they show no booking link
 *
 * This entry is production: it refuses to start without a city user; create the first admin with
 * `motcua-city init` (city-server/src/cli.ts) first.
 */
import { join } from 'node:path';
import { createLogger } from './logger';
import { keyFile } from './secrets';
import { CityStartError, publicUrlOption, startCityServer } from './server';

const env = process.env;
const log = createLogger();
const dataDir = env.CITY_DATA_DIR ?? './data';

/** A key from the environment, or kept in a file of the data folder (generated the first time). */
function secret(envValue: string | undefined, name: string, what: string): string {
  if (envValue) return envValue;
  const file = join(dataDir, name);
  const { key, created } = keyFile(file);
  if (created) log.info({ file }, `generated ${what}`);
  return key;
}

/** Refuses to start, with the reason in both languages (a configuration the operator must fix). */
function refuse(e: unknown): never {
  if (!(e instanceof CityStartError)) throw e;
  log.error(e.message);
  process.exit(1);
}

let publicUrl: string | null;
try {
  publicUrl = publicUrlOption(env.CITY_PUBLIC_URL);
} catch (e) {
  refuse(e);
}

const city = await startCityServer({
  host: env.CITY_HOST ?? '127.0.0.1',
  port: env.CITY_PORT ? Number(env.CITY_PORT) : 8090,
  dataDir,
  ...(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : {}),
  adminToken: secret(env.CITY_ADMIN_TOKEN, 'city-admin-token', 'an admin token'),
  secretsKey: secret(env.CITY_SECRETS_KEY, 'city-secrets-key', 'a secrets key'),
  socketAdapter: env.CITY_SOCKET_ADAPTER === 'memory' ? 'memory' : 'postgres',
  ...(env.CITY_EVENT_RETENTION_DAYS ? { eventRetentionDays: Number(env.CITY_EVENT_RETENTION_DAYS) } : {}),
  publicUrl,
  // The configured city is production: it refuses to start without a user (motcua-city init)
  // and never seeds demo accounts.
  production: true,
  logger: log,
}).catch(refuse);

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
