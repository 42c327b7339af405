/** The benchmark's city server, in its own process: DATABASE_URL from the environment. */
import { startCityServer } from '../src/server';
import { createLogger } from '../src/logger';

const city = await startCityServer({
  port: 0,
  databaseUrl: process.env.DATABASE_URL as string,
  scheduleReports: false,
  logger: createLogger(process.env.LOG_LEVEL ?? 'warn'),
});
process.stdout.write(`CITY_URL ${city.url}\n`);
process.on('SIGTERM', () => {
  void city.close().then(() => process.exit(0));
});
