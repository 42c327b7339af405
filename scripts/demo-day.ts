/**
 * `npm run demo:day -- [--speed 60] [--stall-at 150] [--stall-s 25] [--restart-at 300] [--json]`:
 * one accelerated ward day of the demo traffic (scripts/demo-traffic.ts: ward-M-280's arrivals,
 * service mix and breaks, 5 counters) against a demo hub in its own process, with the two things
 * that used to stop the simulated clients:
 * - at simulated minute `--stall-at` the hub is frozen (SIGSTOP) for `--stall-s` real seconds,
 *   longer than socket.io's ping interval + timeout (18 s): every client's connection times out,
 *   as on a machine too busy to answer pings;
 * - at simulated minute `--restart-at` the hub is killed (SIGKILL) and started again on the same
 *   port and data.
 * It then checks that every simulated client (the kiosk, the five clerks) succeeded again after
 * each disruption, and that everyone who took a ticket was called in the end (the clerks serve on
 * after the day's last arrival, for at most four simulated hours). Prints a report (JSON with `--json`) and exits 1 if any client stopped.
 * At the default speed of 60 the day takes about 9 minutes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { io, type Socket } from 'socket.io-client';
import { call, PROTOCOL_VERSION, type ClientToServerEvents, type ServerToClientEvents } from '@motcua/shared';
import { demoSocketOptions, ensureDemoDevices } from './demo-devices';
import { startDemoTraffic, stoppedClients, type TrafficReport } from './demo-traffic';

const argv = process.argv.slice(2);
function num(flag: string, fallback: number): number {
  const i = argv.indexOf(flag);
  if (i < 0) return fallback;
  const n = Number(argv[i + 1]);
  if (!(n >= 0)) {
    process.stderr.write(`demo:day: ${flag} needs a number ≥ 0 (got ${argv[i + 1] ?? 'nothing'})\n`);
    process.exit(2);
  }
  return n;
}
const speed = num('--speed', 60);
const stallAt = num('--stall-at', 150);
const stallS = num('--stall-s', 25);
const restartAt = num('--restart-at', 300);
const json = argv.includes('--json');
const say = (m: string): void => {
  if (!json) process.stdout.write(`${m}\n`);
};
const root = join(import.meta.dirname, '..');

function startHub(dataDir: string, port: number): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'hub-server/src/main.ts')], {
    cwd: root,
    env: { ...process.env, MOTCUA_HOST: '127.0.0.1', MOTCUA_PORT: String(port), MOTCUA_DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const { stdout } = child;
  if (!stdout) throw new Error('no stdout from the hub');
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`hub exited with ${code}`)));
    createInterface({ input: stdout }).on('line', (line) => {
      try {
        const m = JSON.parse(line) as { event?: string; url?: string };
        if (m.event === 'listening' && m.url) resolve({ url: m.url, child });
      } catch {
        // a log line
      }
    });
  });
}

const killed = (child: ChildProcess): Promise<void> => new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r() : child.once('exit', () => r())));

async function waitingAtHub(url: string): Promise<number> {
  const s: Socket<ServerToClientEvents, ClientToServerEvents> = io(url, { auth: { protocolVersion: PROTOCOL_VERSION }, transports: ['websocket'], forceNew: true, reconnection: false, ...demoSocketOptions(url) });
  try {
    await new Promise<void>((resolve, reject) => {
      s.once('connect', () => resolve());
      s.once('connect_error', reject);
    });
    const snap = await call(s, 'state:snapshot', {}, { timeoutMs: 10_000 });
    if (!snap.ok) throw new Error(snap.error.message);
    return snap.data.tickets.filter((t) => t.state === 'waiting').length;
  } finally {
    s.close();
  }
}

const dir = mkdtempSync(join(tmpdir(), 'motcua-demo-day-'));
let hub = await startHub(dir, 0);
const port = Number(new URL(hub.url).port);
const devices = await ensureDemoDevices(hub.url, dir);
say(`hub ${hub.url}; one ward day at ${speed} simulated minutes per real minute; stall at minute ${stallAt} for ${stallS} s, restart at minute ${restartAt}`);
const traffic = startDemoTraffic({ hubUrl: hub.url, kioskToken: devices.kiosk.token, speed, days: 1, print: false, log: say });
const simNow = (): number => traffic.report().simMin;
const until = async (min: number): Promise<void> => {
  while (simNow() < min) await new Promise((r) => setTimeout(r, 200));
};
const events: { what: string; atMin: number }[] = [];

const disruptions = [
  {
    at: stallAt,
    run: async (): Promise<void> => {
      say(`minute ${simNow()}: freezing the hub for ${stallS} s (ping timeouts)`);
      hub.child.kill('SIGSTOP');
      await new Promise((r) => setTimeout(r, stallS * 1000));
      hub.child.kill('SIGCONT');
      events.push({ what: 'stall', atMin: simNow() });
    },
  },
  {
    at: restartAt,
    run: async (): Promise<void> => {
      say(`minute ${simNow()}: killing the hub (SIGKILL) and starting it again`);
      hub.child.kill('SIGKILL');
      await killed(hub.child);
      hub = await startHub(dir, port);
      events.push({ what: 'restart', atMin: simNow() });
    },
  },
].sort((a, b) => a.at - b.at);
for (const d of disruptions) {
  if (d.at <= 0) continue;
  await until(d.at);
  await d.run();
}
await traffic.done;
// The clerks serve whoever still waits (at most four simulated hours).
let waiting = await waitingAtHub(hub.url);
const drainUntil = simNow() + 240;
while (waiting > 0 && simNow() < drainUntil) {
  await new Promise((r) => setTimeout(r, 1000));
  waiting = await waitingAtHub(hub.url);
}
const report: TrafficReport = traffic.report();
traffic.stop();
hub.child.kill('SIGTERM');
await killed(hub.child);
rmSync(dir, { recursive: true, force: true });

// After each disruption every client must succeed again (if the day went on for 60 simulated minutes).
const stopped = events.flatMap((e) => stoppedClients(report, e.atMin, 60).map((name) => `${name} after the ${e.what} at minute ${e.atMin}`));
const result = {
  scenario: report.scenario,
  speed,
  simMin: report.simMin,
  disruptions: events,
  waitingAtEnd: waiting,
  clients: report.clients.map((c) => ({ name: c.name, ok: c.ok, reconnects: c.reconnects, signIns: c.signIns, failed: c.failed, okAfter: events.map((e) => c.okAt.filter((t) => t > e.atMin).length) })),
  stopped,
};
if (json) process.stdout.write(`${JSON.stringify(result)}\n`);
else {
  for (const c of result.clients) say(`  ${c.name}: ${c.ok} ok, ${c.reconnects} reconnects, ${c.signIns} sign-ins, ok after ${events.map((e, i) => `${e.what} ${c.okAfter[i]}`).join(', ')}; refused ${JSON.stringify(c.failed)}`);
  say(`  still waiting at the end of the day: ${waiting}`);
  say(stopped.length ? `STOPPED: ${stopped.join('; ')}` : 'No simulated client stopped.');
}
process.exit(stopped.length || waiting > 0 ? 1 : 0);
