import type { Logger } from 'pino';
import { Emitter } from '../emitter';
import { DeviceError, toDeviceError } from '../errors';
import { componentLogger } from '../logger';
import type { ByteTransport } from '../transport/transport';
import { encodeRasterJob, statusQuery } from './escpos';
import { mapStatus, type PrinterStatus, type StatusBytes } from './status';
import { renderTicket } from './ticket-render';
import type { PrintReport, TicketPrintData, TicketPrinter } from './types';

export interface EscPosPrinterOptions {
  name?: string;
  transport: ByteTransport;
  widthDots: 384 | 576;
  timeZone?: string;
  /** Whether the link carries answers (TCP, serial, USB with bulk IN, usblp). Default true. */
  bidirectional?: boolean;
  /** Wait for each DLE EOT answer. Default 800 ms. */
  statusTimeoutMs?: number;
  /**
   * How fast the printer takes bytes (serial: baud / 10; a network printer: what it prints per
   * second). A status query sent after a job waits behind the job's bytes still draining, so the
   * first answer after a job is allowed twice the drain time on top of `statusTimeoutMs`.
   * Default 16,000 B/s (a slow 80 mm printer), or baud / 10 for a serial link.
   */
  linkBytesPerSecond?: number;
  /** Whole-job limit for sending the bytes. Default 20 s. */
  jobTimeoutMs?: number;
  bandRows?: number;
  logger?: Logger;
}

/** A slow 80 mm printer's throughput; serial links use baud / 10 instead. */
export const DEFAULT_LINK_BYTES_PER_SECOND = 16_000;

/** An ESC/POS raster printer over any ByteTransport. */
export class EscPosPrinter implements TicketPrinter {
  readonly name: string;
  readonly widthDots: 384 | 576;
  private readonly t: ByteTransport;
  private readonly log: Logger;
  private readonly events = new Emitter<{ status: PrinterStatus }>();
  private last: PrinterStatus | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private monitor: NodeJS.Timeout | null = null;
  private closing = false;

  constructor(private readonly opts: EscPosPrinterOptions) {
    this.name = opts.name ?? 'printer';
    this.widthDots = opts.widthDots;
    this.t = opts.transport;
    this.log = componentLogger('driver:printer', opts.logger).child({ printer: this.name, transport: this.t.description });
    this.t.onClose((reason) => {
      if (!this.closing) this.log.warn({ reason }, 'printer link closed');
    });
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => {});
    return run;
  }

  private async ensureOpen(): Promise<void> {
    if (this.closing) throw new DeviceError('printer', 'canceled', 'printer closed');
    if (!this.t.isOpen) await this.t.open();
  }

  private async queryOnce(n: 1 | 2 | 4, timeoutMs = this.opts.statusTimeoutMs ?? 800): Promise<number | null> {
    try {
      await this.t.write(statusQuery(n));
      const [b] = await this.t.read(1, timeoutMs);
      return b ?? null;
    } catch (e) {
      const err = toDeviceError('printer', e);
      if (err.code === 'timeout') return null;
      throw err;
    }
  }

  /**
   * How long the first status answer after a job of `bytes` may take: the base timeout plus twice
   * the time the link needs to carry the job (the answer queues behind it). Without this a slow
   * printer still draining a 70 KB raster looked offline, and the job was sent again: two or three
   * paper copies of one ticket.
   */
  statusTimeoutAfter(bytes: number): number {
    const bps = this.opts.linkBytesPerSecond ?? DEFAULT_LINK_BYTES_PER_SECOND;
    return (this.opts.statusTimeoutMs ?? 800) + Math.ceil((2 * bytes * 1000) / bps);
  }

  /** Not serialised: callers hold the queue. `firstTimeoutMs`: the wait for the first answer. */
  private async readStatus(firstTimeoutMs?: number): Promise<PrinterStatus> {
    if (this.opts.bidirectional === false) {
      // No way to ask: an open link is all we know.
      return { ...mapStatus({ printer: 0x12, offlineCause: 0x12, paperSensor: 0x12 }), detail: 'one-way link: status not reported' };
    }
    try {
      await this.ensureOpen();
      this.t.discardInput();
      const raw: StatusBytes = { printer: await this.queryOnce(1, firstTimeoutMs), offlineCause: null, paperSensor: null };
      if (raw.printer !== null) {
        raw.offlineCause = await this.queryOnce(2);
        raw.paperSensor = await this.queryOnce(4);
      }
      return mapStatus(raw);
    } catch (e) {
      const err = toDeviceError('printer', e);
      return { ...mapStatus({ printer: null, offlineCause: null, paperSensor: null }), detail: `${err.code}: ${err.message}` };
    }
  }

  private publish(s: PrinterStatus): PrinterStatus {
    if (!this.last || this.last.state !== s.state || this.last.detail !== s.detail) {
      this.log.info({ state: s.state, detail: s.detail }, 'printer status');
      this.events.emit('status', s, (e) => this.log.error({ err: e }, 'status listener failed'));
    }
    this.last = s;
    return s;
  }

  getStatus(): Promise<PrinterStatus> {
    return this.serial(async () => this.publish(await this.readStatus()));
  }

  printTicket(ticket: TicketPrintData): Promise<PrintReport> {
    return this.serial(async () => {
      const t0 = performance.now();
      await this.ensureOpen().catch((e: unknown) => {
        throw toDeviceError('printer', e);
      });
      const bidi = this.opts.bidirectional !== false;
      if (bidi) {
        const before = this.publish(await this.readStatus());
        if (before.state !== 'ready' && before.state !== 'paper_near_end') {
          throw new DeviceError('printer', before.state === 'offline' && before.detail?.startsWith('disconnected') ? 'disconnected' : before.state, before.detail ?? undefined);
        }
      }
      const img = renderTicket(ticket, { widthDots: this.widthDots, timeZone: this.opts.timeZone });
      const bytes = encodeRasterJob(img, { bandRows: this.opts.bandRows });
      await this.withTimeout(this.t.write(bytes), this.opts.jobTimeoutMs ?? 20_000);
      let statusAfter: PrinterStatus | null = null;
      if (bidi) {
        statusAfter = this.publish(await this.readStatus(this.statusTimeoutAfter(bytes.length)));
        if (statusAfter.state !== 'ready' && statusAfter.state !== 'paper_near_end') {
          // Every byte went out but the printer stopped or did not answer: the ticket may be on
          // paper, whole or cut short. `written` tells the caller not to send it again by itself.
          throw new DeviceError('printer', statusAfter.detail?.startsWith('disconnected') ? 'disconnected' : statusAfter.state, `after sending: ${statusAfter.detail ?? statusAfter.state}`, { written: true });
        }
      }
      const report: PrintReport = { widthDots: img.width, heightDots: img.height, bytes: bytes.length, durationMs: performance.now() - t0, statusAfter };
      this.log.debug({ number: ticket.number, ...report, statusAfter: statusAfter?.state }, 'ticket printed');
      return report;
    });
  }

  private async withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        p,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => {
            void this.t.close();
            reject(new DeviceError('printer', 'timeout', `printer did not take the job within ${ms} ms`));
          }, ms);
        }),
      ]);
    } catch (e) {
      throw toDeviceError('printer', e);
    } finally {
      clearTimeout(timer);
    }
  }

  onStatus(listener: (status: PrinterStatus) => void): () => void {
    return this.events.on('status', listener);
  }

  startMonitoring(intervalMs = 5000): void {
    if (this.monitor) return;
    const tick = (): void => {
      void this.getStatus();
    };
    this.monitor = setInterval(tick, intervalMs);
    this.monitor.unref();
    tick();
  }

  async close(): Promise<void> {
    this.closing = true;
    if (this.monitor) clearInterval(this.monitor);
    this.monitor = null;
    await this.t.close();
    this.events.clear();
  }
}
