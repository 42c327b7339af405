/**
 * The national rollup (db/rollup.ts, docs/CITY-SCALE.md) on two embedded PostgreSQL instances: a
 * "province" city database publishes its summary tables, a "national" database migrated with the
 * same schema subscribes; a summary row written at the province (by ingest's upsert, histogram
 * included) appears at the national level, and its update follows.
 *
 * Which bugs it catches: a publication that leaves out city_daily (tried: publishing only
 * city_hubs: the row never arrives, "expected [] to have length 1"), and an upsert the national
 * side does not receive as an update (REPLICA IDENTITY missing: the update would be refused at the
 * province).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { startEmbeddedPostgres, type EmbeddedPg } from '../src/db/embedded';
import { migrate } from '../src/db/migrations';
import { publishSummaries, subscribeProvince } from '../src/db/rollup';
import { createLogger } from '../src/logger';
import { sqlAddHistograms, WAIT_BUCKETS_MIN } from '../src/db/summary';

const log = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
const dir = mkdtempSync(join(tmpdir(), 'motcua-citytier-rollup-'));
let province: EmbeddedPg;
let national: EmbeddedPg;
let p: pg.Pool;
let n: pg.Pool;

beforeAll(async () => {
  const settings = { wal_level: 'logical', max_wal_senders: '4', max_replication_slots: '4', fsync: 'off' };
  province = await startEmbeddedPostgres({ dataDir: join(dir, 'province'), log, settings });
  national = await startEmbeddedPostgres({ dataDir: join(dir, 'national'), log, settings: { fsync: 'off' } });
  p = new pg.Pool({ connectionString: province.url, max: 2 });
  // An idle client's connection ended by the database stopping at teardown (57P01) is an 'error' on
  // the pool; unheard, it is an uncaught exception that fails the run. Queries in flight still reject.
  p.on('error', () => undefined);
  n = new pg.Pool({ connectionString: national.url, max: 2 });
  // An idle client's connection ended by the database stopping at teardown (57P01) is an 'error' on
  // the pool; unheard, it is an uncaught exception that fails the run. Queries in flight still reject.
  n.on('error', () => undefined);
  p.on('error', () => undefined);
  n.on('error', () => undefined);
  await migrate(p);
  await migrate(n);
});
afterAll(async () => {
  await n?.query('DROP SUBSCRIPTION IF EXISTS motcua_province_p1').catch(() => undefined);
  await n?.end();
  await p?.end();
  await national?.stop();
  await province?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function waitFor<T>(read: () => Promise<T>, ok: (v: T) => boolean, ms = 30_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v) || Date.now() > until) return v;
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('national rollup by logical replication', () => {
  it('a summary row written in the province appears in the national database, and so does its update', async () => {
    await p.query("INSERT INTO city_hubs (hub_id, name_vi, name_en) VALUES ('hn-ba-dinh', 'Phường Ba Đình', 'Ba Dinh Ward')");
    const hist = WAIT_BUCKETS_MIN.map((_, i) => (i === 3 ? 2 : 0));
    await p.query("INSERT INTO city_daily (hub_id, day, field_code, issued, wait_n, wait_over_n, wait_hist) VALUES ('hn-ba-dinh', '2026-12-04', 'HT', 2, 2, 0, $1)", [hist]);
    await publishSummaries(p);
    await publishSummaries(p); // idempotent
    const u = new URL(province.url);
    const conninfo = `host=${province.dataDir} port=${province.port} user=${decodeURIComponent(u.username)} password=${decodeURIComponent(u.password)} dbname=${u.pathname.slice(1)}`;
    await subscribeProvince(n, 'p1', conninfo);
    await expect(subscribeProvince(n, 'P 1; DROP TABLE x', conninfo)).rejects.toThrow(/province name/);

    const read = async (): Promise<{ issued: number; wait_hist: number[] }[]> =>
      (await n.query<{ issued: number; wait_hist: number[] }>("SELECT issued, wait_hist FROM city_daily WHERE hub_id = 'hn-ba-dinh' AND day = '2026-12-04'")).rows;
    const rows = await waitFor(read, (r) => r.length === 1);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toEqual({ issued: 2, wait_hist: hist });
    expect((await n.query("SELECT name_vi FROM city_hubs WHERE hub_id = 'hn-ba-dinh'")).rows).toEqual([{ name_vi: 'Phường Ba Đình' }]);

    // Ingest's upsert adds to the row at the province: the national row follows.
    await p.query(
      `INSERT INTO city_daily AS d (hub_id, day, field_code, issued, wait_hist) VALUES ('hn-ba-dinh', '2026-12-04', 'HT', 1, $1)
       ON CONFLICT (hub_id, day, field_code) DO UPDATE SET issued = d.issued + EXCLUDED.issued, wait_hist = ${sqlAddHistograms('d.wait_hist', 'EXCLUDED.wait_hist')}`,
      [hist],
    );
    const after = await waitFor(read, (r) => r[0]?.issued === 3);
    expect(after[0]).toEqual({ issued: 3, wait_hist: hist.map((x) => x * 2) });
  });
});
