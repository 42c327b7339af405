/** The benchmarks' city server, in its own process (started by city-process.ts): DATABASE_URL from the environment. */
import { startCityServer } from '../src/server';
import { createLogger } from '../src/logger';

const city = await startCityServer({
  port: 0,
  databaseUrl: process.env.DATABASE_URL as string,
  scheduleReports: false,
  logger: createLogger(process.env.LOG_LEVEL ?? 'warn'),
  // The booking benchmark's clients all come from 127.0.0.1: lift the per-address limits there.
  ...(process.env.BENCH_UNLIMITED_ADDRESS === '1' ? { booking: { writesPerAddress: 1_000_000, readsPerAddress: 1_000_000, bookingsPerPhonePerDay: 1000 } } : {}),
});
process.stdout.write(`CITY_URL ${city.url}\n`);
process.on('SIGTERM', () => {
  void city.close().then(() => process.exit(0));
});
