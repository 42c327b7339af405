/**
 * Booking benchmark (issue 18 closing figures): latency and throughput of POST /api/public/bookings
 * under 50 concurrent clients, against a city server in its own process on an embedded PostgreSQL
 * with its default durability (fsync on, synchronous_commit on). Loopback only; stops by itself.
 *
 *   npx tsx city-server/bench/booking-bench.ts [--json] [--clients 50] [--requests 3000] [--wards 10]
 *
 * Each ward offers 3 services with 40 counters each and a 100% booking share (no walk-in history),
 * so a slot has 120 places and the run is not limited by full slots; each client books a random
 * ward, service, day (of 14) and slot, with a random phone number (so the per-phone limit of open
 * bookings is checked on every request). The per-address limit is lifted for the run (all
 * clients are 127.0.0.1: BENCH_UNLIMITED_ADDRESS). At the end the stored bookings and the hubs'
 * outbox messages are counted against the 201 answers. With --json the last line is
 * {"p50_ms", "p95_ms", "p99_ms", "max_ms", "req_per_s", "created", "refused", "errors", "stored", "outbox"}.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { addDays, businessDay, type DayHours, type SyncCatalog } from '@motcua/shared';
import { dayStart } from '../src/booking/slots';
import { startEmbeddedPostgres } from '../src/db/embedded';
import { migrate } from '../src/db/migrations';
import { HubRepo } from '../src/hubs';
import { createLogger } from '../src/logger';
import { SyncClient } from '../src/sync-client';
import { counterEvent, numbered, rng, TEST_CATALOG } from '../test/events';
import { quantile, startCityChild, type CityChild } from './city-process';

const args = process.argv.slice(2);
const flag = (name: string, def: number): number => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const JSON_OUT = args.includes('--json');
const CLIENTS = flag('clients', 50);
const REQUESTS = flag('requests', 3000);
const WARDS = flag('wards', 10);
const say = (msg: string): void => {
  process.stderr.write(`${msg}\n`);
};

const open: DayHours = { open: '07:30', close: '17:00', lunch: { start: '11:30', end: '13:30' } };
const CATALOG: SyncCatalog = {
  ...TEST_CATALOG,
  booking: {
    openingHours: [open, open, open, open, open, open, open],
    share: 1,
    horizonDays: 14,
    slotMinutes: 30,
    services: Object.fromEntries(TEST_CATALOG.services.map((s) => [s.id, { counters: 40, expectedServiceMin: 10 }])),
  },
};
const SLOT_TIMES = ['07:30', '08:00', '08:30', '09:00', '09:30', '10:00', '10:30', '11:00', '13:30', '14:00', '14:30', '15:00', '15:30', '16:00', '16:30'];


async function main(): Promise<void> {
  const log = createLogger(process.env.LOG_LEVEL ?? 'warn');
  const dir = mkdtempSync(join(tmpdir(), 'motcua-booking-bench-'));
  const embedded = await startEmbeddedPostgres({ dataDir: join(dir, 'pg'), log, settings: { max_connections: '100' } });
  const pool = new pg.Pool({ connectionString: embedded.url, max: 4 });
  pool.on('error', () => undefined);
  let city: CityChild | null = null;
  const hardStop = setTimeout(() => {
    say('10 minutes passed: stopping');
    city?.child.kill('SIGKILL');
    process.exit(2);
  }, 600_000);
  hardStop.unref();
  try {
    await migrate(pool);
    const started = await startCityChild(embedded.url, { BENCH_UNLIMITED_ADDRESS: '1' });
    city = started;
    const repo = new HubRepo(pool);
    const wards: string[] = [];
    for (let i = 0; i < WARDS; i++) {
      const hubId = `ward-${String(i + 1).padStart(3, '0')}`;
      const k = await repo.register({ hubId, name: { vi: `Phường ${i + 1}`, en: `Ward ${i + 1}` } });
      const client = new SyncClient({ url: started.url, hubId, keyId: k.keyId, key: k.key });
      const r = await client.send(0, numbered(0, businessDay(Date.now()), [{ at: Date.now(), event: counterEvent('counter.opened', 'c1') }]), { catalog: CATALOG });
      if (r.status !== 200) throw new Error(`catalogue refused: ${r.status}`);
      wards.push(hubId);
    }
    const today = businessDay(Date.now());
    const random = rng(42);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
    const body = (i: number): string => {
      const day = addDays(today, 1 + Math.floor(random() * 13));
      const t = pick(SLOT_TIMES);
      const slotStart = dayStart(day) + (Number(t.slice(0, 2)) * 60 + Number(t.slice(3))) * 60_000;
      return JSON.stringify({ hubId: pick(wards), serviceId: pick(TEST_CATALOG.services).id, slotStart, name: `Nguyễn Văn Thử ${String.fromCharCode(65 + (i % 26))}`, phone: `09${String(10_000_000 + i).padStart(8, '0')}` });
    };
    const post = async (b: string): Promise<number> => {
      const r = await fetch(`${started.url}/api/public/bookings`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: b });
      await r.arrayBuffer();
      return r.status;
    };
    say(`warming up (100 requests) …`);
    for (let i = 0; i < 100; i++) await post(body(1_000_000 + i));
    const count = async (sql: string): Promise<number> => Number((await pool.query<{ n: string }>(sql)).rows[0]?.n);
    const STORED = 'SELECT count(*) AS n FROM city_bookings';
    const OUTBOX = "SELECT count(*) AS n FROM city_outbox WHERE kind = 'booking.created'";
    const [stored0, outbox0] = [await count(STORED), await count(OUTBOX)];
    say(`${REQUESTS} bookings from ${CLIENTS} concurrent clients over ${WARDS} wards × 3 services …`);
    const latencies: number[] = [];
    const statuses = new Map<number, number>();
    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (next < REQUESTS) {
          const b = body(next++);
          const s = performance.now();
          let status = 0;
          try {
            status = await post(b);
          } catch {
            status = -1;
          }
          latencies.push(performance.now() - s);
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
        }
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    latencies.sort((a, b) => a - b);
    const stored = (await count(STORED)) - stored0;
    const outbox = (await count(OUTBOX)) - outbox0;
    const created = statuses.get(201) ?? 0;
    const refused = [...statuses].filter(([s]) => s >= 400 && s < 500).reduce((a, [, n]) => a + n, 0);
    const errors = [...statuses].filter(([s]) => s < 0 || s >= 500).reduce((a, [, n]) => a + n, 0);
    const out = {
      p50_ms: Math.round(quantile(latencies, 0.5) * 10) / 10,
      p95_ms: Math.round(quantile(latencies, 0.95) * 10) / 10,
      p99_ms: Math.round(quantile(latencies, 0.99) * 10) / 10,
      max_ms: Math.round((latencies.at(-1) ?? NaN) * 10) / 10,
      req_per_s: Math.round(REQUESTS / seconds),
      created,
      refused,
      errors,
      stored,
      outbox,
    };
    say(`p50 ${out.p50_ms} ms, p95 ${out.p95_ms} ms, p99 ${out.p99_ms} ms, max ${out.max_ms} ms; ${out.req_per_s} bookings/s; 201: ${created}, 4xx: ${refused}, errors: ${errors}; stored ${out.stored}, outbox ${out.outbox}`);
    // Every 201 must be one stored booking and one message for the hub.
    if (out.stored !== created || out.outbox !== created) {
      say('MISMATCH between 201 answers and stored bookings/messages');
      process.exitCode = 1;
    }
    if (JSON_OUT) process.stdout.write(`${JSON.stringify(out)}\n`);
  } finally {
    await city?.stop();
    await pool.end().catch(() => undefined);
    await embedded.stop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
