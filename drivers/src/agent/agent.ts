/**
 * The device agent: connects to the hub over socket.io with a device token, binds the devices of
 * its config, reports their status, runs print jobs, forwards scans, keys and ratings, drives LED
 * boards and rating pads, and reconnects by itself. Used by the `motcua-agent` bin and by the
 * Electron mains (kiosk, counter, board) as a library.
 *
 * Print jobs are never dropped silently: each job is tried `print.attempts` times; its outcome is
 * sent as `print:result` (ok, or the driver's typed error code and a Vietnamese message) and
 * re-sent until the hub acknowledges it, across reconnects. Commands go through the shared typed
 * client (`call`): nothing is sent, and so nothing is replayed later, while the hub is offline. The hub then tells the kiosk
 * (`print:failed`) to show the ticket on screen. A job id seen twice is not printed twice.
 */
import {
  call,
  PROTOCOL_VERSION,
  type ClientToServerEvents,
  type ChipErrorCode,
  type ChipReadOutcome,
  type ChipReadRequest,
  type DeviceHealth,
  type DeviceInput,
  type LedCommand,
  type PeripheralStatus,
  type PrintError,
  type PrintJob,
  type PrintResultInput,
  type RatingRequest,
  type ServerToClientEvents,
} from '@motcua/shared';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Logger } from 'pino';
import { io, type Socket } from 'socket.io-client';
import { createDevices, type DeviceSet } from '../compose';
import type { AgentConfig } from '../config';
import { Emitter } from '../emitter';
import { DeviceError, toDeviceError } from '../errors';
import { componentLogger } from '../logger';
import type { PrinterStatus } from '../printer/status';
import type { TicketPrinter } from '../printer/types';
import { say } from '../i18n';
import { readForKiosk } from '../chip/kiosk-read';

export type AgentSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface PrintOutcome {
  jobId: string;
  ticketId: string;
  ok: boolean;
  /** The last failure: the driver's code and its Vietnamese message. */
  error?: PrintError;
  attempts: number;
}

export interface AgentEvents extends Record<string, unknown> {
  connection: { connected: boolean; reason: string | null };
  print: PrintOutcome;
  status: PeripheralStatus[];
  input: DeviceInput;
  /** A chip read for the kiosk ran (codes only, nothing personal). */
  chip: { ok: true; verified: boolean } | { ok: false; code: ChipErrorCode };
}

export interface AgentOptions {
  config: AgentConfig;
  /** Devices built by the caller (tests, Electron); default: `createDevices(config)`. */
  devices?: DeviceSet;
  logger?: Logger;
  /** Clock for status timestamps (tests). */
  now?: () => number;
}

const RESULT_RETRY_MS = 3000;
const ACK_TIMEOUT_MS = 5000;
const MAX_REMEMBERED_JOBS = 500;

function printerHealth(s: PrinterStatus): DeviceHealth {
  return s.state;
}

export class DeviceAgent {
  readonly config: AgentConfig;
  private devices: DeviceSet | null;
  private socket: AgentSocket | null = null;
  private readonly log: Logger;
  private readonly events = new Emitter<AgentEvents>();
  private readonly now: () => number;
  private readonly statuses = new Map<string, PeripheralStatus>();
  private readonly jobs = new Map<string, Promise<PrintOutcome>>();
  private readonly printQueues = new Map<string, Promise<unknown>>();
  private readonly outbox = new Map<string, PrintResultInput>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private statusTimer: NodeJS.Timeout | null = null;
  private statusDirty: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(opts: AgentOptions) {
    this.config = opts.config;
    this.devices = opts.devices ?? null;
    this.log = componentLogger('agent', opts.logger);
    this.now = opts.now ?? Date.now;
  }

  get connected(): boolean {
    return this.socket?.connected ?? false;
  }

  get deviceSet(): DeviceSet {
    if (!this.devices) throw new Error('agent not started');
    return this.devices;
  }

  on<K extends keyof AgentEvents>(event: K, listener: (payload: AgentEvents[K]) => void): () => void {
    return this.events.on(event, listener);
  }

  /** Current status of every bound device. */
  peripherals(): PeripheralStatus[] {
    return [...this.statuses.values()];
  }

  async start(): Promise<void> {
    this.devices ??= await createDevices(this.config, { logger: this.log, chipPseudonymKey: chipPseudonymKey(this.config.deviceToken) });
    this.bindDevices(this.devices);
    await this.devices.start();
    for (const [name, p] of this.devices.printers) {
      const cfg = this.config.printers.find((c) => c.name === name);
      p.startMonitoring(cfg?.statusPollMs ?? 5000);
    }
    this.connect();
    this.statusTimer = setInterval(() => this.sendStatus(), this.config.statusIntervalMs);
    this.statusTimer.unref();
  }

  private setStatus(name: string, kind: PeripheralStatus['kind'], health: DeviceHealth, detail: string | null): void {
    const prev = this.statuses.get(name);
    this.statuses.set(name, { name, kind, health, detail: detail?.slice(0, 300) ?? null, at: this.now() });
    if (!prev || prev.health !== health || prev.detail !== detail) {
      // Coalesce bursts (several devices changing at start-up) into one report.
      if (!this.statusDirty) {
        this.statusDirty = setTimeout(() => {
          this.statusDirty = null;
          this.sendStatus();
        }, 50);
      }
    }
  }

  private bindDevices(d: DeviceSet): void {
    for (const [name, p] of d.printers) {
      this.setStatus(name, 'printer', 'unknown', 'not checked yet');
      p.onStatus((s) => this.setStatus(name, 'printer', printerHealth(s), s.detail));
    }
    const bindHealth = (name: string, kind: PeripheralStatus['kind'], dev: { health(): { health: DeviceHealth; detail: string | null }; onHealth(l: (h: { health: DeviceHealth; detail: string | null }) => void): () => void }): void => {
      const h = dev.health();
      this.setStatus(name, kind, h.health, h.detail);
      dev.onHealth((x) => this.setStatus(name, kind, x.health, x.detail));
    };
    for (const [name, s] of d.scanners) {
      bindHealth(name, 'scanner', s);
      s.onScan((scan) => this.forwardInput({ type: 'scan', peripheral: name, data: scan.raw.slice(0, 2000) }));
    }
    for (const [name, k] of d.keypads) {
      bindHealth(name, 'keypad', k);
      k.onKey((e) => this.forwardInput({ type: 'key', peripheral: name, key: e.key }));
    }
    for (const [name, r] of d.ratingPads) {
      bindHealth(name, 'rating_pad', r);
      r.onRating((e) => this.forwardInput({ type: 'rating', peripheral: name, score: e.score }));
    }
    for (const [name, l] of d.leds) bindHealth(name, 'led', l);
    for (const [name, c] of d.chipReaders) bindHealth(name, 'chip_reader', c);
  }

  private connect(): void {
    const socket: AgentSocket = io(this.config.hubUrl, {
      auth: { protocolVersion: PROTOCOL_VERSION, token: this.config.deviceToken },
      // Pin the ward CA: with `ca` set, Node trusts that CA and no other (not the public roots).
      ...(this.config.hubCaFile ? { ca: readCa(this.config.hubCaFile), rejectUnauthorized: true } : {}),
      reconnection: true,
      reconnectionDelay: 500,
      reconnectionDelayMax: 10_000,
      transports: ['websocket'],
    });
    this.socket = socket;
    socket.on('connect', () => {
      this.log.info({ hub: this.config.hubUrl }, 'connected to hub');
      this.events.emit('connection', { connected: true, reason: null });
      this.sendStatus();
      this.flushOutbox();
    });
    socket.on('disconnect', (reason) => {
      this.log.warn({ reason }, 'disconnected from hub');
      this.events.emit('connection', { connected: false, reason });
      // After a server-side disconnect socket.io does not retry by itself; an agent always does.
      if (reason === 'io server disconnect' && !this.stopped) this.later(() => socket.connect(), 1000);
    });
    socket.on('connect_error', (e) => {
      this.log.warn({ err: e.message }, 'cannot connect to hub');
      this.events.emit('connection', { connected: false, reason: e.message });
      // Refused by the hub (bad token, protocol mismatch): socket.io gives up; retry slowly.
      if (!socket.active && !this.stopped) this.later(() => socket.connect(), 10_000);
    });
    socket.on('print:job', (job) => void this.handlePrintJob(job));
    socket.on('led:show', (cmd) => void this.handleLed(cmd));
    socket.on('rating:request', (req) => void this.handleRatingRequest(req));
    socket.on('rating:done', () => void this.handleRatingDone());
    socket.on('chip:read', (req) => void this.handleChipRead(req));
    socket.on('session:ended', (info) => this.log.error({ reason: info.reason }, 'hub ended this device session (revoked?)'));
  }

  private later(fn: () => void, ms: number): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (!this.stopped) fn();
    }, ms);
    this.timers.add(t);
  }

  private sendStatus(): void {
    const peripherals = this.peripherals();
    this.events.emit('status', peripherals);
    const s = this.socket;
    if (!s?.connected || peripherals.length === 0) return;
    void call(s, 'device:status', { peripherals: peripherals.slice(0, 32) }, { timeoutMs: ACK_TIMEOUT_MS }).then((res) => {
      if (!res.ok && res.error.code === 'timeout') this.log.warn('hub did not acknowledge device status');
      else if (!res.ok) this.log.warn({ error: res.error }, 'hub refused device status');
    });
  }

  private forwardInput(input: DeviceInput): void {
    this.events.emit('input', input);
    const s = this.socket;
    if (!s) {
      this.log.warn({ type: input.type, peripheral: input.peripheral }, 'hub offline: input not delivered');
      return;
    }
    // A key press or scan replayed minutes later would act on the wrong citizen: offline, it is dropped, loudly.
    void call(s, 'device:input', input, { timeoutMs: ACK_TIMEOUT_MS }).then((res) => {
      if (res.ok) return;
      if (res.error.code === 'offline') this.log.warn({ type: input.type, peripheral: input.peripheral }, 'hub offline: input not delivered');
      else if (res.error.code === 'timeout') this.log.warn({ type: input.type }, 'hub did not acknowledge input');
      else this.log.warn({ type: input.type, error: res.error }, 'hub refused input');
    });
  }

  /** Runs a print job (also callable directly by an Electron main without a hub). */
  handlePrintJob(job: PrintJob): Promise<PrintOutcome> {
    const seen = this.jobs.get(job.jobId);
    if (seen) {
      this.log.info({ jobId: job.jobId }, 'print job already handled; re-sending its result');
      void seen.then((o) => this.sendResult(o));
      return seen;
    }
    const run = this.runPrintJob(job).then((outcome) => {
      this.events.emit('print', outcome);
      this.sendResult(outcome);
      return outcome;
    });
    this.jobs.set(job.jobId, run);
    if (this.jobs.size > MAX_REMEMBERED_JOBS) this.jobs.delete(this.jobs.keys().next().value!);
    return run;
  }

  private async runPrintJob(job: PrintJob): Promise<PrintOutcome> {
    const name = job.peripheral || 'printer';
    const printer = this.devices?.printers.get(name);
    const log = this.log.child({ jobId: job.jobId, ticket: job.ticket.number, printer: name });
    if (!printer) {
      const e = new DeviceError('printer', 'not_found', `no printer named "${name}" on this agent`);
      log.error({ err: e.message }, 'print job for an unknown printer');
      return { jobId: job.jobId, ticketId: job.ticketId, ok: false, error: { code: e.code, message: e.message.slice(0, 300) }, attempts: 0 };
    }
    // One job at a time per printer, in arrival order.
    const receivedAt = Date.now();
    const { attempts, retryDelayMs, retryWithinMs } = this.config.print;
    const prev = this.printQueues.get(name) ?? Promise.resolve();
    const result = prev.then(async (): Promise<PrintOutcome> => {
      let last: DeviceError | null = null;
      let tries = 0;
      for (let i = 1; i <= attempts; i++) {
        if (this.stopped) break;
        tries = i;
        try {
          const r = await printer.printTicket(job.ticket);
          log.info({ attempt: i, ms: Math.round(r.durationMs) }, 'ticket printed');
          return { jobId: job.jobId, ticketId: job.ticketId, ok: true, attempts: i };
        } catch (e) {
          last = toDeviceError('printer', e);
          log.warn({ attempt: i, code: last.code, written: last.written, err: last.message }, 'print attempt failed');
          // Every byte reached the printer: the ticket may be on paper. Sending it again blindly is
          // how one citizen got two or three tickets; the kiosk offers a reprint instead.
          if (last.written || !last.retryable || i === attempts) break;
          // Nothing was printed: try again once the printer is back, but only while the citizen
          // is still at the kiosk (retryWithinMs since the job arrived).
          if (!(await this.printerBackWithin(printer, receivedAt + retryWithinMs, retryDelayMs))) {
            log.warn({ retryWithinMs }, 'printer not back while the citizen waits: the kiosk offers a reprint');
            break;
          }
        }
      }
      const err = last ?? new DeviceError('printer', 'canceled', 'agent stopped');
      log.error({ code: err.code, written: err.written }, 'print job failed');
      const message = err.written ? `${err.messageVi} ${say('vi', 'print.mayHavePrinted')}` : err.messageVi;
      return { jobId: job.jobId, ticketId: job.ticketId, ok: false, error: { code: err.code, message: message.slice(0, 300) }, attempts: tries };
    });
    this.printQueues.set(name, result.catch(() => {}));
    return result;
  }

  /**
   * Waits until the printer reports ready (polling every `pollMs`, at least once) or `deadline`
   * (epoch ms) passes; true when it is ready in time.
   */
  private async printerBackWithin(printer: TicketPrinter, deadline: number, pollMs: number): Promise<boolean> {
    for (;;) {
      const wait = Math.min(pollMs, deadline - Date.now());
      if (wait < 0 || this.stopped) return false;
      await new Promise((r) => setTimeout(r, wait));
      const s = await printer.getStatus();
      if (s.state === 'ready' || s.state === 'paper_near_end') return true;
    }
  }

  private sendResult(o: PrintOutcome): void {
    const payload: PrintResultInput = o.ok ? { jobId: o.jobId, ok: true } : { jobId: o.jobId, ok: false, error: o.error };
    this.outbox.set(o.jobId, payload);
    this.flushOutbox();
  }

  /** Sends every unacknowledged print result; retried until the hub acknowledges each. */
  private flushOutbox(): void {
    const s = this.socket;
    if (!s?.connected) return;
    for (const [jobId, payload] of this.outbox) {
      void call(s, 'print:result', payload, { timeoutMs: ACK_TIMEOUT_MS }).then((res) => {
        if (res.ok) {
          this.outbox.delete(jobId);
          return;
        }
        if (res.error.code !== 'internal' && res.error.code !== 'timeout' && res.error.code !== 'offline') {
          // The hub understood and refused (unknown job…): retrying will not help.
          this.log.warn({ jobId, error: res.error }, 'hub refused print result');
          this.outbox.delete(jobId);
          return;
        }
        this.later(() => this.flushOutbox(), RESULT_RETRY_MS);
      });
    }
  }

  private async handleLed(cmd: LedCommand): Promise<void> {
    const leds = this.devices ? [...this.devices.leds] : [];
    for (const [name, led] of leds) {
      try {
        if (cmd.target === 'counter') await led.showCounter(cmd.counterNumber, cmd.number);
        else await led.showLines(cmd.lines);
      } catch (e) {
        const err = toDeviceError('led', e);
        // A bus without this counter is normal when several buses are bound.
        if (err.code === 'not_found' || err.code === 'unsupported') this.log.debug({ led: name, code: err.code }, 'LED command not for this bus');
        else this.log.warn({ led: name, code: err.code, err: err.message }, 'LED command failed');
      }
    }
  }

  /**
   * Reads the card on this agent's chip reader for its kiosk and answers the hub (`chip:result`).
   * Only the outcome leaves: name, age band, `verified`, or the typed error. Not retried later: a
   * read answered after the citizen left would greet the next one.
   */
  async handleChipRead(req: ChipReadRequest): Promise<ChipReadOutcome> {
    const reader = this.devices ? ([...this.devices.chipReaders.values()][0] ?? null) : null;
    const outcome = await readForKiosk(reader, req);
    this.events.emit('chip', outcome.ok ? { ok: true, verified: outcome.verified } : { ok: false, code: outcome.code });
    const s = this.socket;
    if (!s) return outcome;
    const res = await call(s, 'chip:result', { requestId: req.requestId, outcome }, { timeoutMs: ACK_TIMEOUT_MS });
    if (!res.ok) this.log.warn({ requestId: req.requestId, error: res.error.code }, 'hub did not take the chip read');
    return outcome;
  }

  private async handleRatingRequest(req: RatingRequest): Promise<void> {
    for (const [name, pad] of this.devices?.ratingPads ?? []) {
      await pad.ask({ scale: req.scale, timeoutSec: req.timeoutSec, ticketNumber: req.number }).catch((e: unknown) => this.log.warn({ pad: name, err: toDeviceError('rating_pad', e).message }, 'could not prompt rating pad'));
    }
  }

  private async handleRatingDone(): Promise<void> {
    for (const [name, pad] of this.devices?.ratingPads ?? []) {
      await pad.cancel().catch((e: unknown) => this.log.warn({ pad: name, err: toDeviceError('rating_pad', e).message }, 'could not cancel rating prompt'));
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.statusTimer) clearInterval(this.statusTimer);
    if (this.statusDirty) clearTimeout(this.statusDirty);
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    if (this.outbox.size) this.log.error({ jobs: [...this.outbox.keys()] }, 'stopping with print results the hub has not acknowledged');
    this.socket?.disconnect();
    this.socket = null;
    await this.devices?.close();
    this.events.clear();
  }
}

/** Builds, starts and returns an agent (what the bin and the Electron mains call). */
export async function startAgent(opts: AgentOptions): Promise<DeviceAgent> {
  const agent = new DeviceAgent(opts);
  await agent.start();
  return agent;
}

/**
 * The key of the chip reader's ID pseudonym: derived from the agent's device token (its own
 * secret), so the same card gives the same pseudonym on this agent across restarts, and a
 * re-paired agent (new token) starts a new series.
 */
export function chipPseudonymKey(deviceToken: string): Buffer {
  return createHmac('sha256', deviceToken).update('motcua:chip-pseudonym').digest();
}

/** The ward CA the agent pins (PEM), or a clear error naming the file. */
function readCa(file: string): string {
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(`hubCaFile ${file} cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)}): copy the ward CA certificate from the hub (motcua-hub init prints its path)`);
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new Error(`hubCaFile ${file} is not a PEM certificate`);
  return pem;
}
