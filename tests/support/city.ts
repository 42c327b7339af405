/**
 * A real city server for a test file: its own embedded PostgreSQL (city-server's test-pg) and one
 * database, silent, without the weekly schedule. Used by the city's Chromium tests and by the
 * end-to-end booking test that joins the city to a kiosk rig.
 */
import { createLogger, startCityServer, type CityHandle, type CityOptionsInput } from '@motcua/city-server';
import { startTestPostgres, type TestPostgres } from '@motcua/city-server/test-pg';
import { localMidnight } from '@motcua/shared';

/**
 * Today at `hour`:`minute` in Ho Chi Minh City, moving at the real pace from the moment it is made:
 * the clock of a city (and of the wards that sign for it) in a test that must not depend on the hour
 * the suite runs at. On the real clock, near midnight no booking slot is left today and a ward's
 * hours are over (the booking test failed at 23:5x and passed by day).
 */
export function wardDayClock(hour: number, minute = 0): { readonly now: () => number } {
  const real = Date.now();
  const offset = localMidnight(real) + (hour * 60 + minute) * 60_000 - real;
  return { now: () => Date.now() + offset };
}

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
