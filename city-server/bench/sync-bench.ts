/**
 * Sync benchmark: 168 simulated ward hubs each catch up 7 days of events, concurrently, into a
 * city server on an embedded PostgreSQL (loopback only; bounded; stops by itself).
 *
 *   npx tsx city-server/bench/sync-bench.ts [--json] [--wards 168] [--days 7] [--batch 1000] [--history-days 365] [--no-floor] [--profile] [--deadline 300] [--keep DIR]
 *   (--hubs is the old name of --wards; --concurrency 200: hubs uploading at once)
 *
 * The city server runs in a child process (as in production, apart from the hubs), PostgreSQL
 * with its default durability (fsync on, synchronous_commit on). Each hub sends its backlog in
 * signed batches, one at a time, continuing from the high-water mark the city answers; a refused
 * or failed batch is retried. What the simulated hubs do before the clock starts: generate their
 * events, serialise each batch to its UTF-8 bytes and sign its first request (HMAC-SHA256 over the
 * body and over the head, a fresh nonce and timestamp), as a hub's uploader would just before
 * sending it; a request sent more than half the city's timestamp window after it was signed, and
 * every retry, is signed afresh when it is sent. In the timed window each request still goes over
 * HTTP (node:http, kept-alive connections: `postBatch`) and the city verifies both signatures,
 * reads, stores and projects every event. At the end the stored events and projections are checked against
 * what was generated: lost = figures or events missing, duplicated = figures or events too many.
 * With --json the last line is {"events_per_s", "total_s", "lost", "duplicated", "overview_p95_ms", …}.
 *
 * After the check, a year of daily summaries (`--history-days`, default 365; six fields per ward,
 * with wait histograms) is written straight into city_daily for every ward, and five weeks of
 * arrivals and calls by minute into city_minute_hours — the dashboards' data, as years of ingest would
 * leave it — and the all-wards overview (`LiveQueries.wards()`, the dashboard's one query of all
 * wards) is timed 40 times: `overview_p95_ms` (target ≤ 200 ms with 3,321 wards).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { SYNC_LIMITS, SYNC_PATHS, SyncResponse, type SyncEvent, type SyncEventRow } from '@motcua/shared';
import { startEmbeddedPostgres } from '../src/db/embedded';
import { migrate } from '../src/db/migrations';
import { LiveQueries } from '../src/live';
import { eventInsertParams, INSERT_EVENTS } from '../src/ingest/ingest';
import { MINUTE_OFFSET, MINUTE_SLOTS } from '../src/db/minutes';
import { WAIT_BUCKETS_MIN } from '../src/db/summary';
import { HubRepo } from '../src/hubs';
import { createLogger } from '../src/logger';
import { SyncClient } from '../src/sync-client';
import { addExpected, EMPTY_EXPECTED, rng, TEST_CATALOG, wardDay, type Expected } from '../test/events';
import { cpuSeconds, quantile, startCityChild, type CityChild } from './city-process';

const args = process.argv.slice(2);
const flag = (name: string, def: number): number => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const JSON_OUT = args.includes('--json');
const HUBS = args.includes('--wards') ? flag('wards', 168) : flag('hubs', 168);
const HISTORY_DAYS = flag('history-days', 365);
/** Hubs uploading at once (the default run's 168 all at once, as before). */
const CONCURRENCY = flag('concurrency', 200);
const DAYS = flag('days', 7);
const BATCH = flag('batch', 1000);
const DEADLINE_MS = flag('deadline', 300) * 1000;
const PROFILE = args.includes('--profile');
/** --no-floor: skip the same-run floor (storageFloor). */
const FLOOR = !args.includes('--no-floor');
/**
 * --keep DIR: the database is made in DIR and kept after the run (not deleted), with the
 * overview's clock and ward count in DIR/overview.json, for `bench/overview-bench.ts --data DIR`
 * (time and EXPLAIN the overview again without ingesting again).
 */
const KEEP = args.includes('--keep') ? String(args[args.indexOf('--keep') + 1]) : null;
const say = (msg: string): void => {
  process.stderr.write(`${msg}\n`);
};

interface SimHub {
  client: SyncClient;
  /** Each batch's body as UTF-8 bytes, the bytes a hub's uploader sends. */
  batches: Buffer[];
  /**
   * The headers of each batch's first request, signed when the batch is made, before the clock
   * starts (within SIGNED_AHEAD_MAX_MS); a retry signs afresh.
   */
  signed: Record<string, string>[];
  /** When `signed` was made (Date.now()). */
  signedAt: number;
  afterSeqs: number[];
  events: number;
  expected: Expected;
}

const DAY_MS = 86_400_000;

function generate(hubId: string, index: number, client: SyncClient): SimHub {
  const random = rng(1000 + index);
  const events: SyncEvent[] = [];
  let expected = EMPTY_EXPECTED;
  // The last DAYS days up to yesterday; a ward takes 180–320 tickets a day.
  const now = Date.now();
  for (let d = DAYS; d >= 1; d--) {
    const openAt = now - d * DAY_MS - ((now + 7 * 3_600_000) % DAY_MS) + 1 * 3_600_000; // 08:00 in HCMC
    const day = wardDay({ seq: events.length, openAt, tickets: 180 + Math.floor(random() * 141), random, idPrefix: hubId });
    events.push(...day.events);
    expected = addExpected(expected, day.expected);
  }
  const batches: Buffer[] = [];
  const signed: Record<string, string>[] = [];
  const afterSeqs: number[] = [];
  for (let k = 0; k < events.length; k += BATCH) {
    const slice = events.slice(k, k + BATCH);
    afterSeqs.push(k);
    const body = client.batchBody(k, slice, { hubLastSeq: events.length, ...(k === 0 ? { catalog: TEST_CATALOG } : {}) });
    batches.push(Buffer.from(body, 'utf8'));
    signed.push(client.headers('POST', SYNC_PATHS.batches, body));
  }
  return { client, batches, signed, signedAt: Date.now(), afterSeqs, events: events.length, expected };
}

/**
 * How long a request signed before the clock started is sent as signed: well inside the city's
 * timestamp window (SYNC_LIMITS.timestampWindowMs, 5 minutes), so a slow run (a loaded machine)
 * signs its later requests when it sends them instead of having them refused as stale.
 */
const SIGNED_AHEAD_MAX_MS = SYNC_LIMITS.timestampWindowMs / 2;

/**
 * POSTs a batch as the hubs' uploader does (`SyncClient.post`: the same method, path, body bytes
 * and signed headers), through node:http with kept-alive connections instead of undici's fetch:
 * the same request on the wire for less of the bench's own CPU, which shares the 2 cores with the
 * city. The answer is read against `SyncResponse` as the hub reads it.
 */
function postBatch(agent: Agent, url: URL, body: Buffer, headers: Record<string, string>): Promise<SyncResponse> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { ...headers, 'content-length': String(body.length) }, timeout: 120_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        try {
          resolve(SyncResponse.parse(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
        } catch (e) {
          reject(e instanceof Error ? e : new Error(String(e)));
        }
      });
    });
    req.on('timeout', () => req.destroy(new Error('no answer in 120 s')));
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Writes HISTORY_DAYS days of daily summaries before the ingested days for every ward (six fields,
 * figures and histograms varying by ward and day, from 64 histogram shapes), and the per-minute
 * arrivals and calls of the five weeks before the overview's today (all the forecast reads; the
 * city keeps six, retention.ts), then times the all-wards overview: `LiveQueries.wards()`, the
 * query the dashboard runs, with its clock at the last ingested day.
 */
async function timeOverview(pool: pg.Pool, wards: number): Promise<{ p50: number; p95: number; runs: number; summaryRows: number; minuteRows: number; historyS: number }> {
  const t0 = performance.now();
  const firstIngested = new Date(Date.now() - (DAYS + 1) * DAY_MS);
  // "Today" is the last ingested day: it has tickets and a day of summaries, as a dashboard's today has.
  const now = Date.now() - DAY_MS;
  if (HISTORY_DAYS > 0) {
    say(`writing ${HISTORY_DAYS} days of summaries for ${wards} wards …`);
    // Month by month, so no statement holds a year of rows in one transaction.
    for (let from = HISTORY_DAYS; from > 0; from -= 31) {
      const to = Math.max(1, from - 30);
      await pool.query(
        `WITH shapes AS (SELECT s, ARRAY(SELECT (hashint4(s * 31 + b) & 7) FROM generate_series(1, ${WAIT_BUCKETS_MIN.length}) AS b) AS hist FROM generate_series(0, 63) AS s)
         INSERT INTO city_daily (hub_id, day, field_code, issued, called, served, wait_n, wait_sum_ms, wait_over_n, wait_hist)
         SELECT h.hub_id, to_char($1::date - d, 'YYYY-MM-DD'), f, 40 + (hashint4(k + d) & 31), 40, 38, 40, 40 * 600000, (hashint4(k * 7 + d) & 7), sh.hist
         FROM (SELECT hub_id, row_number() OVER (ORDER BY hub_id)::int AS k FROM city_hubs) h
         CROSS JOIN generate_series($2::int, $3::int, -1) AS d
         CROSS JOIN unnest(ARRAY['CT', 'HT', 'DD', 'KD', 'LD', 'TK']) WITH ORDINALITY AS u(f, fi)
         JOIN shapes sh ON sh.s = (hashint4(k * 13 + d * 7 + fi::int) & 63)
         ON CONFLICT DO NOTHING`,
        [firstIngested.toISOString().slice(0, 10), from, to],
      );
    }
    // Arrivals and calls by minute, 08:00–17:00, from 16 day shapes of about 250 tickets.
    await pool.query(
      `WITH shapes AS (
         SELECT s, array_agg(CASE WHEN m BETWEEN ${MINUTE_OFFSET + 480} AND ${MINUTE_OFFSET + 1020} THEN (hashint4(s * 7919 + m) & 1) ELSE 0 END ORDER BY m) AS a
         FROM generate_series(0, 15) AS s CROSS JOIN generate_series(0, ${MINUTE_SLOTS - 1}) AS m GROUP BY s),
       -- Each pair of shapes cut into cumulative hour rows once, by the conversion the ingest uses (migration 22).
       pairs AS (SELECT sa.s AS sa, sc.s AS sc, x.* FROM shapes sa CROSS JOIN shapes sc CROSS JOIN city_minute_hours_of(sa.a, sc.a) AS x),
       days AS (
         SELECT h.hub_id, to_char($1::date - d, 'YYYY-MM-DD') AS day, hashint4(k + d) & 15 AS sa, hashint4(k * 3 + d) & 15 AS sc
         FROM (SELECT hub_id, row_number() OVER (ORDER BY hub_id)::int AS k FROM city_hubs) h CROSS JOIN generate_series(1, 35) AS d),
       marked AS (INSERT INTO city_minute_days (day, hub_id) SELECT day, hub_id FROM days ON CONFLICT DO NOTHING)
       INSERT INTO city_minute_hours (day, hour, hub_id, arrivals, calls)
       SELECT days.day, p.hour, days.hub_id, p.arrivals, p.calls FROM days JOIN pairs p USING (sa, sc)
       ORDER BY 1, 2, 3 -- as ingest leaves them: a day's rows together (it appends in time order)
       ON CONFLICT DO NOTHING`,
      [new Date(now).toISOString().slice(0, 10)],
    );
    await pool.query('ANALYZE city_daily');
    await pool.query('ANALYZE city_minute_days');
    await pool.query('ANALYZE city_minute_hours');
    await pool.query('ANALYZE city_tickets');
  }
  const historyS = (performance.now() - t0) / 1000;
  const count = async (table: string): Promise<number> => Number((await pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0]?.n ?? 0);
  const summaryRows = await count('city_daily');
  const minuteRows = await count('city_minute_hours');
  if (KEEP) writeFileSync(join(KEEP, 'overview.json'), `${JSON.stringify({ now, wards, historyDays: HISTORY_DAYS })}\n`);
  const live = new LiveQueries(pool, { now: () => now }, 'Asia/Ho_Chi_Minh', 20 * 60_000);
  const times: number[] = [];
  for (let i = 0; i < 41; i++) {
    const t = performance.now();
    const rows = await live.wards();
    if (rows.length !== wards) throw new Error(`overview answered ${rows.length} wards of ${wards}`);
    if (i > 0) times.push(performance.now() - t); // the first run warms the cache
  }
  times.sort((a, b) => a - b);
  return { p50: quantile(times, 0.5), p95: quantile(times, 0.95), runs: times.length, summaryRows, minuteRows, historyS };
}

/**
 * The same-run floor: the same events stored straight into PostgreSQL by the ingest's own INSERT
 * (`INSERT_EVENTS`), one batch per transaction, four at a time, into an unpartitioned table with
 * the same primary key — no HTTP, no signature, no schema check, no projection. Measured right
 * after the ingest on the same machine under the same neighbours, `total_s / floor_s` says how
 * much the whole ingest costs over bare durable storage, whatever the load.
 */
async function storageFloor(pool: pg.Pool, hubs: SimHub[], pgDir: string): Promise<{ s: number; pgCpuS: number }> {
  const batches: unknown[][] = [];
  for (const h of hubs) {
    for (const body of h.batches) {
      const b = JSON.parse(body.toString('utf8')) as { hubId: string; events: SyncEventRow[] };
      batches.push(eventInsertParams(b.hubId, b.events));
    }
  }
  await pool.query('CREATE TABLE bench_floor (LIKE city_events INCLUDING DEFAULTS, PRIMARY KEY (hub_id, seq))');
  const insert = INSERT_EVENTS.replace('INSERT INTO city_events', 'INSERT INTO bench_floor');
  say(`floor: ${batches.length} batches straight into PostgreSQL …`);
  const t0 = performance.now();
  const cpu0 = cpuSeconds(undefined, pgDir).pg;
  let next = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      for (let i = next++; i < batches.length; i = next++) await pool.query(insert, batches[i]);
    }),
  );
  const s = (performance.now() - t0) / 1000;
  const pgCpuS = cpuSeconds(undefined, pgDir).pg - cpu0;
  await pool.query('DROP TABLE bench_floor');
  return { s, pgCpuS };
}

async function main(): Promise<void> {
  const log = createLogger(process.env.LOG_LEVEL ?? 'warn');
  if (KEEP) mkdirSync(KEEP, { recursive: true });
  const dir = KEEP ?? mkdtempSync(join(tmpdir(), 'motcua-sync-bench-'));
  const embedded = await startEmbeddedPostgres({
    dataDir: join(dir, 'pg'),
    log,
    settings: { max_connections: '100', ...(PROFILE ? { shared_preload_libraries: 'pg_stat_statements', track_io_timing: 'on', 'pg_stat_statements.track': 'all' } : {}) },
  });
  const pool = new pg.Pool({ connectionString: embedded.url, max: 4 });
  pool.on('error', () => undefined); // idle clients see the database stop at the end
  let city: CityChild | null = null;
  const hardStop = setTimeout(() => {
    say(`deadline of ${DEADLINE_MS / 1000} s passed: stopping`);
    city?.child.kill('SIGKILL');
    process.exit(2);
  }, DEADLINE_MS + 120_000);
  hardStop.unref();
  try {
    await migrate(pool);
    const started = await startCityChild(embedded.url);
    city = started;
    const repo = new HubRepo(pool);
    say(`generating ${HUBS} hubs × ${DAYS} days …`);
    const hubs: SimHub[] = [];
    for (let i = 0; i < HUBS; i++) {
      const hubId = `ward-${String(i + 1).padStart(3, '0')}`;
      const k = await repo.register({ hubId, name: { vi: `Phường ${i + 1}`, en: `Ward ${i + 1}` } });
      const client = new SyncClient({ url: started.url, hubId, keyId: k.keyId, key: k.key, timeoutMs: 120_000 });
      hubs.push(generate(hubId, i, client));
    }
    const totalEvents = hubs.reduce((a, h) => a + h.events, 0);
    const totalBatches = hubs.reduce((a, h) => a + h.batches.length, 0);
    say(`${totalEvents} events in ${totalBatches} batches of up to ${BATCH}; uploading …`);

    let retries = 0;
    let done = 0;
    const waits = new Map<string, number>();
    let sampler: NodeJS.Timeout | null = null;
    if (PROFILE) {
      await pool.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
      await pool.query('SELECT pg_stat_statements_reset()');
      const sampling = { busy: false };
      sampler = setInterval(() => {
        if (sampling.busy) return;
        sampling.busy = true;
        pool
          .query<{ w: string; n: string }>("SELECT coalesce(wait_event_type || ':' || wait_event, 'CPU') || ' ' || state AS w, count(*) AS n FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid() AND state <> 'idle' GROUP BY 1")
          .then((r) => {
            for (const row of r.rows) waits.set(row.w, (waits.get(row.w) ?? 0) + Number(row.n));
            waits.set('(samples)', (waits.get('(samples)') ?? 0) + 1);
          })
          .catch(() => undefined)
          .finally(() => (sampling.busy = false));
      }, 50);
    }
    const t0 = performance.now();
    const benchCpu0 = process.cpuUsage();
    const cityCpu0 = cpuSeconds(started.child.pid, join(dir, 'pg'));
    const deadline = Date.now() + DEADLINE_MS;
    const progress = setInterval(() => {
      const s = (performance.now() - t0) / 1000;
      say(`  ${s.toFixed(0)} s: ${done} events acknowledged (${Math.round(done / s)} ev/s)`);
    }, 10_000);
    // At most CONCURRENCY hubs upload at once (as thousands of wards spread their syncs over time);
    // each takes the next hub waiting when it has sent its backlog.
    let nextHub = 0;
    const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    const batchUrl = new URL(SYNC_PATHS.batches, started.url);
    const uploadOne = async (h: SimHub): Promise<void> => {
      let retriedBatch = false;
      for (let b = 0; b < h.batches.length; ) {
        if (Date.now() > deadline) throw new Error('deadline passed');
        const body = h.batches[b] as Buffer;
        // The first request of a batch goes as signed before the clock started (the same bytes a
        // hub signing just before sending would send), while that signature is well inside the
        // city's window; a retry, or a send later than that, signs afresh (new timestamp, nonce).
        const first = h.signed[b];
        const headers = first && !retriedBatch && Date.now() - h.signedAt < SIGNED_AHEAD_MAX_MS ? first : h.client.headers('POST', SYNC_PATHS.batches, body.toString('utf8'));
        retriedBatch = false;
        let ok = false;
        try {
          const parsed = await postBatch(agent, batchUrl, body, headers);
          if (parsed.ok) {
            ok = true;
            done += parsed.data.accepted;
          } else if (parsed.error.code === 'out_of_order' && parsed.error.highWater !== undefined) {
            b = h.afterSeqs.findIndex((s) => s >= (parsed.error.highWater as number));
            retries++;
            retriedBatch = true;
            continue;
          }
        } catch {
          // network error: retry below
        }
        if (ok) b++;
        else {
          retries++;
          retriedBatch = true;
          await new Promise((r) => setTimeout(r, 200));
        }
      }
    };
    await Promise.all(
      Array.from({ length: Math.min(CONCURRENCY, hubs.length) }, async () => {
        for (let h = hubs[nextHub++]; h !== undefined; h = hubs[nextHub++]) await uploadOne(h);
      }),
    );
    const totalS = (performance.now() - t0) / 1000;
    agent.destroy();
    clearInterval(progress);
    if (sampler) clearInterval(sampler);
    const cpuNow = cpuSeconds(started.child.pid, join(dir, 'pg'));
    // During the upload only (the city's start and PostgreSQL's migrations before it are not ingest).
    const cpu = { city: cpuNow.city - cityCpu0.city, pg: cpuNow.pg - cityCpu0.pg };
    const benchUsage = process.cpuUsage(benchCpu0);
    // The simulated hubs' side (signing, HTTP client, answers): it must stay well below the city's.
    const benchCpuS = (benchUsage.user + benchUsage.system) / 1e6;
    if (PROFILE) {
      const samples = waits.get('(samples)') ?? 1;
      say('busy backends by wait event (mean number over the upload):');
      for (const [w, n] of [...waits].filter(([k]) => k !== '(samples)').sort((a, b) => b[1] - a[1])) say(`  ${(n / samples).toFixed(2).padStart(6)}  ${w}`);
      const top = await pool.query<{ q: string; calls: string; total: number; mean: number; rows: string }>(
        'SELECT left(regexp_replace(query, \'\\s+\', \' \', \'g\'), 110) AS q, calls, total_exec_time AS total, mean_exec_time AS mean, rows FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 14',
      );
      say('statements by total execution time:');
      for (const r of top.rows) say(`  ${(r.total / 1000).toFixed(1).padStart(7)} s ${String(r.calls).padStart(7)} calls ${r.mean.toFixed(2).padStart(8)} ms  ${r.q}`);
      const wal = await pool.query<{ wal_bytes: string; wal_fpi: string; wal_records: string }>('SELECT wal_bytes, wal_fpi, wal_records FROM pg_stat_wal');
      say(`WAL: ${JSON.stringify(wal.rows[0])}`);
      const ckpt = await pool.query<Record<string, string>>('SELECT num_timed, num_requested, buffers_written FROM pg_stat_checkpointer');
      say(`checkpoints (since PostgreSQL started): ${JSON.stringify(ckpt.rows[0])}`);
      const vac = await pool.query<{ relname: string; autovacuum_count: string; autoanalyze_count: string }>(
        'SELECT relname, autovacuum_count, autoanalyze_count FROM pg_stat_user_tables WHERE autovacuum_count + autoanalyze_count > 0 ORDER BY relname',
      );
      say(`autovacuum / autoanalyze runs: ${vac.rows.map((r) => `${r.relname} ${r.autovacuum_count}/${r.autoanalyze_count}`).join(', ') || 'none'}`);
    }

    // ------------------------------------------------------------ check: nothing lost, nothing twice
    const stored = await pool.query<{ hub_id: string; n: string; distinct_n: string }>('SELECT hub_id, count(*) AS n, count(DISTINCT seq) AS distinct_n FROM city_events GROUP BY hub_id');
    const figures = await pool.query<Record<string, string>>(
      'SELECT hub_id, sum(issued) AS issued, sum(served) AS served, sum(no_show) AS no_show, sum(rating_n) AS ratings, sum(rating_sum) AS rating_sum, sum(wait_n) AS waits, sum(wait_over_n) AS over FROM city_daily GROUP BY hub_id',
    );
    const byHub = new Map(stored.rows.map((r) => [r.hub_id, r]));
    const figByHub = new Map(figures.rows.map((r) => [r.hub_id, r]));
    let lost = 0;
    let duplicated = 0;
    for (const h of hubs) {
      const s = byHub.get(h.client.o.hubId);
      const n = Number(s?.n ?? 0);
      const distinct = Number(s?.distinct_n ?? 0);
      lost += Math.max(0, h.events - distinct);
      duplicated += n - distinct + Math.max(0, distinct - h.events);
      const f = figByHub.get(h.client.o.hubId) ?? {};
      const pairs: [number, number][] = [
        [h.expected.issued, Number(f.issued ?? 0)],
        [h.expected.served, Number(f.served ?? 0)],
        [h.expected.noShow, Number(f.no_show ?? 0)],
        [h.expected.ratings, Number(f.ratings ?? 0)],
        [h.expected.waits, Number(f.waits ?? 0)],
        [h.expected.waitsOver20, Number(f.over ?? 0)],
      ];
      for (const [exp, got] of pairs) {
        lost += Math.max(0, exp - got);
        duplicated += Math.max(0, got - exp);
      }
    }
    const eventsPerS = Math.round(totalEvents / totalS);
    // The ingest's figures first: a deadline reached later (the history, the overview) keeps them.
    say('');
    say(`hubs                ${HUBS} × ${DAYS} days`);
    say(`events              ${totalEvents} (${totalBatches} batches of ≤ ${BATCH}, ${retries} retries)`);
    say(`total               ${totalS.toFixed(1)} s   (targets: 168 × 7 ≤ 30 s, 3,321 × 1 ≤ 60 s, on this 2-core machine)`);
    say(`throughput          ${eventsPerS} events/s`);
    say(`lost / duplicated   ${lost} / ${duplicated}   (target 0 / 0)`);
    say(`CPU used            city ${cpu.city.toFixed(1)} s + PostgreSQL ${cpu.pg.toFixed(1)} s = ${Math.round(totalEvents / (cpu.city + cpu.pg))} events per CPU-second; the hubs' side (this process) ${benchCpuS.toFixed(1)} s`);
    say(`load average        ${loadavg().map((x) => x.toFixed(1)).join(' ')} (1, 5, 15 min) on ${availableParallelism()} CPUs, at the end of the upload`);
    const floorRun = FLOOR ? await storageFloor(pool, hubs, join(dir, 'pg')) : null;
    const floor = floorRun?.s ?? null;
    if (floorRun) say(`same-run floor      ${floorRun.s.toFixed(1)} s (PostgreSQL ${floorRun.pgCpuS.toFixed(1)} CPU-s) to INSERT the same events straight into PostgreSQL: the ingest took ${(totalS / floorRun.s).toFixed(2)}× that`);
    const overview = await timeOverview(pool, HUBS);
    say(`overview            p95 ${overview.p95.toFixed(1)} ms, median ${overview.p50.toFixed(1)} ms over ${overview.runs} runs, ${HUBS} wards, ${overview.summaryRows} summary rows + ${overview.minuteRows} minute rows (${HISTORY_DAYS} days of history written in ${overview.historyS.toFixed(1)} s)   (target ≤ 200 ms)`);
    if (JSON_OUT) {
      process.stdout.write(`${JSON.stringify({ events_per_s: eventsPerS, total_s: Math.round(totalS * 10) / 10, lost, duplicated, hubs: HUBS, days: DAYS, events: totalEvents, batches: totalBatches, batch_size: BATCH, retries, cpu_city_s: Math.round(cpu.city * 10) / 10, cpu_pg_s: Math.round(cpu.pg * 10) / 10, cpu_hubs_s: Math.round(benchCpuS * 10) / 10, load_1m: Math.round(loadavg()[0]! * 10) / 10, overview_p95_ms: Math.round(overview.p95 * 10) / 10, overview_p50_ms: Math.round(overview.p50 * 10) / 10, history_days: HISTORY_DAYS, floor_s: floor === null ? null : Math.round(floor * 10) / 10, cpu_floor_pg_s: floorRun ? Math.round(floorRun.pgCpuS * 10) / 10 : null, ratio_to_floor: floor === null ? null : Math.round((totalS / floor) * 100) / 100, summary_rows: overview.summaryRows, minute_rows: overview.minuteRows })}\n`);
    }
    process.exitCode = lost === 0 && duplicated === 0 ? 0 : 1;
  } finally {
    await city?.stop();
    await pool.end();
    await embedded.stop();
    if (!KEEP) rmSync(dir, { recursive: true, force: true });
    clearTimeout(hardStop);
  }
}

await main();
