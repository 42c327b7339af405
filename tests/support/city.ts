/**
 * A real city server for a test file: its own embedded PostgreSQL (city-server's test-pg) and one
 * database, silent, without the weekly schedule. Used by the city's Chromium tests and by the
 * end-to-end booking test that joins the city to a kiosk rig.
 */
import { createLogger, startCityServer, type CityHandle, type CityOptionsInput } from '@motcua/city-server';
import { startTestPostgres, type TestPostgres } from '@motcua/city-server/test-pg';

export interface TestCity {
  readonly city: CityHandle;
  readonly pgs: TestPostgres;
  /** The city database's URL (for direct queries). */
  readonly databaseUrl: string;
  close(): Promise<void>;
}

export async function startTestCity(database: string, options: CityOptionsInput = {}): Promise<TestCity> {
  const pgs = await startTestPostgres();
  try {
    const databaseUrl = await pgs.database(database);
    const city = await startCityServer({ port: 0, databaseUrl, logger: createLogger('silent'), scheduleReports: false, ...options });
    return {
      city,
      pgs,
      databaseUrl,
      async close() {
        await city.close();
        await pgs.stop();
      },
    };
  } catch (e) {
    await pgs.stop();
    throw e;
  }
}
