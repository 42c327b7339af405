/**
 * Sync benchmark: 168 simulated ward hubs each catch up 7 days of events, concurrently, into a
 * city server on an embedded PostgreSQL (loopback only; bounded; stops by itself).
 *
 *   npx tsx city-server/bench/sync-bench.ts [--json] [--hubs 168] [--days 7] [--batch 1000]
 *
 * The city server runs in a child process (as in production, apart from the hubs), PostgreSQL
 * with its default durability (fsync on, synchronous_commit on). Each hub sends its backlog in
 * signed batches, one at a time, continuing from the high-water mark the city answers; a refused
 * or failed batch is retried. At the end the stored events and projections are checked against
 * what was generated: lost = figures or events missing, duplicated = figures or events too many.
 * With --json the last line is {"events_per_s", "total_s", "lost", "duplicated", …}.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { SYNC_PATHS, SyncResponse, type SyncEvent } from '@motcua/shared';
import { startEmbeddedPostgres } from '../src/db/embedded';
import { migrate } from '../src/db/migrations';
import { HubRepo } from '../src/hubs';
import { createLogger } from '../src/logger';
import { SyncClient } from '../src/sync-client';
import { addExpected, EMPTY_EXPECTED, rng, TEST_CATALOG, wardDay, type Expected } from '../test/events';

const args = process.argv.slice(2);
const flag = (name: string, def: number): number => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const JSON_OUT = args.includes('--json');
const HUBS = flag('hubs', 168);
const DAYS = flag('days', 7);
const BATCH = flag('batch', 1000);
const DEADLINE_MS = flag('deadline', 300) * 1000;
const say = (msg: string): void => {
  process.stderr.write(`${msg}\n`);
};

interface SimHub {
  client: SyncClient;
  batches: string[];
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
  const batches: string[] = [];
  const afterSeqs: number[] = [];
  for (let k = 0; k < events.length; k += BATCH) {
    const slice = events.slice(k, k + BATCH);
    afterSeqs.push(k);
    batches.push(client.batchBody(k, slice, { hubLastSeq: events.length, ...(k === 0 ? { catalog: TEST_CATALOG } : {}) }));
  }
  return { client, batches, afterSeqs, events: events.length, expected };
}

async function startCityChild(databaseUrl: string): Promise<{ url: string; child: ChildProcess }> {
  const extra = process.env.CITY_NODE_ARGS ? process.env.CITY_NODE_ARGS.split(' ') : [];
  const child = spawn(process.execPath, [...extra, '--import', 'tsx', join(import.meta.dirname, 'city-process.ts')], {
    env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('city server did not start in 60 s')), 60_000);
    lines.on('line', (line) => {
      const m = /^CITY_URL (\S+)$/.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve(m[1] as string);
      }
    });
    child.once('exit', (code) => reject(new Error(`city server exited (${code})`)));
  });
  return { url, child };
}

/** CPU seconds (user + system) of the city process and of the PostgreSQL server's processes. */
function cpuSeconds(cityPid: number | undefined, pgDataDir: string): { city: number; pg: number } {
  const ticks = 100; // USER_HZ on Linux
  const of = (pid: number): number => {
    try {
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = f.slice(f.lastIndexOf(')') + 2).split(' ');
      return (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) / ticks;
    } catch {
      return 0;
    }
  };
  let pgTotal = 0;
  try {
    const postmaster = Number(readFileSync(join(pgDataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    pgTotal += of(postmaster);
    for (const d of readdirSync('/proc')) {
      if (!/^\d+$/.test(d)) continue;
      try {
        const st = readFileSync(`/proc/${d}/stat`, 'utf8');
        const ppid = Number(st.slice(st.lastIndexOf(')') + 2).split(' ')[1]);
        if (ppid === postmaster) pgTotal += of(Number(d));
      } catch {
        // gone
      }
    }
  } catch {
    // not Linux, or no pid file
  }
  return { city: cityPid ? of(cityPid) : 0, pg: pgTotal };
}

async function main(): Promise<void> {
  const log = createLogger(process.env.LOG_LEVEL ?? 'warn');
  const dir = mkdtempSync(join(tmpdir(), 'motcua-sync-bench-'));
  const embedded = await startEmbeddedPostgres({ dataDir: join(dir, 'pg'), log, settings: { max_connections: '100' } });
  const pool = new pg.Pool({ connectionString: embedded.url, max: 4 });
  pool.on('error', () => undefined); // idle clients see the database stop at the end
  let city: ChildProcess | null = null;
  const hardStop = setTimeout(() => {
    say(`deadline of ${DEADLINE_MS / 1000} s passed: stopping`);
    city?.kill('SIGKILL');
    process.exit(2);
  }, DEADLINE_MS + 120_000);
  hardStop.unref();
  try {
    await migrate(pool);
    const started = await startCityChild(embedded.url);
    city = started.child;
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
    const t0 = performance.now();
    const deadline = Date.now() + DEADLINE_MS;
    const progress = setInterval(() => {
      const s = (performance.now() - t0) / 1000;
      say(`  ${s.toFixed(0)} s: ${done} events acknowledged (${Math.round(done / s)} ev/s)`);
    }, 10_000);
    await Promise.all(
      hubs.map(async (h) => {
        for (let b = 0; b < h.batches.length; ) {
          if (Date.now() > deadline) throw new Error('deadline passed');
          const body = h.batches[b] as string;
          let ok = false;
          try {
            const r = await h.client.post(body, h.client.headers('POST', SYNC_PATHS.batches, body));
            const parsed = SyncResponse.parse(r.body);
            if (parsed.ok) {
              ok = true;
              done += parsed.data.accepted;
            } else if (parsed.error.code === 'out_of_order' && parsed.error.highWater !== undefined) {
              b = h.afterSeqs.findIndex((s) => s >= (parsed.error.highWater as number));
              retries++;
              continue;
            }
          } catch {
            // network error: retry below
          }
          if (ok) b++;
          else {
            retries++;
            await new Promise((r) => setTimeout(r, 200));
          }
        }
      }),
    );
    const totalS = (performance.now() - t0) / 1000;
    clearInterval(progress);
    const cpu = cpuSeconds(started.child.pid, join(dir, 'pg'));

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
    say('');
    say(`hubs                ${HUBS} × ${DAYS} days`);
    say(`events              ${totalEvents} (${totalBatches} batches of ≤ ${BATCH}, ${retries} retries)`);
    say(`total               ${totalS.toFixed(1)} s   (target ≤ 180 s)`);
    say(`throughput          ${eventsPerS} events/s   (target ≥ 20,000)`);
    say(`lost / duplicated   ${lost} / ${duplicated}   (target 0 / 0)`);
    // On a shared machine wall time depends on the neighbours; CPU seconds per event do not.
    say(`CPU used            city ${cpu.city.toFixed(1)} s + PostgreSQL ${cpu.pg.toFixed(1)} s = ${Math.round(totalEvents / (cpu.city + cpu.pg))} events per CPU-second`);
    if (JSON_OUT) {
      process.stdout.write(`${JSON.stringify({ events_per_s: eventsPerS, total_s: Math.round(totalS * 10) / 10, lost, duplicated, hubs: HUBS, days: DAYS, events: totalEvents, batches: totalBatches, batch_size: BATCH, retries, cpu_city_s: Math.round(cpu.city * 10) / 10, cpu_pg_s: Math.round(cpu.pg * 10) / 10 })}\n`);
    }
    process.exitCode = lost === 0 && duplicated === 0 ? 0 : 1;
  } finally {
    city?.kill('SIGTERM');
    if (city) await new Promise((r) => city?.once('exit', r));
    await pool.end();
    await embedded.stop();
    rmSync(dir, { recursive: true, force: true });
    clearTimeout(hardStop);
  }
}

await main();
