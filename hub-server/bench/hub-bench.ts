/**
 * `npm run bench:hub [-- --json] [--seconds N] [--backlog N] [--warmup S] [--cpu-prof DIR] [--hub-node-flags "<flags>"] [--hub-from-source]`:
 * 300 display clients and 20 clerks (20 open counters) on a hub in its own process, started as a
 * ward runs it: `node hub-server/bin/motcua-hub.mjs start`, the hub built to JavaScript
 * (hub-server/dist; the bin rebuilds it first when the sources changed). `--hub-from-source` runs
 * it from its TypeScript sources through tsx instead, for comparison (`hub_runs` in the JSON).
 * 20 tickets/s issued and 5 calls/s for N
 * seconds (60 by default). With `--backlog N`, N citizens are already waiting across the services
 * before the run starts. The same traffic runs for `--warmup` seconds (10 by default) before the
 * timed window, unmeasured: the first run after an idle machine was otherwise the outlier.
 * Reports p50/p99 of the issue acknowledgement, p50/p99 of call → every display received, the
 * hub's event-loop lag p99 (perf_hooks.monitorEventLoopDelay inside the hub, bench/loop-lag.ts),
 * the hub's RSS, and the floor measured in the same run: a bare SQLite synchronous=FULL
 * transaction plus a bare socket.io ack round trip, each in a separate process like the hub.
 * The ward is opened around the clock first (as its manager would), so the bench runs at any hour.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createInterface } from 'node:readline';
import { transformSync } from 'esbuild';
import { io, type Socket } from 'socket.io-client';
import { ALWAYS_OPEN_HOURS, PROTOCOL_VERSION, type ClientToServerEvents, type ManagerConfig, type Result, type ServerToClientEvents, type Snapshot } from '@motcua/shared';
import { openDatabase } from '../src/db/database';
import { CatalogRepo, ClerkRepo, CounterRepo } from '../src/db/repositories';
import { DEMO_FIELDS, DEMO_PROCEDURES, DEMO_SERVICES } from '../src/seed';
import { hashPassword } from '../src/services/auth';
import type { LoopLag } from './loop-lag';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
const args = process.argv.slice(2);
const json = args.includes('--json');
/** The number after `--flag`, or `fallback` when the flag is absent; a bad number stops the bench. */
function numberArg(flag: string, fallback: number): number {
  const i = args.indexOf(flag);
  if (i < 0) return fallback;
  const n = Number(args[i + 1]);
  if (!Number.isInteger(n) || n < 0) {
    process.stderr.write(`bench: ${flag} needs a whole number ≥ 0 (got ${args[i + 1] ?? 'nothing'})\n`);
    process.exit(2);
  }
  return n;
}
const seconds = numberArg('--seconds', 60) || 60;
const backlog = numberArg('--backlog', 0);
const warmup = numberArg('--warmup', 10);
/** `--cpu-prof DIR`: the hub writes a V8 CPU profile of the whole run into DIR (node --cpu-prof). */
const cpuProfDir = args.includes('--cpu-prof') ? (args[args.indexOf('--cpu-prof') + 1] ?? '') : '';
/** `--hub-node-flags "<flags>"`: extra node flags for the hub process only (e.g. to compare V8 heap settings). */
const hubNodeFlags = args.includes('--hub-node-flags') ? (args[args.indexOf('--hub-node-flags') + 1] ?? '').split(' ').filter(Boolean) : [];
/** `--hub-from-source`: the hub through tsx from hub-server/src (what every hub ran before issue 13 item 7). */
const fromSource = args.includes('--hub-from-source');
const DISPLAYS = 300;
const CLERKS = 20;
const ISSUE_PER_S = 20;
const CALL_PER_S = 5;
const here = import.meta.dirname;
const log = (msg: string): void => {
  if (!json) process.stdout.write(`${msg}\n`);
};

/** The hub and floor processes: killed if the bench fails (they were left running before). */
const children: ChildProcess[] = [];

/** `node <nodeArgs>` with an IPC channel; resolves when it prints its `listening` line. */
function spawnNode(nodeArgs: string[], env: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
  const script = nodeArgs[nodeArgs.length - 1] ?? '';
  const child = spawn(process.execPath, nodeArgs, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  children.push(child);
  const { stdout } = child;
  if (!stdout) throw new Error('no stdout from the child process');
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
    createInterface({ input: stdout }).on('line', (line) => {
      try {
        const m = JSON.parse(line) as { event?: string; url?: string };
        if (m.event === 'listening' && m.url) resolve({ url: m.url, child });
      } catch {
        // log line
      }
    });
  });
}

const connect = (url: string, token?: string): Promise<Client> =>
  new Promise((resolve, reject) => {
    const s: Client = io(url, { auth: token ? { protocolVersion: PROTOCOL_VERSION, token } : { protocolVersion: PROTOCOL_VERSION }, transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { origin: new URL(url).origin } });
    s.once('connect', () => resolve(s));
    s.once('connect_error', reject);
  });

function send<T>(s: Client, event: string, input: unknown): Promise<Result<T>> {
  return new Promise((resolve) => (s.emit as (e: string, i: unknown, a: (r: Result<T>) => void) => void)(event, input, resolve));
}

const q = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)] ?? 0) : NaN;
};
const round = (x: number): number => Math.round(x * 100) / 100;

/** A ward with 20 counters that all serve everything, and 20 clerks, written before the hub starts. */
async function seedBenchWard(dir: string): Promise<void> {
  const db = openDatabase(join(dir, 'hub.sqlite'));
  const catalog = new CatalogRepo(db);
  const clerks = new ClerkRepo(db);
  const counters = new CounterRepo(db);
  const hash = await hashPassword('1234');
  const managerHash = await hashPassword('bench-manager');
  db.transaction(() => {
    for (const f of DEMO_FIELDS) catalog.insertField(f);
    for (const s of DEMO_SERVICES) catalog.insertService(s);
    for (const p of DEMO_PROCEDURES) catalog.insertProcedure(p);
    clerks.insert({ id: 'm', username: 'manager', displayName: 'Bench manager', role: 'manager', active: true, passwordHash: managerHash });
    const all = DEMO_SERVICES.map((s) => s.id);
    for (let i = 1; i <= CLERKS; i++) {
      clerks.insert({ id: `u${i}`, username: `clerk${i}`, displayName: `Clerk ${i}`, role: 'clerk', active: true, passwordHash: hash });
      counters.insert({ id: `c${i}`, number: i, name: { vi: `Quầy ${i}`, en: `Counter ${i}` }, primary: all, secondary: [], status: 'closed', pauseReason: null, clerkId: null, zone: null });
    }
  })();
  db.close();
}

function rssMb(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string): number => Number(/(\d+)/.exec(status.split('\n').find((l) => l.startsWith(key)) ?? '0')?.[1] ?? 0);
  return { rss: kb('VmRSS:') / 1024, peak: kb('VmHWM:') / 1024 };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'motcua-bench-'));
  await seedBenchWard(dir);
  // The loop-lag probe as plain JavaScript: preloading the .ts file would load tsx into the built hub.
  const loopLagJs = join(dir, 'loop-lag.mjs');
  writeFileSync(loopLagJs, transformSync(readFileSync(join(here, 'loop-lag.ts'), 'utf8'), { loader: 'ts', format: 'esm', target: 'node20' }).code);
  const hubFlags = [...hubNodeFlags, ...(cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfDir}`] : []), '--import', pathToFileURL(loopLagJs).href];
  const hubEntry = fromSource ? ['--import', 'tsx', join(here, '..', 'src', 'main.ts')] : [join(here, '..', 'bin', 'motcua-hub.mjs'), 'start'];
  const hub = await spawnNode([...hubFlags, ...hubEntry], { MOTCUA_DATA_DIR: dir, MOTCUA_HOST: '127.0.0.1', MOTCUA_PORT: '0', LOG_LEVEL: 'warn', MOTCUA_SEED_DEMO: '0' });
  const floor = await spawnNode(['--import', 'tsx', join(here, 'floor-server.ts')], {});
  log(`hub ${hub.url} (pid ${hub.child.pid}, ${fromSource ? 'from its TypeScript sources through tsx' : 'built JavaScript, bin/motcua-hub.mjs'}), floor server ${floor.url}`);

  const manager = await connect(hub.url);
  await send(manager, 'auth:login', { username: 'manager', password: 'bench-manager' });
  // Open around the clock, as the manager would set it: the bench must run at any hour (a ward's
  // default hours refuse to issue on a Saturday afternoon or at night).
  const cfg = await send<ManagerConfig>(manager, 'manager:config', {});
  if (!cfg.ok) throw new Error(cfg.error.message);
  const saved = await send(manager, 'manager:saveSettings', { ...cfg.data.settings, openingHours: [...ALWAYS_OPEN_HOURS] });
  if (!saved.ok) throw new Error(`could not open the bench ward around the clock: ${saved.error.code} ${saved.error.message}`);
  const kiosks: Client[] = [];
  for (let i = 0; i < 4; i++) {
    const code = await send<{ code: string }>(manager, 'manager:createPairingCode', { kind: 'kiosk' });
    if (!code.ok) throw new Error(code.error.message);
    const anon = await connect(hub.url);
    const paired = await send<{ token: string }>(anon, 'device:pair', { code: code.data.code, name: `bench kiosk ${i}` });
    anon.close();
    if (!paired.ok) throw new Error(paired.error.message);
    kiosks.push(await connect(hub.url, paired.data.token));
  }
  const clerks: Client[] = [];
  for (let i = 1; i <= CLERKS; i++) {
    const c = await connect(hub.url);
    const r = await send(c, 'auth:login', { username: `clerk${i}`, password: '1234', counterId: `c${i}` });
    if (!r.ok) throw new Error(r.error.message);
    await send(c, 'counter:open', { counterId: `c${i}` });
    clerks.push(c);
  }
  // Displays: every call must reach all of them.
  // Arrivals are recorded per call whether or not the clerk's ack has come back yet (in-process
  // displays often see the delta first); latency = last display's arrival − the clerk's send.
  const arrivals = new Map<string, { count: number; last: number }>();
  const displays: Client[] = [];
  for (let i = 0; i < DISPLAYS; i++) {
    const d = await connect(hub.url);
    d.on('state:delta', (delta) => {
      if (!delta.call) return;
      const key = `${delta.call.ticketId}@${delta.call.at}`;
      const a = arrivals.get(key) ?? { count: 0, last: 0 };
      a.count++;
      a.last = performance.now();
      arrivals.set(key, a);
    });
    displays.push(d);
  }
  const floorClient = await connect(floor.url);
  log(`${DISPLAYS} displays, ${CLERKS} clerks, 4 kiosks connected`);

  let issued = 0;
  let calls = 0;
  const issueOne = (): Promise<Result<unknown>> => {
    const k = kiosks[issued % kiosks.length]!;
    const n = issued++;
    return send(k, 'ticket:issue', { serviceId: DEMO_SERVICES[n % DEMO_SERVICES.length]!.id, channel: 'kiosk', requestId: `bench-${n.toString().padStart(8, '0')}`, print: false });
  };
  // The backlog: N citizens already waiting, across every service, before any timing starts
  // (issued four at a time, one per kiosk, as fast as the hub acknowledges).
  for (let i = 0; i < backlog; i += kiosks.length) {
    const batch = await Promise.all(Array.from({ length: Math.min(kiosks.length, backlog - i) }, issueOne));
    const bad = batch.find((r) => !r.ok);
    if (bad && !bad.ok) throw new Error(`backlog issue failed: ${bad.error.code} ${bad.error.message}`);
  }
  const waitingNow = async (): Promise<number> => {
    const snap = await send<Snapshot>(manager, 'state:snapshot', {});
    if (!snap.ok) throw new Error(snap.error.message);
    return snap.data.tickets.filter((t) => t.state === 'waiting').length;
  };
  if (backlog) log(`backlog: ${await waitingNow()} waiting`);

  /** One phase of the traffic: 20 issues/s, 5 calls/s and the floor probes for `s` seconds; measured or not. */
  const run = async (s: number) => {
    const m = { issueLat: [] as number[], callAck: [] as number[], floorTx: [] as number[], floorRtt: [] as number[], errors: 0, sentAt: new Map<string, number>() };
    const timers: NodeJS.Timeout[] = [];
    const end = performance.now() + s * 1000;
    timers.push(
      setInterval(() => {
        const t0 = performance.now();
        void issueOne().then((r) => {
          if (r.ok) m.issueLat.push(performance.now() - t0);
          else m.errors++;
        });
      }, 1000 / ISSUE_PER_S),
    );
    timers.push(
      setInterval(() => {
        const i = calls++ % CLERKS;
        const t0 = performance.now();
        void send<{ id: string; calledAt: number }>(clerks[i]!, 'counter:callNext', { counterId: `c${i + 1}` }).then((r) => {
          m.callAck.push(performance.now() - t0);
          if (r.ok) m.sentAt.set(`${r.data.id}@${r.data.calledAt}`, t0);
        });
      }, 1000 / CALL_PER_S),
    );
    timers.push(
      setInterval(() => {
        const t0 = performance.now();
        void send(floorClient, 'echo', {}).then(() => m.floorRtt.push(performance.now() - t0));
        (floorClient.emit as (e: string, i: unknown, a: (ms: number) => void) => void)('tx', {}, (ms) => m.floorTx.push(ms));
      }, 100),
    );
    await new Promise((r) => setTimeout(r, Math.max(0, end - performance.now())));
    for (const t of timers) clearInterval(t);
    await new Promise((r) => setTimeout(r, 1000));
    return m;
  };
  const hubChild = hub.child;
  const loopLag = (msg: 'reset' | 'read'): Promise<LoopLag | null> =>
    new Promise((resolve) => {
      if (msg === 'reset') {
        hubChild.send('reset');
        resolve(null);
        return;
      }
      hubChild.once('message', (r: unknown) => resolve((r as { loopLag: LoopLag }).loopLag));
      hubChild.send('read');
    });

  if (warmup) {
    log(`warming up ${warmup} s (not measured)`);
    await run(warmup);
  }
  const waitingAtStart = await waitingNow();
  log(`running ${seconds} s with ${waitingAtStart} waiting`);
  await loopLag('reset');
  const { issueLat, callAck, floorTx, floorRtt, errors, sentAt } = await run(seconds);
  const lag = (await loopLag('read'))!;
  const waitingAtEnd = await waitingNow();
  const mem = rssMb(hub.child.pid!);
  const fanout: number[] = [];
  let incomplete = 0;
  for (const [key, t0] of sentAt) {
    const a = arrivals.get(key);
    if (a?.count === DISPLAYS) fanout.push(a.last - t0);
    else incomplete++;
  }

  const result = {
    hub_runs: fromSource ? 'tsx' : 'built',
    seconds,
    warmup_seconds: warmup,
    backlog,
    waiting_at_start: waitingAtStart,
    waiting_at_end: waitingAtEnd,
    displays: DISPLAYS,
    clerks: CLERKS,
    issued: issueLat.length,
    issue_errors: errors,
    calls: fanout.length,
    calls_not_reaching_all_displays: incomplete,
    issue_p50_ms: round(q(issueLat, 0.5)),
    issue_p99_ms: round(q(issueLat, 0.99)),
    call_ack_p50_ms: round(q(callAck, 0.5)),
    call_ack_p99_ms: round(q(callAck, 0.99)),
    fanout_p50_ms: round(q(fanout, 0.5)),
    fanout_p99_ms: round(q(fanout, 0.99)),
    floor_sqlite_p99_ms: round(q(floorTx, 0.99)),
    floor_ack_p99_ms: round(q(floorRtt, 0.99)),
    floor_p99_ms: round(q(floorTx, 0.99) + q(floorRtt, 0.99)),
    loop_lag_p50_ms: lag.p50_ms,
    loop_lag_p99_ms: lag.p99_ms,
    loop_lag_max_ms: lag.max_ms,
    rss_mb: round(mem.peak),
    rss_now_mb: round(mem.rss),
  };
  for (const s of [...displays, ...clerks, ...kiosks, manager, floorClient]) s.close();
  const hubExited = new Promise((r) => hub.child.once('exit', r));
  hub.child.kill('SIGTERM');
  floor.child.kill('SIGTERM');
  await hubExited; // (a CPU profile is written as the hub exits)
  rmSync(dir, { recursive: true, force: true });
  if (!json) {
    log(`issue ack        p50 ${result.issue_p50_ms} ms   p99 ${result.issue_p99_ms} ms   (${result.issued} tickets, ${errors} errors)`);
    log(`call → 300 displays  p50 ${result.fanout_p50_ms} ms   p99 ${result.fanout_p99_ms} ms   (${result.calls} calls)`);
    log(`call ack         p50 ${result.call_ack_p50_ms} ms   p99 ${result.call_ack_p99_ms} ms`);
    log(`floor p99        ${result.floor_p99_ms} ms = SQLite FULL tx ${result.floor_sqlite_p99_ms} ms + socket.io ack ${result.floor_ack_p99_ms} ms`);
    log(`hub event loop   lag p50 ${result.loop_lag_p50_ms} ms   p99 ${result.loop_lag_p99_ms} ms   max ${result.loop_lag_max_ms} ms   (${result.waiting_at_start} → ${result.waiting_at_end} waiting)`);
    log(`hub RSS          peak ${result.rss_mb} MB, now ${result.rss_now_mb} MB`);
    log(`targets: issue p99 ≤ 3 × floor (${round(3 * result.floor_p99_ms)} ms): ${result.issue_p99_ms <= 3 * result.floor_p99_ms ? 'met' : 'NOT met'}; fan-out p99 ≤ 50 ms: ${result.fanout_p99_ms <= 50 ? 'met' : 'NOT met'}; loop lag p99 ≤ 20 ms: ${result.loop_lag_p99_ms <= 20 ? 'met' : 'NOT met'}; RSS ≤ 200 MB: ${result.rss_mb <= 200 ? 'met' : 'NOT met'}`);
  }
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
}

main().catch((e: unknown) => {
  process.stderr.write(`bench failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  for (const c of children) c.kill('SIGKILL');
  process.exit(1);
});
