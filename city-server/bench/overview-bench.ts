/**
 * The all-wards overview alone, on a database `bench:sync --keep DIR` left behind (its wards, its
 * ingested day and its year of summaries), without ingesting again: times `LiveQueries.wards()`
 * (the dashboard's one query of all wards) as bench:sync does — one warm-up, then `--runs` timed
 * runs — `--rounds` times, and with `--explain` prints EXPLAIN (ANALYZE, BUFFERS) of its SQL first.
 * Kept data of an older schema is migrated first.
 *
 *   npm run -s bench:sync -- --wards 3321 --days 1 --no-floor --keep /tmp/overview-data   (once)
 *   npx tsx city-server/bench/overview-bench.ts --data /tmp/overview-data [--explain] [--runs 40] [--rounds 3] [--json]
 *
 * The clock is the one bench:sync timed the overview with (DIR/overview.json), so the same rows
 * are "today", "the week" and "the same weekdays". With --json the last line is
 * {"wards", "rounds": [{"p50_ms", "p95_ms"}…], "p95_median_ms", "p95_min_ms", "p95_max_ms", "load_1m"}.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../src/db/embedded';
import { migrate } from '../src/db/migrations';
import { LiveQueries } from '../src/live';
import { createLogger } from '../src/logger';
import { quantile } from './city-process';

const args = process.argv.slice(2);
const option = (name: string): string | null => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? (args[i + 1] ?? null) : null;
};
const DATA = option('data');
if (!DATA) {
  process.stderr.write('usage: overview-bench.ts --data DIR (a folder bench:sync --keep DIR left) [--explain] [--runs 40] [--rounds 3] [--json]\n');
  process.exit(2);
}
const RUNS = Number(option('runs') ?? 40);
const ROUNDS = Number(option('rounds') ?? 3);
const say = (msg: string): void => {
  process.stderr.write(`${msg}\n`);
};

const meta = JSON.parse(readFileSync(join(DATA, 'overview.json'), 'utf8')) as { now: number; wards: number; historyDays: number };
const embedded = await startEmbeddedPostgres({ dataDir: join(DATA, 'pg'), log: createLogger('warn') });
const pool = new pg.Pool({ connectionString: embedded.url, max: 2 });
pool.on('error', () => undefined);
try {
  // Data kept by an older bench:sync is brought to this code's schema first (e.g. migration 22's
  // minute days cut into hours); the time it took is printed.
  const m0 = performance.now();
  const applied = await migrate(pool);
  if (applied) say(`migrated the kept data: ${applied} migration(s) in ${((performance.now() - m0) / 1000).toFixed(1)} s`);
  const live = new LiveQueries(pool, { now: () => meta.now }, 'Asia/Ho_Chi_Minh', 20 * 60_000);
  if (args.includes('--explain')) {
    await live.wards(); // warm the cache as the timed runs are
    const q = live.wardsQuery();
    const plan = await pool.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${q.text}`, q.values);
    say(plan.rows.map((r) => r['QUERY PLAN']).join('\n'));
  }
  const rounds: { p50: number; p95: number }[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const times: number[] = [];
    for (let i = 0; i <= RUNS; i++) {
      const t = performance.now();
      const rows = await live.wards();
      if (rows.length !== meta.wards) throw new Error(`overview answered ${rows.length} wards of ${meta.wards}`);
      if (i > 0) times.push(performance.now() - t); // the first run warms the cache
    }
    times.sort((a, b) => a - b);
    rounds.push({ p50: quantile(times, 0.5), p95: quantile(times, 0.95) });
    say(`round ${round + 1}: overview p95 ${quantile(times, 0.95).toFixed(1)} ms, median ${quantile(times, 0.5).toFixed(1)} ms over ${RUNS} runs, ${meta.wards} wards; load ${loadavg().map((x) => x.toFixed(1)).join(' ')} on ${availableParallelism()} CPUs`);
  }
  const p95s = rounds.map((r) => r.p95).sort((a, b) => a - b);
  const r1 = (x: number): number => Math.round(x * 10) / 10;
  say(`p95 over ${ROUNDS} rounds: median ${quantile(p95s, 0.5).toFixed(1)} ms, ${p95s[0]?.toFixed(1)}–${p95s.at(-1)?.toFixed(1)} ms`);
  if (args.includes('--json')) {
    process.stdout.write(
      `${JSON.stringify({ wards: meta.wards, rounds: rounds.map((r) => ({ p50_ms: r1(r.p50), p95_ms: r1(r.p95) })), p95_median_ms: r1(quantile(p95s, 0.5)), p95_min_ms: r1(p95s[0] ?? NaN), p95_max_ms: r1(p95s.at(-1) ?? NaN), load_1m: r1(loadavg()[0] ?? NaN) })}\n`,
    );
  }
} finally {
  await pool.end();
  await embedded.stop();
}
