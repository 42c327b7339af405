/**
 * Devices as hub clients: who is online, what their peripherals report, and print jobs. Printing
 * never blocks issuing: a job goes to the agent bound to the kiosk after the ticket is committed,
 * and a job with no result in time, or a failed one, is reported to the kiosk (show the ticket on
 * screen) and to managers (device health).
 */
import { randomUUID } from 'node:crypto';
import { printErrorText, type Device, type KioskPrinter, type PeripheralStatus, type PrintError, type PrintJob, type ServerToClientEvents, type TicketPrintData } from '@motcua/shared';
import type { DeviceRepo, DeviceRow, PrintJobRepo } from '../db/repositories';
import type { Logger } from '../logger';
import type { Tx } from './unit-of-work';

export interface DevicePush {
  toDevice<E extends keyof ServerToClientEvents>(deviceId: string, event: E, ...args: Parameters<ServerToClientEvents[E]>): void;
}

export function publicDevice(d: DeviceRow): Device {
  const { boundDeviceId: _b, revoked: _r, ...device } = d;
  return device;
}

export class DeviceService {
  private readonly sockets = new Map<string, number>();
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly repo: DeviceRepo,
    private readonly jobs: PrintJobRepo,
    private readonly push: DevicePush,
    private readonly log: Logger,
    private readonly printTimeoutMs: number,
    /**
     * Settles a timed-out job through the normal command path (its own transaction + delta); false
     * when it could not be written (storage unavailable): the timeout is then tried again later.
     */
    private readonly onTimeout: (jobId: string) => boolean,
  ) {}

  isOnline = (deviceId: string): boolean => (this.sockets.get(deviceId) ?? 0) > 0;

  /** Returns true when this is the device's first socket (it just came online). */
  connected(deviceId: string): boolean {
    const n = (this.sockets.get(deviceId) ?? 0) + 1;
    this.sockets.set(deviceId, n);
    return n === 1;
  }

  /** Returns true when the device has no socket left (it just went offline). */
  disconnected(deviceId: string): boolean {
    const n = Math.max(0, (this.sockets.get(deviceId) ?? 0) - 1);
    if (n === 0) this.sockets.delete(deviceId);
    else this.sockets.set(deviceId, n);
    return n === 0;
  }

  device(id: string): DeviceRow | null {
    return this.repo.byId(id, this.isOnline);
  }

  all(): DeviceRow[] {
    return this.repo.all(this.isOnline);
  }

  markPresence(tx: Tx, deviceId: string, online: boolean): void {
    const d = this.device(deviceId);
    if (!d) return;
    this.repo.markSeen(deviceId, tx.now, d.peripherals);
    tx.event(online ? 'device.online' : 'device.offline', null, { deviceId, kind: d.kind });
    tx.changes.devices.set(d.id, publicDevice({ ...d, online, lastSeenAt: tx.now }));
  }

  /** Stores peripheral health; a change of health is an audited event and a delta for managers. */
  updateStatus(tx: Tx, deviceId: string, peripherals: PeripheralStatus[]): void {
    const d = this.device(deviceId);
    if (!d) return;
    const before = new Map(d.peripherals.map((p) => [p.name, p.health]));
    this.repo.markSeen(deviceId, tx.now, peripherals);
    const changed = peripherals.filter((p) => before.get(p.name) !== p.health);
    if (changed.length === 0 && peripherals.length === d.peripherals.length) return;
    for (const p of changed) tx.event('device.health', null, { deviceId, peripheral: p.name, kind: p.kind, health: p.health, detail: p.detail });
    tx.changes.devices.set(d.id, publicDevice({ ...d, peripherals, lastSeenAt: tx.now }));
  }

  /** The printers of the agents bound to a kiosk, and whether one of them is online. */
  printerOf(kioskId: string): KioskPrinter {
    const agents = this.repo.agentsBoundTo(kioskId);
    const online = agents.filter(this.isOnline);
    const of = (kind: PeripheralStatus['kind']): PeripheralStatus[] => online.flatMap((id) => this.device(id)?.peripherals.filter((p) => p.kind === kind) ?? []);
    return { configured: agents.length > 0, online: online.length > 0, printers: of('printer'), chipReaders: of('chip_reader') };
  }

  /** The online agent bound to this kiosk with a ready chip reader (the one a chip read goes to), or null. */
  chipAgentOf(kioskId: string): string | null {
    return this.repo.agentsBoundTo(kioskId).find((id) => this.isOnline(id) && (this.device(id)?.peripherals.some((p) => p.kind === 'chip_reader' && p.health === 'ready') ?? false)) ?? null;
  }

  /**
   * Creates a print job for a ticket issued at a kiosk and sends it after commit to an online agent
   * bound to that kiosk. Returns null when no agent is bound or online (the kiosk shows the ticket).
   */
  queuePrint(tx: Tx, ticketId: string, kioskId: string, data: TicketPrintData): string | null {
    const agent = this.repo.agentsBoundTo(kioskId).find(this.isOnline);
    if (!agent) return null;
    const jobId = randomUUID();
    this.jobs.insert(jobId, ticketId, kioskId, agent, tx.now);
    tx.event('print.sent', ticketId, { jobId, agentId: agent, kioskId });
    const job: PrintJob = { jobId, peripheral: 'printer', ticketId, ticket: data };
    tx.afterCommit(() => {
      this.push.toDevice(agent, 'print:job', job);
      this.armTimeout(jobId);
    });
    return jobId;
  }

  /** After printTimeoutMs without a result the job is settled as failed (retried while that write is refused). */
  private armTimeout(jobId: string): void {
    const timer = setTimeout(() => {
      this.timers.delete(jobId);
      let settled = false;
      try {
        settled = this.onTimeout(jobId);
      } catch (e) {
        this.log.error({ err: e, jobId }, 'print timeout could not be settled');
        settled = true;
      }
      if (!settled) this.armTimeout(jobId);
    }, this.printTimeoutMs);
    timer.unref();
    this.timers.set(jobId, timer);
  }

  /**
   * Settles a job; a replayed or late result for a settled job changes nothing. The error is kept
   * (database, audit event) as "code: message"; the kiosk gets it typed in `print:failed`.
   */
  /** The agent a print job was sent to (undefined: no such job). */
  printJobAgent(jobId: string): string | null | undefined {
    return this.jobs.agentOf(jobId);
  }

  settlePrint(tx: Tx, jobId: string, ok: boolean, printError: PrintError | null): { ticketId: string; kioskId: string | null } | null {
    const error = printError ? printErrorText(printError) : null;
    const settled = this.jobs.settle(jobId, ok ? 'printed' : 'failed', error, tx.now);
    if (!settled) return null;
    const timer = this.timers.get(jobId);
    if (timer) clearTimeout(timer);
    this.timers.delete(jobId);
    tx.event(ok ? 'print.printed' : 'print.failed', settled.ticketId, { jobId, error });
    if (ok && settled.kioskId) {
      const kioskId = settled.kioskId;
      tx.afterCommit(() => this.push.toDevice(kioskId, 'print:printed', { jobId, ticketId: settled.ticketId }));
    }
    if (!ok && settled.kioskId) {
      const kioskId = settled.kioskId;
      tx.afterCommit(() => {
        this.push.toDevice(kioskId, 'print:failed', { jobId, ticketId: settled.ticketId, error: printError });
        this.log.warn({ jobId, ticketId: settled.ticketId, error }, 'print job failed');
      });
    }
    return settled;
  }

  stop(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}
