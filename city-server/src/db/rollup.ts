/**
 * Beyond one PostgreSQL (docs/CITY-SCALE.md): one city database per province, and a national
 * database that holds every province's summaries by logical replication. The province publishes
 * its summary tables; the national database, migrated with the same schema, subscribes to each
 * province. Ward ids (hub ids) are unique in the country, so the provinces' rows never collide.
 * Raw events and tickets stay in the province.
 *
 * The publisher needs `wal_level = logical` (and a replication slot per subscriber).
 */
import type { Pool } from 'pg';

/** The tables the national rollup receives: the per ward/day/field summaries, the wards, the field names. */
export const SUMMARY_TABLES = ['city_daily', 'city_hubs', 'city_fields'] as const;
export const SUMMARY_PUBLICATION = 'motcua_city_summaries';

/** On a province's database: publish the summary tables (idempotent). */
export async function publishSummaries(pool: Pool): Promise<void> {
  const have = await pool.query('SELECT 1 FROM pg_publication WHERE pubname = $1', [SUMMARY_PUBLICATION]);
  if (have.rowCount) return;
  await pool.query(`CREATE PUBLICATION ${SUMMARY_PUBLICATION} FOR TABLE ${SUMMARY_TABLES.join(', ')}`);
}

/**
 * On the national database (migrated like a city's): subscribe to a province. `province` names the
 * subscription (letters, digits, underscore); `conninfo` is a libpq connection string to the
 * province's database. The province's existing rows are copied first, then changes stream.
 */
export async function subscribeProvince(pool: Pool, province: string, conninfo: string): Promise<void> {
  if (!/^[a-z0-9_]{1,40}$/.test(province)) throw new Error(`province name "${province}": use a-z, 0-9 and _ (at most 40)`);
  const name = `motcua_province_${province}`;
  const have = await pool.query('SELECT 1 FROM pg_subscription WHERE subname = $1', [name]);
  if (have.rowCount) return;
  // CREATE SUBSCRIPTION takes no parameters: the connection string goes in as a quoted literal.
  const literal = `'${conninfo.replace(/'/g, "''")}'`;
  await pool.query(`CREATE SUBSCRIPTION ${name} CONNECTION ${literal} PUBLICATION ${SUMMARY_PUBLICATION}`);
}
