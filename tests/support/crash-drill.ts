/**
 * The crash drill, shared by `tests/crash.test.ts` (CI) and `npm run drills` (scripts/drills):
 * a hub as a real process on a fixed loopback port, four kiosks issuing tickets, two clerks
 * calling, starting and finishing them, and a display holding live state (snapshot + deltas)
 * across everything; the hub is SIGKILLed `kills` times at seeded random moments and restarted on
 * the same data. Kiosks retry their in-flight tap with the same request id after each restart, as
 * the real kiosk does. At the end the database is read directly and every figure is counted:
 *
 * - `lost`: acknowledged tickets missing, or acknowledged clerk actions (called, started,
 *   finished) whose ticket is back in an earlier state. Catches an acknowledgement sent before the
 *   commit, or a commit that is not durable across a process kill.
 * - `duplicated`: tickets with more than one `ticket.issued` event, a request id that gave two
 *   tickets, a number given twice in a day. Catches a retried tap re-issuing (request-id
 *   idempotency broken) and an event appended twice.
 * - `eventGaps`: holes in the outbox's `seq` (the city would wait for them for ever), and events
 *   of tickets that do not exist. Catches an event write outside the command's transaction.
 * - `stateMismatches`: tickets whose state is not what their events say (the city projects the
 *   events, the hub serves the row: they must agree). Catches a command whose state change and
 *   event are not in one transaction (a kill between them).
 * - `counterMismatches`: a day counter that does not equal the number of tickets with its prefix
 *   that day (a number used by no ticket: a counter increment committed without its ticket).
 * - `resyncFailures`: after each restart the display's live state must come back equal to a fresh
 *   snapshot (same seq, same tickets). Catches a client that keeps applying deltas across a hub
 *   restart, or a hub whose state seq restarts below what clients hold.
 * - `hubExits`: hub processes that ended other than by our SIGKILL (or the final SIGTERM).
 *
 * What a SIGKILL cannot show: a power cut. The kernel keeps a killed process's writes in its page
 * cache and writes them out later, so `PRAGMA synchronous=OFF` (no fsync) survives every kill
 * here. A power cut (or a kernel panic) loses what was not fsynced; it cannot be simulated on this
 * machine (no VM, no dm-log-writes). `synchronous=FULL` is therefore checked where it is set
 * (hub-server/test/durability.medium.test.ts), not here. See docs/INSTALL.md ("Power cuts").
 */
import { createLiveState, type LiveState, type Snapshot } from '@motcua/shared';
import { connect, expectOk, send, type HubClient } from '@motcua/hub-server/test-client';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io } from 'socket.io-client';
import { PROTOCOL_VERSION } from '@motcua/shared';
import { startHubProcess, type HubProcess } from './hub-process';
import type { DrillOutcome } from './drill-report';

export interface CrashDrillOptions {
  kills: number;
  seed: number;
  /** Each kill comes this long after the load starts: uniform in [minMs, maxMs]. */
  minMs?: number;
  maxMs?: number;
  dir?: string;
  log?: (line: string) => void;
  /** Hub environment additions (e.g. a fault to inject). */
  env?: Record<string, string>;
}

export interface CrashDrillReport extends DrillOutcome {
  name: 'crash';
  kills: number;
  seed: number;
  acked_tickets: number;
  retried_in_flight: number;
  acked_clerk_actions: number;
  events: number;
  event_gaps: number;
  state_mismatches: number;
  counter_mismatches: number;
  resyncs_checked: number;
  resync_failures: number;
  seconds: number;
  problems: string[];
}

/** mulberry32: a small seeded PRNG, so a failing run can be repeated with its seed. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const RANK: Record<string, number> = { waiting: 0, called: 1, serving: 2, done: 3, no_show: 3, cancelled: 3, held: 1 };
/** What each ticket event leaves the ticket in (the ticket machine's targets). */
const STATE_AFTER: Record<string, string | undefined> = {
  'ticket.issued': 'waiting',
  'ticket.called': 'called',
  'ticket.recalled': 'called',
  'ticket.started': 'serving',
  'ticket.finished': 'done',
  'ticket.no_show': 'no_show',
  'ticket.held': 'held',
  'ticket.returned': 'waiting',
  'ticket.cancelled': 'cancelled',
  'ticket.transferred': 'waiting',
};
const SERVICES = ['s-chung-thuc', 's-ho-tich', 's-dat-dai', 's-tra-ket-qua'];
/** Clerk n sits at counter cn; counters 1 and 2 serve the first two services (seed.ts). */
const CLERKS = [1, 2];

interface Acked {
  id: string;
  number: string;
  requestId: string;
}

/**
 * Connects, or null when the hub is not there (killed meanwhile): a connection attempt that meets
 * a dying hub mid-handshake is given up after 2 s instead of hanging the loop.
 */
function connectOrNull(url: string, token: string | undefined, refused: (why: string) => void): Promise<HubClient | null> {
  // The hub's Origin, as its pages send it: anonymous sockets without one are refused (http/security.ts).
  const socket: HubClient = io(url, { auth: token ? { protocolVersion: PROTOCOL_VERSION, token } : { protocolVersion: PROTOCOL_VERSION }, transports: ['websocket'], reconnection: false, forceNew: true, timeout: 2000, extraHeaders: { origin: new URL(url).origin } });
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      socket.close();
      resolve(null);
    }, 3000);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('connect_error', (e) => {
      clearTimeout(timer);
      socket.close();
      // A dead hub fails at the transport; anything else is the hub refusing us, which the drill must not hide.
      if (!/websocket error|timeout|xhr poll error|ECONNREFUSED|ECONNRESET/i.test(e.message)) refused(e.message);
      resolve(null);
    });
  });
}

/** Races an acknowledged command against the link dropping (the hub was killed): null when it dropped. */
async function sendOrDrop<E extends Parameters<typeof send>[1]>(s: HubClient, event: E, input: Parameters<typeof send<E>>[2]): Promise<Awaited<ReturnType<typeof send<E>>> | null> {
  if (!s.connected) return null;
  return Promise.race([send(s, event, input), new Promise<null>((res) => s.once('disconnect', () => res(null)))]);
}

function ticketsOf(s: Snapshot): string {
  return JSON.stringify(
    s.tickets
      .map((t) => [t.id, t.number, t.state, t.counterId ?? null])
      .sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
  );
}

export async function runCrashDrill(o: CrashDrillOptions): Promise<CrashDrillReport> {
  const t0 = Date.now();
  const log = o.log ?? (() => {});
  const rand = seeded(o.seed);
  const minMs = o.minMs ?? 300;
  const maxMs = o.maxMs ?? 1500;
  const ownDir = o.dir === undefined;
  const dir = o.dir ?? mkdtempSync(join(tmpdir(), 'motcua-crash-'));
  const port = await freePort();
  const env = { MOTCUA_PORT: String(port), ...o.env };
  const problems: string[] = [];
  let hubExits = 0;
  let expectedExit = false;
  const sockets: HubClient[] = [];
  const track = (s: HubClient): HubClient => (sockets.push(s), s);

  const start = async (): Promise<HubProcess> => {
    const h = await startHubProcess(dir, env);
    h.child.once('exit', (code, signal) => {
      if (expectedExit) return; // our SIGKILL, or the final SIGTERM (the hub then exits 0 by itself)
      hubExits++;
      problems.push(`hub exited by itself (code ${code}, signal ${signal})`);
    });
    return h;
  };

  let hub = await start();
  const url = hub.url;
  // Pair four kiosks and a display once (tokens persist in the database).
  const m = track(await connect(url));
  expectOk(await send(m, 'auth:login', { username: 'quanly', password: 'quanly2025' }));
  const pair = async (kind: 'kiosk' | 'display', name: string): Promise<string> => {
    const { code } = expectOk(await send(m, 'manager:createPairingCode', { kind }));
    const s = track(await connect(url));
    const token = expectOk(await send(s, 'device:pair', { code, name })).token;
    s.close();
    return token;
  };
  const kiosks: string[] = [];
  for (let i = 0; i < 4; i++) kiosks.push(await pair('kiosk', `Kiosk ${i + 1}`));
  const displayToken = await pair('display', 'Bảng sảnh');
  m.close();

  // The live client: one display socket that reconnects by itself across every kill.
  const display: HubClient = io(url, { auth: { protocolVersion: PROTOCOL_VERSION, token: displayToken }, transports: ['websocket'], reconnection: true, reconnectionDelay: 100, reconnectionDelayMax: 500, forceNew: true });
  sockets.push(display);
  const live: LiveState = createLiveState(display, Date.now);

  const acked: Acked[] = [];
  const inFlight = new Map<string, { token: string; serviceId: string }>();
  const clerkAcked = new Map<string, { state: string; number: string }>();
  let retriedInFlight = 0;
  let clerkActions = 0;
  let resyncsChecked = 0;
  let resyncFailures = 0;

  /** The display's live state must equal a fresh snapshot, with no load running. */
  const checkResync = async (round: number): Promise<void> => {
    resyncsChecked++;
    const fresh = track(await connect(url, displayToken));
    const deadline = Date.now() + 10_000;
    let last = '';
    for (;;) {
      const snap = expectOk(await send(fresh, 'state:snapshot', {}));
      const view = live.get().snapshot;
      if (view && view.seq === snap.seq && ticketsOf(view) === ticketsOf(snap)) break;
      last = `live seq ${view?.seq ?? 'none'} vs hub ${snap.seq}`;
      if (Date.now() > deadline) {
        resyncFailures++;
        problems.push(`round ${round}: the display did not resync within 10 s (${last})`);
        break;
      }
      await sleep(100);
    }
    fresh.close();
  };

  const kioskLoop = async (token: string, k: number, round: number, stop: () => boolean): Promise<void> => {
    const c = await connectOrNull(url, token, (why) => problems.push(`kiosk ${k}: connection refused: ${why}`));
    if (!c) return;
    const s = track(c);
    for (let i = 0; !stop(); i++) {
      const requestId = `crash-r${round}-k${k}-${String(i).padStart(5, '0')}`;
      const serviceId = SERVICES[(k + i) % SERVICES.length]!;
      inFlight.set(requestId, { token, serviceId });
      const r = await sendOrDrop(s, 'ticket:issue', { serviceId, channel: 'kiosk', requestId, print: false });
      if (r === null) return; // killed with this tap in flight: retried after the restart
      if (!r.ok) {
        problems.push(`kiosk ${k}: ticket:issue refused: ${r.error.code} ${r.error.message}`);
        inFlight.delete(requestId);
        return;
      }
      const d = r.data;
      inFlight.delete(requestId);
      acked.push({ id: d.ticket.id, number: d.ticket.number, requestId });
    }
    s.close();
  };

  const clerkLoop = async (n: number, stop: () => boolean, signedIn: () => void): Promise<void> => {
    const counterId = `c${n}`;
    const c = await connectOrNull(url, undefined, (why) => problems.push(`clerk ${n}: connection refused: ${why}`));
    if (!c) return signedIn();
    const s = track(c);
    const login = await sendOrDrop(s, 'auth:login', { username: `canbo${n}`, password: String(n).repeat(4), counterId });
    signedIn();
    if (login === null) return;
    if (!login.ok) {
      problems.push(`clerk ${n}: sign-in refused: ${login.error.code} ${login.error.message}`);
      return;
    }
    // Open the counter (after a restart it may still be open: already_open and the like are fine).
    if ((await sendOrDrop(s, 'counter:open', { counterId })) === null) return;
    while (!stop()) {
      const called = await sendOrDrop(s, 'counter:callNext', { counterId });
      if (called === null) return;
      if (!called.ok) {
        await sleep(30);
        continue;
      }
      const t = called.data;
      clerkAcked.set(t.id, { state: 'called', number: t.number });
      clerkActions++;
      for (const [cmd, state] of [['ticket:start', 'serving'], ['ticket:finish', 'done']] as const) {
        const r = await sendOrDrop(s, cmd, { ticketId: t.id });
        if (r === null) return;
        if (!r.ok) {
          problems.push(`clerk ${n}: ${cmd} on ${t.number} refused: ${r.error.code}`);
          break;
        }
        clerkAcked.set(t.id, { state, number: t.number });
        clerkActions++;
      }
    }
    s.close();
  };

  try {
    for (let round = 0; round <= o.kills; round++) {
      if (round > 0) {
        hub = await start();
        log(`round ${round}: hub restarted`);
        // Every tap in flight at the kill is sent again with its request id, as the kiosk does.
        for (const [requestId, { token, serviceId }] of [...inFlight]) {
          const s = track(await connect(url, token));
          const d = expectOk(await send(s, 'ticket:issue', { serviceId, channel: 'kiosk', requestId, print: false }));
          inFlight.delete(requestId);
          retriedInFlight++;
          acked.push({ id: d.ticket.id, number: d.ticket.number, requestId });
          s.close();
        }
        log(`round ${round}: ${retriedInFlight} in-flight taps retried so far`);
        await checkResync(round);
        log(`round ${round}: display resynced`);
      }
      if (round === o.kills) break;
      let stopped = false;
      const stop = (): boolean => stopped;
      const loops: Promise<void>[] = kiosks.map((t, k) => kioskLoop(t, k, round, stop));
      let clerksIn = 0;
      const allIn = new Promise<void>((res) => {
        const one = (): void => {
          if (++clerksIn === CLERKS.length) res();
        };
        loops.push(...CLERKS.map((n) => clerkLoop(n, stop, one)));
      });
      // The random moment counts from when the clerks are signed in (Argon2 takes a while), so
      // kills land among issues and calls alike.
      await Promise.race([allIn, sleep(5000)]);
      const after = Math.round(minMs + rand() * (maxMs - minMs));
      await sleep(after);
      expectedExit = true;
      await hub.kill('SIGKILL');
      stopped = true;
      log(`round ${round}: killed; waiting for the loops`);
      await Promise.all(loops);
      expectedExit = false;
      for (const s of sockets.splice(0)) if (s !== display) s.close();
      sockets.push(display);
      log(`kill ${round + 1}/${o.kills} after ${after} ms: ${acked.length} tickets acknowledged so far, ${inFlight.size} in flight`);
    }
    // Quiet now: the display must show exactly what the hub has.
    await checkResync(o.kills + 1);
  } finally {
    live.close();
    for (const s of sockets) s.close();
    expectedExit = true;
    await hub.kill('SIGTERM');
  }

  // ------------------------------------------------------------ count, from the database itself
  const db = new Database(join(dir, 'hub.sqlite'), { readonly: true });
  const rows = db.prepare('SELECT id, day, number, seq_no AS seqNo, state, request_id AS requestId, service_id AS serviceId FROM tickets').all() as { id: string; day: string; number: string; seqNo: number; state: string; requestId: string | null; serviceId: string }[];
  const events = db.prepare('SELECT seq, type, ticket_id AS ticketId FROM events ORDER BY seq').all() as { seq: number; type: string; ticketId: string | null }[];
  const counters = db.prepare('SELECT day, prefix, last FROM day_counters').all() as { day: string; prefix: string; last: number }[];
  const prefixes = new Map((db.prepare('SELECT id, prefix FROM services').all() as { id: string; prefix: string }[]).map((s) => [s.id, s.prefix]));
  db.close();
  if (ownDir) rmSync(dir, { recursive: true, force: true });

  const byId = new Map(rows.map((r) => [r.id, r]));
  let lost = 0;
  for (const a of acked) {
    if (byId.get(a.id)?.number !== a.number) {
      lost++;
      problems.push(`acknowledged ticket ${a.number} (${a.requestId}) lost`);
    }
  }
  for (const [id, a] of clerkAcked) {
    const row = byId.get(id);
    if (!row || (RANK[row.state] ?? 0) < (RANK[a.state] ?? 0)) {
      lost++;
      problems.push(`acknowledged "${a.state}" of ${a.number} lost: the ticket is ${row?.state ?? 'gone'}`);
    }
  }

  let duplicated = 0;
  const issued = new Map<string, number>();
  for (const e of events) if (e.type === 'ticket.issued' && e.ticketId) issued.set(e.ticketId, (issued.get(e.ticketId) ?? 0) + 1);
  for (const [id, n] of issued) {
    if (n > 1) {
      duplicated += n - 1;
      problems.push(`ticket ${byId.get(id)?.number ?? id} has ${n} ticket.issued events`);
    }
  }
  const countBy = (keys: string[]): number => {
    const seen = new Map<string, number>();
    for (const k of keys) seen.set(k, (seen.get(k) ?? 0) + 1);
    return [...seen.values()].reduce((s, n) => s + (n - 1), 0);
  };
  const dupRequests = countBy(rows.flatMap((r) => (r.requestId ? [r.requestId] : [])));
  const dupNumbers = countBy(rows.map((r) => `${r.day}/${r.number}`));
  if (dupRequests) problems.push(`${dupRequests} request ids gave more than one ticket`);
  if (dupNumbers) problems.push(`${dupNumbers} numbers given twice in a day`);
  duplicated += dupRequests + dupNumbers;

  let eventGaps = 0;
  for (let i = 1; i < events.length; i++) {
    const gap = events[i]!.seq - events[i - 1]!.seq - 1;
    if (gap !== 0) {
      eventGaps += Math.abs(gap);
      problems.push(`outbox seq jumps from ${events[i - 1]!.seq} to ${events[i]!.seq}`);
    }
  }
  for (const e of events) {
    if (e.ticketId && e.type.startsWith('ticket.') && !byId.has(e.ticketId)) {
      eventGaps++;
      problems.push(`event #${e.seq} ${e.type} names ticket ${e.ticketId}, which does not exist`);
    }
  }
  for (const r of rows) {
    if (!issued.has(r.id)) {
      eventGaps++;
      problems.push(`ticket ${r.number} has no ticket.issued event: the city never hears of it`);
    }
  }

  let stateMismatches = 0;
  const lastState = new Map<string, string>();
  for (const e of events) {
    const s = STATE_AFTER[e.type];
    if (s && e.ticketId) lastState.set(e.ticketId, s);
  }
  for (const r of rows) {
    const s = lastState.get(r.id);
    if (s !== undefined && s !== r.state) {
      stateMismatches++;
      problems.push(`ticket ${r.number} is ${r.state} but its events say ${s}`);
    }
  }

  let counterMismatches = 0;
  const perCounter = new Map<string, number[]>();
  for (const r of rows) {
    const k = `${r.day}/${prefixes.get(r.serviceId) ?? '?'}`;
    const list = perCounter.get(k) ?? [];
    list.push(r.seqNo);
    perCounter.set(k, list);
  }
  for (const c of counters) {
    const list = (perCounter.get(`${c.day}/${c.prefix}`) ?? []).sort((a, b) => a - b);
    const contiguous = list.length === c.last && list.every((n, i) => n === i + 1);
    if (!contiguous) {
      counterMismatches++;
      problems.push(`day counter ${c.day}/${c.prefix} is at ${c.last} but ${list.length} tickets have its numbers`);
    }
  }

  const report: CrashDrillReport = {
    name: 'crash',
    passed: false,
    lost,
    duplicated,
    hub_exits: hubExits,
    kills: o.kills,
    seed: o.seed,
    acked_tickets: acked.length,
    retried_in_flight: retriedInFlight,
    acked_clerk_actions: clerkActions,
    events: events.length,
    event_gaps: eventGaps,
    state_mismatches: stateMismatches,
    counter_mismatches: counterMismatches,
    resyncs_checked: resyncsChecked,
    resync_failures: resyncFailures,
    seconds: Math.round((Date.now() - t0) / 100) / 10,
    problems: problems.slice(0, 50),
  };
  report.passed = lost === 0 && duplicated === 0 && hubExits === 0 && eventGaps === 0 && stateMismatches === 0 && counterMismatches === 0 && resyncFailures === 0 && problems.length === 0;
  return report;
}
