/**
 * Partition drill: a real hub (SQLite, socket.io, its sync uploader) runs a simulated week of
 * traffic while its link to a real city server (its own process, PostgreSQL) is cut for days,
 * and the city process is killed in the middle of the catch-up. Afterwards the city's events and
 * figures must equal the hub's exactly: nothing lost, nothing counted twice.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { startFixture, type Fixture } from '@motcua/hub-server/test-fixture';
import { expectOk, send, type HubClient } from '@motcua/hub-server/test-client';
import { freePort } from '@motcua/city-server';
import { startTestPostgres, type TestPostgres } from '@motcua/city-server/test-pg';
import { rng } from '@motcua/city-server/test-events';
import { startLinkProxy, type LinkProxy } from './proxy';

const ROOT = join(import.meta.dirname, '..', '..');
const ADMIN = 'drill-admin-token-0123456789abcdef';
const MIN = 60_000;
const DAY = 86_400_000;

let pgs: TestPostgres;
let dbUrl: string;
let cityPort: number;
let city: ChildProcess | null = null;
let proxy: LinkProxy;
let f: Fixture;
let db: pg.Pool;

/** Starts the city server as its own process (as in production) and waits until it listens. */
async function startCity(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'city-server', 'src', 'main.ts')], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: dbUrl, CITY_PORT: String(cityPort), CITY_HOST: '127.0.0.1', CITY_ADMIN_TOKEN: ADMIN, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines = createInterface({ input: child.stdout });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('city server did not start')), 60_000);
    lines.on('line', (l) => {
      if (l.includes('"city server listening"')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`city server exited with ${code}`)));
  });
  child.stderr?.resume();
  return child;
}

async function stopCity(signal: NodeJS.Signals): Promise<void> {
  const c = city;
  city = null;
  if (!c || c.exitCode !== null) return;
  const exited = new Promise((r) => c.once('exit', r));
  c.kill(signal);
  await exited;
}

beforeAll(async () => {
  pgs = await startTestPostgres();
  dbUrl = await pgs.database('drill');
  db = new pg.Pool({ connectionString: dbUrl, max: 2 });
  // The tests terminate backends and stop PostgreSQL; an idle connection of this pool told so must not end the run.
  db.on('error', () => undefined);
  db.on('error', () => undefined);
  cityPort = await freePort();
  city = await startCity();
  proxy = await startLinkProxy(cityPort);
});

afterAll(async () => {
  await f?.close();
  await proxy?.close();
  await stopCity('SIGTERM');
  await db?.end();
  await pgs?.stop();
});

async function until(what: string, cond: () => boolean | Promise<boolean>, ms = 60_000, pollMs = 50): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

const SERVICES = [
  { id: 's-chung-thuc', counter: 'c1', clerk: 1 },
  { id: 's-ho-tich', counter: 'c2', clerk: 2 },
  { id: 's-dat-dai', counter: 'c3', clerk: 3 },
];

/** One business day of traffic through the hub's real commands. */
async function runDay(day: number, kiosk: HubClient, random: () => number): Promise<void> {
  f.clock.t = Date.UTC(2026, 10, 23, 1, 0) + day * DAY; // 08:00 in Ho Chi Minh City
  f.hub.rollDayIfNeeded();
  // Clerks sign in each morning: yesterday's sessions expired overnight (12 h) and the hub ended them.
  const clerks = await Promise.all(SERVICES.map((s) => f.clerk(s.clerk, s.counter)));
  for (const [i, s] of SERVICES.entries()) {
    const r = await send(clerks[i]!, 'counter:open', { counterId: s.counter });
    if (!r.ok && r.error.code !== 'invalid_state') throw new Error(r.error.message);
  }
  const tickets = 24 + Math.floor(random() * 12);
  for (let i = 0; i < tickets; i++) {
    f.clock.advance(Math.floor(2 + random() * 6) * MIN);
    const s = SERVICES[Math.floor(random() * SERVICES.length)]!;
    expectOk(await send(kiosk, 'ticket:issue', { serviceId: s.id, channel: 'kiosk', requestId: `drill-${day}-${i}-xxxx`, print: false }));
    // Clerks call now and then; queues build up, some waits pass 20 minutes.
    for (const [k, c] of SERVICES.entries()) {
      if (random() < 0.55) continue;
      const called = await send(clerks[k]!, 'counter:callNext', { counterId: c.counter });
      if (!called.ok) continue;
      if (random() < 0.1) {
        expectOk(await send(clerks[k]!, 'ticket:noShow', { ticketId: called.data.id }));
        continue;
      }
      f.clock.advance(MIN);
      expectOk(await send(clerks[k]!, 'ticket:finish', { ticketId: called.data.id }));
      if (random() < 0.5) expectOk(await send(clerks[k]!, 'ticket:rate', { ticketId: called.data.id, score: 1 + Math.floor(random() * 4) }));
    }
  }
  // Whoever is still waiting at closing time expires at the next day's rollover.
}

describe('partition drill: hub ↔ city', () => {
  it('cut for days, city killed mid-catch-up: city counts equal hub counts exactly', async () => {
    const res = await fetch(`http://127.0.0.1:${cityPort}/api/admin/hubs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ hubId: 'ward-drill', name: { vi: 'Phường Diễn Tập', en: 'Drill Ward' }, lat: 10.77, lon: 106.7 }),
    });
    const key = ((await res.json()) as { data: { keyId: string; key: string } }).data;
    f = await startFixture({ hubId: 'ward-drill', city: { url: proxy.url, key: key.key, keyId: key.keyId, batchSize: 40, intervalMs: 100, backoffBaseMs: 50, backoffMaxMs: 400, requestTimeoutMs: 3000 } });
    const sync = f.hub.sync!;
    const { socket: kiosk } = await f.kiosk();
    const random = rng(2026);

    await runDay(0, kiosk, random);
    await runDay(1, kiosk, random);
    await until('the first two days at the city', () => sync.getStatus().behind === 0);

    // The ward loses its link for three days; the hub works as ever.
    proxy.cut();
    for (let d = 2; d <= 4; d++) await runDay(d, kiosk, random);
    await until('the uploader to notice', () => sync.getStatus().consecutiveFailures >= 2);
    const during = sync.getStatus();
    expect(during.state).toBe('backing_off');
    expect(during.behind).toBeGreaterThan(300);

    // The link returns; while the hub catches up, the city process dies (SIGKILL) mid-batch.
    proxy.restore();
    // Polled tightly: a fast machine catches up in a fraction of a second, and the kill must land inside it.
    await until('catch-up to start', () => (sync.getStatus().cityHighWater ?? 0) > during.cityHighWater! + 80, 30_000, 1);
    const atKill = sync.getStatus();
    await stopCity('SIGKILL');
    expect(atKill.behind).toBeGreaterThan(0);
    expect(atKill.state).toBe('uploading'); // killed while batches were in flight
    await runDay(5, kiosk, random); // the hub keeps working while the city is down
    await until('the uploader to notice the dead city', () => sync.getStatus().consecutiveFailures >= 1, 30_000);
    city = await startCity();
    await runDay(6, kiosk, random);
    f.clock.advance(DAY);
    f.hub.rollDayIfNeeded(); // closes day 6: its leftovers expire
    await until('the city to have everything', () => sync.getStatus().behind === 0 && sync.getStatus().state === 'idle', 90_000);

    // ---------------------------------------------------------------- events: same seqs, once each
    const hubSeqs = (f.hub.db.prepare('SELECT seq FROM events ORDER BY seq').all() as { seq: number }[]).map((r) => r.seq);
    const cityRows = await db.query<{ seq: string }>("SELECT seq FROM city_events WHERE hub_id = 'ward-drill' ORDER BY seq");
    const citySeqs = cityRows.rows.map((r) => Number(r.seq));
    expect(citySeqs.length).toBe(hubSeqs.length);
    expect(citySeqs).toEqual(hubSeqs);
    const hw = await db.query<{ high_water: string }>("SELECT high_water FROM city_hubs WHERE hub_id = 'ward-drill'");
    expect(Number(hw.rows[0]?.high_water)).toBe(f.hub.events.lastSeq());

    // ---------------------------------------------------------------- figures per day: hub = city
    const hubDays = f.hub.db
      .prepare(
        `SELECT day, count(*) AS issued, sum(state = 'done') AS served, sum(state = 'no_show') AS no_show, sum(state = 'cancelled') AS cancelled,
                count(rating) AS ratings, coalesce(sum(rating), 0) AS rating_sum FROM tickets GROUP BY day ORDER BY day`,
      )
      .all() as Record<string, string | number>[];
    // Waits from the hub's own events: first call of each ticket minus its queue time.
    const hubWaits = f.hub.db
      .prepare(
        `SELECT i.day, count(*) AS waits, sum((c.first_at - json_extract(i.payload, '$.queuedAt')) > 20 * 60000) AS over20
         FROM events i JOIN (SELECT ticket_id, min(at) AS first_at FROM events WHERE type = 'ticket.called' GROUP BY ticket_id) c ON c.ticket_id = i.ticket_id
         WHERE i.type = 'ticket.issued' GROUP BY i.day ORDER BY i.day`,
      )
      .all() as { day: string; waits: number; over20: number }[];
    const cityDays = await db.query<Record<string, string>>(
      `SELECT day, sum(issued) AS issued, sum(served) AS served, sum(no_show) AS no_show, sum(cancelled) AS cancelled, sum(rating_n) AS ratings, sum(rating_sum) AS rating_sum,
              sum(wait_n) AS waits, sum(wait_over_n) AS over20
       FROM city_daily WHERE hub_id = 'ward-drill' GROUP BY day ORDER BY day`,
    );
    expect(hubDays).toHaveLength(7);
    const norm = (r: Record<string, unknown>, keys: string[]) => Object.fromEntries(keys.map((k) => [k, k === 'day' ? r[k] : Number(r[k])]));
    const keys = ['day', 'issued', 'served', 'no_show', 'cancelled', 'ratings', 'rating_sum'];
    expect(cityDays.rows.map((r) => norm(r, keys))).toEqual(hubDays.map((r) => norm(r, keys)));
    expect(cityDays.rows.map((r) => norm(r, ['day', 'waits', 'over20']))).toEqual(hubWaits.map((r) => norm(r, ['day', 'waits', 'over20'])));
    const issuedInWeek = hubDays.reduce((sum, r) => sum + Number(r.issued), 0);
    expect(issuedInWeek).toBeGreaterThan(150);
    expect(hubWaits.reduce((a, r) => a + Number(r.over20), 0)).toBeGreaterThan(0);

    // The per-ticket projection agrees too: each of the hub's tickets once, in its final state.
    const hubStates = f.hub.db.prepare("SELECT state, count(*) AS n FROM tickets GROUP BY state ORDER BY state").all() as { state: string; n: number }[];
    const cityStates = await db.query<{ state: string; n: string }>("SELECT state, count(*) AS n FROM city_tickets WHERE hub_id = 'ward-drill' GROUP BY state ORDER BY state");
    expect(cityStates.rows.map((r) => ({ state: r.state, n: Number(r.n) }))).toEqual(hubStates);
    expect(proxy.cuts).toBe(1);
    // Registered without an address: the hub's own (sent with its first batch) filled it in.
    const hub = await db.query<{ address: string }>("SELECT address FROM city_hubs WHERE hub_id = 'ward-drill'");
    expect(hub.rows[0]?.address).toBe(f.hub.config.centre.address);
  });
});
