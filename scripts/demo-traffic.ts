/**
 * `npm start -- --demo-traffic [--demo-speed N] [--demo-days N]`: simulated citizens take tickets
 * at the kiosk and simulated clerks at counters 1–5 call, serve and finish, on an accelerated clock
 * (`speed` simulated minutes per real minute; 30 by default, so a ward day of 8 hours takes 16
 * minutes). The day is shaped like a real ward's: arrivals per hour, service mix, service times
 * (lognormal) and each counter's breaks come from the vendored scenario
 * hub-server/bench/scenarios/ward-M-280.json (5 counters, 280 visitors a day), not a flood.
 * Uses the real hub protocol.
 *
 * Every simulated client resumes by itself after a disconnect, a ping timeout or a hub restart:
 * a clerk reconnects with its session token (and signs in again if the session is gone); the
 * kiosk reconnects with its device token; every command has a time limit and is refused at once
 * while offline (the shared typed client), so no lost acknowledgement can stall a clerk.
 * (Before: a clerk reconnected anonymously after its ping timeout and every call was refused
 * from then on; a call whose answer was lost left the clerk waiting forever.)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { call as callHub, PROTOCOL_VERSION, type ClientToServerEvents, type CommandData, type CommandInput, type CommandName, type CommandResult, type ServerToClientEvents } from '@motcua/shared';
import { DEMO_ACCOUNTS, DEMO_COUNTERS, DEMO_SERVICES } from '@motcua/hub-server';
import { demoSocketOptions } from './demo-devices';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

/** What the traffic takes from a ward-day scenario (hub-server/bench/scenarios/README.md). */
export interface WardDay {
  name: string;
  lengthMin: number;
  lastTicketMin: number;
  hourlyShare: number[];
  visitorsPerDay: number;
  /** In the order of DEMO_SERVICES. */
  services: { share: number; meanMin: number; cv: number }[];
  /** Per demo counter, in the order of DEMO_COUNTERS. */
  breaks: { atMin: number; lengthMin: number }[][];
}

export const DEFAULT_SCENARIO = join(import.meta.dirname, '..', 'hub-server', 'bench', 'scenarios', 'ward-M-280.json');

/** Reads a scenario file; its services map in order onto the demo ward's six, its counters onto counters 1–5. */
export function loadWardDay(file = DEFAULT_SCENARIO): WardDay {
  const s = JSON.parse(readFileSync(file, 'utf8')) as {
    name: string;
    day: { lengthMin: number; lastTicketMin: number; hourlyShare: number[] };
    visitorsPerDay: number;
    services: { share: number; meanMin: number; cv: number }[];
    counters: { breaks?: { atMin: number; lengthMin: number }[] }[];
  };
  if (s.services.length < DEMO_SERVICES.length || s.counters.length < DEMO_COUNTERS.length) {
    throw new Error(`${file}: needs at least ${DEMO_SERVICES.length} services and ${DEMO_COUNTERS.length} counters for the demo ward`);
  }
  return {
    name: s.name,
    lengthMin: s.day.lengthMin,
    lastTicketMin: s.day.lastTicketMin,
    hourlyShare: s.day.hourlyShare,
    visitorsPerDay: s.visitorsPerDay,
    services: s.services.slice(0, DEMO_SERVICES.length),
    breaks: s.counters.slice(0, DEMO_COUNTERS.length).map((c) => c.breaks ?? []),
  };
}

export interface TrafficOptions {
  hubUrl: string;
  kioskToken: string;
  /** Simulated minutes per real minute (default 30). */
  speed?: number;
  /**
   * Ward days of arrivals; after them no citizen arrives, `done` resolves, and the clerks carry on
   * serving whoever still waits until `stop()`. Default: day after day until stopped.
   */
  days?: number;
  scenario?: WardDay;
  /** Print every fifth ticket at the kiosk's printer (default true). */
  print?: boolean;
  log?: (msg: string) => void;
}

export interface ClientReport {
  name: string;
  kind: 'kiosk' | 'clerk';
  /** Commands that succeeded: tickets issued (kiosk), citizens called (clerk). */
  ok: number;
  /** Refusals and failures by code (no_ticket while the queue is empty is normal). */
  failed: Record<string, number>;
  /** Times the socket came back after a disconnect. */
  reconnects: number;
  signIns: number;
  /** Simulated minute (since the traffic started) of every success, newest last (at most 2,000 kept). */
  okAt: number[];
}

export interface TrafficReport {
  scenario: string;
  lengthMin: number;
  lastTicketMin: number;
  speed: number;
  simMin: number;
  clients: ClientReport[];
}

export interface DemoTraffic {
  stop(): void;
  report(): TrafficReport;
  /** Resolves once the `days` ward days of arrivals are over (the clerks still serve until `stop()`). */
  done: Promise<TrafficReport>;
}

const COMMAND_TIMEOUT_MS = 10_000;
const anon = { protocolVersion: PROTOCOL_VERSION };

function newReport(name: string, kind: ClientReport['kind']): ClientReport {
  return { name, kind, ok: 0, failed: {}, reconnects: 0, signIns: 0, okAt: [] };
}

/** A socket that comes back by itself: after a transport loss (socket.io does it) and after the hub ends it (we do). */
function resilientSocket(url: string, report: ClientReport, auth: () => Record<string, unknown>, stopped: () => boolean): Client {
  const s: Client = io(url, { auth: (cb) => cb(auth()), transports: ['websocket'], forceNew: true, reconnectionDelay: 500, reconnectionDelayMax: 5000, ...demoSocketOptions(url) });
  let connectedOnce = false;
  s.on('connect', () => {
    if (connectedOnce) report.reconnects++;
    connectedOnce = true;
  });
  const again = (): void => {
    if (!stopped()) setTimeout(() => !stopped() && !s.connected && s.connect(), 1000);
  };
  // Refused at the handshake (an ended session) or disconnected by the hub: socket.io does not retry those.
  s.on('connect_error', () => {
    if (!s.active) again();
  });
  s.on('disconnect', (reason) => {
    if (reason === 'io server disconnect') again();
  });
  return s;
}

function send<N extends CommandName>(s: Client, name: N, input: CommandInput<N>): Promise<CommandResult<CommandData<N>>> {
  return callHub(s, name, input, { timeoutMs: COMMAND_TIMEOUT_MS });
}

export function startDemoTraffic(opts: TrafficOptions): DemoTraffic {
  const speed = opts.speed ?? 30;
  const day = opts.scenario ?? loadWardDay();
  const log = opts.log ?? (() => undefined);
  const t0 = Date.now();
  /** Simulated minutes since the traffic started. */
  const simNow = (): number => ((Date.now() - t0) / 60_000) * speed;
  /** Real milliseconds for `min` simulated minutes. */
  const realMs = (min: number): number => (min * 60_000) / speed;
  let stopped = false;
  const isStopped = (): boolean => stopped;
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, fn: () => void): void => {
    const t = setTimeout(() => {
      timers.delete(t);
      if (!stopped) fn();
    }, ms);
    timers.add(t);
  };
  const reports: ClientReport[] = [];
  const succeeded = (r: ClientReport): void => {
    r.ok++;
    r.okAt.push(Math.round(simNow() * 10) / 10);
    if (r.okAt.length > 2000) r.okAt.shift();
  };
  const failed = (r: ClientReport, code: string): void => {
    r.failed[code] = (r.failed[code] ?? 0) + 1;
  };
  const exp = (mean: number): number => -Math.log(1 - Math.random()) * mean;
  /** A lognormal draw with this mean and coefficient of variation. */
  const lognormal = (mean: number, cv: number): number => {
    const sigma2 = Math.log(1 + cv * cv);
    const z = Math.sqrt(-2 * Math.log(1 - Math.random())) * Math.cos(2 * Math.PI * Math.random());
    return Math.exp(Math.log(mean) - sigma2 / 2 + Math.sqrt(sigma2) * z);
  };
  const serviceIndex = new Map(DEMO_SERVICES.map((s, i) => [s.id, i]));

  // ---------------------------------------------------------------- citizens at the kiosk
  const kioskReport = newReport('kiosk', 'kiosk');
  reports.push(kioskReport);
  const kiosk = resilientSocket(opts.hubUrl, kioskReport, () => ({ ...anon, token: opts.kioskToken }), isStopped);
  let n = 0;
  const totalShare = day.services.reduce((a, s) => a + s.share, 0);
  const arrive = (): void => {
    let r = Math.random() * totalShare;
    const i = Math.max(0, day.services.findIndex((s) => (r -= s.share) < 0));
    const service = DEMO_SERVICES[i] ?? DEMO_SERVICES[0]!;
    n++;
    void send(kiosk, 'ticket:issue', { serviceId: service.id, channel: 'kiosk', requestId: `demo-${t0}-${n}`, print: (opts.print ?? true) && n % 5 === 0, priorityGroup: Math.random() < 0.05 ? 'elderly' : null }).then((res) => {
      if (res.ok) succeeded(kioskReport);
      else failed(kioskReport, res.error.code);
    });
    scheduleArrival();
  };
  /** The next walk-in: Poisson at the scenario's rate for the hour; none after the last ticket minute until the next day. */
  const scheduleArrival = (): void => {
    const now = simNow();
    const dayNo = Math.floor(now / day.lengthMin);
    if (opts.days !== undefined && dayNo >= opts.days) return;
    const m = now - dayNo * day.lengthMin;
    if (m >= day.lastTicketMin) {
      later(realMs((dayNo + 1) * day.lengthMin - now) + 1, scheduleArrival);
      return;
    }
    const perMin = (day.visitorsPerDay * (day.hourlyShare[Math.floor(m / 60)] ?? 0)) / 60;
    if (perMin <= 0) {
      later(realMs(60 - (m % 60)) + 1, scheduleArrival);
      return;
    }
    later(realMs(exp(1 / perMin)), arrive);
  };
  scheduleArrival();

  // ---------------------------------------------------------------- clerks at counters 1–5
  const clerkSockets = DEMO_COUNTERS.map((counter, i) => {
    const account = DEMO_ACCOUNTS.find((a) => a.id === `u-${i + 1}`)!;
    const report = newReport(`clerk ${account.username} (${counter.id})`, 'clerk');
    reports.push(report);
    let token: string | null = null;
    let signingIn = false;
    const s = resilientSocket(opts.hubUrl, report, () => (token ? { ...anon, token } : anon), isStopped);
    const signIn = async (): Promise<void> => {
      if (signingIn || !s.connected) return;
      signingIn = true;
      try {
        const r = await send(s, 'auth:login', { username: account.username, password: account.password, counterId: counter.id });
        if (!r.ok) {
          failed(report, `login:${r.error.code}`);
          return;
        }
        token = r.data.token; // reconnects resume this session
        report.signIns++;
        await send(s, 'counter:open', { counterId: counter.id });
      } finally {
        signingIn = false;
      }
    };
    s.on('connect', () => {
      if (!token) void signIn();
    });
    s.on('session:ended', () => {
      token = null; // the next connection signs in afresh
    });
    s.on('connect_error', (e) => {
      if (e.message === 'unauthenticated') token = null;
    });
    const breaks = (day.breaks[i] ?? []).map((b) => ({ ...b, day: -1 }));
    const work = async (): Promise<void> => {
      if (!s.connected || !token) {
        if (s.connected && !token) await signIn();
        later(500, () => void work());
        return;
      }
      const now = simNow();
      const dayNo = Math.floor(now / day.lengthMin);
      const b = breaks.find((x) => x.day !== dayNo && now - dayNo * day.lengthMin >= x.atMin);
      if (b) {
        b.day = dayNo;
        const p = await send(s, 'counter:pause', { counterId: counter.id, reason: 'Nghỉ giải lao' });
        if (p.ok) {
          later(realMs(b.lengthMin), () => void send(s, 'counter:resume', { counterId: counter.id }).then(() => work()));
          return;
        }
      }
      const r = await send(s, 'counter:callNext', { counterId: counter.id });
      if (r.ok) {
        succeeded(report);
        const svc = day.services[serviceIndex.get(r.data.serviceId) ?? 0] ?? { meanMin: 8, cv: 0.8 };
        later(realMs(exp(0.3)), () => void send(s, 'ticket:start', { ticketId: r.data.id }));
        later(realMs(lognormal(svc.meanMin, svc.cv)), () => void work());
        return;
      }
      const code = r.error.code;
      failed(report, code);
      if (code === 'unauthenticated') token = null;
      else if (code === 'counter_not_open') {
        // After a restart the counter may be paused (a break cut short) or closed: open it again.
        const resumed = await send(s, 'counter:resume', { counterId: counter.id });
        if (!resumed.ok) await send(s, 'counter:open', { counterId: counter.id });
      }
      // Nobody waiting: look again in a simulated minute; otherwise retry soon.
      later(code === 'no_ticket' ? Math.max(200, realMs(1)) : 1000, () => void work());
    };
    later(1000 + i * 300, () => void work());
    return s;
  });

  const stop = (): void => {
    if (stopped) return;
    stopped = true;
    for (const t of timers) clearTimeout(t);
    kiosk.close();
    for (const c of clerkSockets) c.close();
  };
  const report = (): TrafficReport => ({ scenario: day.name, lengthMin: day.lengthMin, lastTicketMin: day.lastTicketMin, speed, simMin: Math.round(simNow() * 10) / 10, clients: reports.map((r) => ({ ...r, failed: { ...r.failed }, okAt: [...r.okAt] })) });
  const done = new Promise<TrafficReport>((resolve) => {
    if (opts.days === undefined) return;
    const endMin = opts.days * day.lengthMin;
    const check = (): void => {
      if (stopped || simNow() >= endMin) resolve(report());
      else later(500, check);
    };
    check();
  });
  log(`demo traffic: ${day.name}, ${day.visitorsPerDay} visitors a day, ${DEMO_COUNTERS.length} counters, ${speed} simulated minutes per real minute`);
  return { stop, report, done };
}

/**
 * The clients that stopped: no success after simulated minute `since` (a disruption, or the start),
 * although the traffic went on for at least `graceMin` after it.
 */
export function stoppedClients(r: TrafficReport, since: number, graceMin: number): string[] {
  if (r.simMin < since + graceMin) return [];
  return r.clients.filter((c) => !c.okAt.some((t) => t > since)).map((c) => c.name);
}
