/**
 * The partition drill, shared by tests/city/partition.test.ts and `npm run drills`: a real hub
 * (SQLite, socket.io, its sync uploader) runs a simulated week of traffic while its link to a real
 * city server (its own process, PostgreSQL) is cut for three days; when the link returns the city
 * process is SIGKILLed in the middle of the catch-up, and afterwards the link throws away the
 * city's answers to a few batches (the city stored them, the hub never heard). At the end the
 * city's events and figures are compared with the hub's and every difference is counted:
 * `lost` (events or figures the city lacks), `duplicated` (figures the city counted more than once).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { startFixture, type Fixture } from '@motcua/hub-server/test-fixture';
import { expectOk, send, type HubClient } from '@motcua/hub-server/test-client';
import { freePort } from '@motcua/city-server';
import { startTestPostgres, type TestPostgres } from '@motcua/city-server/test-pg';
import { rng } from '@motcua/city-server/test-events';
import { startLinkProxy, type LinkProxy } from '../city/proxy';
import type { DrillOutcome } from './drill-report';

export interface PartitionDrillReport extends DrillOutcome {
  name: 'partition';
  simulated_days: number;
  days_cut: number;
  city_kills: number;
  killed_mid_batch: boolean;
  behind_at_kill: number;
  answers_dropped: number;
  events: number;
  city_events: number;
  tickets: number;
  figures_mismatched: number;
  catch_up_seconds: number;
  seconds: number;
  problems: string[];
}

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


/** Runs the drill; never throws for a mismatch (it is counted), only for a broken set-up. */
export async function runPartitionDrill(opts: { log?: (line: string) => void } = {}): Promise<PartitionDrillReport> {
  const t0 = Date.now();
  const log = opts.log ?? (() => {});
  const problems: string[] = [];
  let lost = 0;
  let duplicated = 0;
  let figuresMismatched = 0;
  pgs = await startTestPostgres();
  try {
    dbUrl = await pgs.database('drill');
    // The city entry (main.ts) is production: it needs its first admin, made as a real city makes it.
    const init = spawnSync(process.execPath, [join(ROOT, 'city-server', 'bin', 'motcua-city.mjs'), 'init'], { cwd: ROOT, env: { ...process.env, DATABASE_URL: dbUrl, LOG_LEVEL: 'warn' }, encoding: 'utf8', timeout: 60_000 });
    if (init.status !== 0) throw new Error(`motcua-city init failed: ${init.stdout}${init.stderr}`);
    db = new pg.Pool({ connectionString: dbUrl, max: 2 });
    // The drill terminates backends and stops PostgreSQL; an idle connection of this pool told so must not end the run.
    db.on('error', () => undefined);
    cityPort = await freePort();
    city = await startCity();
    proxy = await startLinkProxy(cityPort);

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
    log('partition: days 0-1 at the city; cutting the link for days 2-4');

    // The ward loses its link for three days; the hub works as ever.
    proxy.cut();
    for (let d = 2; d <= 4; d++) await runDay(d, kiosk, random);
    await until('the uploader to notice', () => sync.getStatus().consecutiveFailures >= 2);
    const during = sync.getStatus();
    if (during.state !== 'backing_off') problems.push(`uploader ${during.state} during the cut, expected backing_off`);

    // The link returns; while the hub catches up, the city process dies (SIGKILL) mid-batch.
    const catchUp0 = Date.now();
    proxy.restore();
    // Polled tightly: a fast machine catches up in a fraction of a second, and the kill must land inside it.
    await until('catch-up to start', () => (sync.getStatus().cityHighWater ?? 0) > during.cityHighWater! + 80, 30_000, 1);
    const atKill = sync.getStatus();
    await stopCity('SIGKILL');
    log(`partition: city SIGKILLed mid-catch-up, ${atKill.behind ?? '?'} events behind`);
    await runDay(5, kiosk, random); // the hub keeps working while the city is down
    await until('the uploader to notice the dead city', () => sync.getStatus().consecutiveFailures >= 1, 30_000);
    city = await startCity();
    // The city stores the next batches but its answers are lost on the way back.
    proxy.dropAnswers(3);
    await runDay(6, kiosk, random);
    f.clock.advance(DAY);
    f.hub.rollDayIfNeeded(); // closes day 6: its leftovers expire
    await until('the city to have everything', () => sync.getStatus().behind === 0 && sync.getStatus().state === 'idle', 90_000);
    const catchUpSeconds = (Date.now() - catchUp0) / 1000;
    log(`partition: caught up; ${proxy.dropped} answers dropped on the way`);

    // ---------------------------------------------------------------- events: same seqs, once each
    const hubSeqs = (f.hub.db.prepare('SELECT seq FROM events ORDER BY seq').all() as { seq: number }[]).map((r) => r.seq);
    const cityRows = await db.query<{ seq: string; n: string }>("SELECT seq, count(*) AS n FROM city_events WHERE hub_id = 'ward-drill' GROUP BY seq ORDER BY seq");
    const cityCount = new Map(cityRows.rows.map((r) => [Number(r.seq), Number(r.n)]));
    for (const s of hubSeqs) if (!cityCount.has(s)) lost++;
    for (const [, n] of cityCount) if (n > 1) duplicated += n - 1;
    const hubSet = new Set(hubSeqs);
    for (const [s] of cityCount) if (!hubSet.has(s)) problems.push(`the city has event ${s}, which the hub never wrote`);
    const hw = await db.query<{ high_water: string }>("SELECT high_water FROM city_hubs WHERE hub_id = 'ward-drill'");
    if (Number(hw.rows[0]?.high_water) !== f.hub.events.lastSeq()) problems.push(`city high-water ${hw.rows[0]?.high_water} ≠ hub's last seq ${f.hub.events.lastSeq()}`);

    // ---------------------------------------------------------------- figures per day: hub = city
    const hubDays = f.hub.db
      .prepare(
        `SELECT day, count(*) AS issued, sum(state = 'done') AS served, sum(state = 'no_show') AS no_show, sum(state = 'cancelled') AS cancelled,
                count(rating) AS ratings, coalesce(sum(rating), 0) AS rating_sum FROM tickets GROUP BY day ORDER BY day`,
      )
      .all() as Record<string, string | number>[];
    const cityDays = await db.query<Record<string, string>>(
      `SELECT day, sum(issued) AS issued, sum(served) AS served, sum(no_show) AS no_show, sum(cancelled) AS cancelled, sum(rating_n) AS ratings, sum(rating_sum) AS rating_sum
       FROM city_daily WHERE hub_id = 'ward-drill' GROUP BY day ORDER BY day`,
    );
    const cityByDay = new Map(cityDays.rows.map((r) => [r.day, r]));
    for (const h of hubDays) {
      const c = cityByDay.get(String(h.day));
      for (const k of ['issued', 'served', 'no_show', 'cancelled', 'ratings']) {
        const diff = Number(c?.[k] ?? 0) - Number(h[k]);
        if (diff === 0) continue;
        figuresMismatched++;
        problems.push(`${String(h.day)} ${k}: city ${c?.[k] ?? 0}, hub ${h[k]}`);
        if (diff > 0) duplicated += diff;
        else lost += -diff;
      }
    }
    // Waits from the hub's own events: first call of each ticket minus its queue time.
    const hubWaits = f.hub.db
      .prepare(
        `SELECT i.day, count(*) AS waits, sum((c.first_at - json_extract(i.payload, '$.queuedAt')) > 20 * 60000) AS over20
         FROM events i JOIN (SELECT ticket_id, min(at) AS first_at FROM events WHERE type = 'ticket.called' GROUP BY ticket_id) c ON c.ticket_id = i.ticket_id
         WHERE i.type = 'ticket.issued' GROUP BY i.day ORDER BY i.day`,
      )
      .all() as { day: string; waits: number; over20: number }[];
    const cityWaits = await db.query<{ day: string; waits: string; over20: string }>(`SELECT day, sum(wait_n) AS waits, sum(wait_over_n) AS over20 FROM city_daily WHERE hub_id = 'ward-drill' GROUP BY day ORDER BY day`);
    const cityWaitsByDay = new Map(cityWaits.rows.map((r) => [r.day, r]));
    for (const h of hubWaits) {
      const c = cityWaitsByDay.get(h.day);
      if (Number(c?.waits ?? 0) !== Number(h.waits) || Number(c?.over20 ?? 0) !== Number(h.over20)) {
        figuresMismatched++;
        problems.push(`${h.day} waits: city ${c?.waits ?? 0} (${c?.over20 ?? 0} over 20 min), hub ${h.waits} (${h.over20})`);
      }
    }
    if (hubWaits.reduce((a, r) => a + Number(r.over20), 0) === 0) problems.push('no wait passed 20 minutes: the week was too light to test the figure');
    if (hubDays.length !== 7) problems.push(`the hub has ${hubDays.length} days, expected 7`);
    // Registered without an address: the hub's own (sent with its first batch) filled it in.
    const addr = await db.query<{ address: string }>("SELECT address FROM city_hubs WHERE hub_id = 'ward-drill'");
    if (addr.rows[0]?.address !== f.hub.config.centre.address) problems.push(`city has address ${addr.rows[0]?.address}, hub ${f.hub.config.centre.address}`);
    const hubStates = f.hub.db.prepare('SELECT state, count(*) AS n FROM tickets GROUP BY state ORDER BY state').all() as { state: string; n: number }[];
    const cityStates = await db.query<{ state: string; n: string }>("SELECT state, count(*) AS n FROM city_tickets WHERE hub_id = 'ward-drill' GROUP BY state ORDER BY state");
    if (JSON.stringify(cityStates.rows.map((r) => ({ state: r.state, n: Number(r.n) }))) !== JSON.stringify(hubStates)) {
      figuresMismatched++;
      problems.push(`ticket states differ: city ${JSON.stringify(cityStates.rows)} hub ${JSON.stringify(hubStates)}`);
    }
    const tickets = hubStates.reduce((a, r) => a + r.n, 0);
    const report: PartitionDrillReport = {
      name: 'partition',
      passed: false,
      lost,
      duplicated,
      hub_exits: 0,
      simulated_days: 7,
      days_cut: 3,
      city_kills: 1,
      killed_mid_batch: (atKill.behind ?? 0) > 0 && atKill.state === 'uploading',
      behind_at_kill: atKill.behind ?? 0,
      answers_dropped: proxy.dropped,
      events: hubSeqs.length,
      city_events: cityRows.rows.length,
      tickets,
      figures_mismatched: figuresMismatched,
      catch_up_seconds: Math.round(catchUpSeconds * 10) / 10,
      seconds: 0,
      problems,
    };
    if (!report.killed_mid_batch) problems.push(`the city was not killed mid-batch (state ${atKill.state}, behind ${atKill.behind})`);
    if (proxy.dropped === 0) problems.push('no answer was dropped');
    report.passed = lost === 0 && duplicated === 0 && figuresMismatched === 0 && problems.length === 0;
    report.seconds = Math.round((Date.now() - t0) / 100) / 10;
    return report;
  } finally {
    await f?.close().catch(() => undefined);
    await proxy?.close();
    await stopCity('SIGTERM');
    await db?.end();
    await pgs.stop();
  }
}
