import type { Logger } from 'pino';
import { DeviceError, toDeviceError } from '../errors';
import { componentLogger } from '../logger';
import { SerialPeripheral, type HealthReport } from '../peripheral';
import type { ByteTransport } from '../transport/transport';
import { LED_PROTOCOLS, numericPart, type LedProtocol, type LedProtocolId } from './protocols';

/**
 * LED boards on one RS-485 bus: counter digit displays (one address per counter) and optionally
 * a main text board.
 *
 * - `showCounter` writes the numeric part of the ticket number to the counter's display (null
 *   blanks it). Counters without a configured address reject `not_found`. For protocols with
 *   replies (Modbus) it waits for the echo (`replyTimeoutMs`), retries once, then rejects
 *   `timeout` and reports the bus `offline`; a good echo reports it `ready` again.
 * - `showLines` writes each line to the main board; protocols without text reject `unsupported`.
 * - Writes while the port is down reject `disconnected`; the port is reopened by itself and the
 *   last value of every display is re-sent on reconnect (boards lose state on power loss).
 */
export interface LedBoard {
  readonly name: string;
  start(): Promise<void>;
  showCounter(counterNumber: number, ticketNumber: string | null): Promise<void>;
  showLines(lines: string[]): Promise<void>;
  onHealth(listener: (h: HealthReport) => void): () => void;
  health(): HealthReport;
  close(): Promise<void>;
}

export interface LedBusOptions {
  name?: string;
  transport: ByteTransport;
  protocol: LedProtocolId;
  /** counter number → bus address */
  counters: Record<number, number>;
  /** Address of the main text board, if any. */
  mainBoardAddress?: number;
  replyTimeoutMs?: number;
  reconnectMs?: number;
  logger?: Logger;
}

export class SerialLedBus extends SerialPeripheral<Record<string, never>> implements LedBoard {
  private readonly protocol: LedProtocol;
  private readonly shown = new Map<number, number | null>();
  private lines: string[] | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly opts: LedBusOptions) {
    const name = opts.name ?? 'led';
    super(name, 'led', opts.transport, componentLogger('driver:led', opts.logger).child({ bus: name, protocol: opts.protocol, port: opts.transport.description }), opts.reconnectMs ?? 3000, false);
    this.protocol = LED_PROTOCOLS[opts.protocol];
  }

  protected onBytes(): void {}

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => {});
    return run;
  }

  private async request(frame: Uint8Array): Promise<void> {
    if (!this.transport.isOpen) throw new DeviceError('led', 'disconnected', this.transport.description);
    if (this.protocol.replyLength === 0) {
      await this.send(frame);
      return;
    }
    let lastError: DeviceError | null = null;
    for (let attempt = 0; attempt < 2; attempt++) {
      this.transport.discardInput();
      await this.send(frame);
      try {
        const reply = await this.transport.read(this.protocol.replyLength, this.opts.replyTimeoutMs ?? 300);
        if (this.protocol.checkReply(frame, reply)) {
          this.setHealth('ready', null);
          return;
        }
        lastError = new DeviceError('led', 'protocol', 'bad reply from LED module');
      } catch (e) {
        lastError = toDeviceError('led', e);
        if (lastError.disconnected) break;
      }
    }
    const err = lastError ?? new DeviceError('led', 'timeout');
    this.setHealth('offline', `${err.code}: ${err.message}`);
    throw err;
  }

  showCounter(counterNumber: number, ticketNumber: string | null): Promise<void> {
    const address = this.opts.counters[counterNumber];
    if (address === undefined) return Promise.reject(new DeviceError('led', 'not_found', `no LED address configured for counter ${counterNumber}`));
    const value = ticketNumber === null ? null : numericPart(ticketNumber);
    this.shown.set(address, value);
    return this.serial(() => this.request(this.protocol.encodeNumber(address, value)));
  }

  showLines(lines: string[]): Promise<void> {
    if (!this.protocol.supportsText || this.opts.mainBoardAddress === undefined) {
      return Promise.reject(new DeviceError('led', 'unsupported', this.protocol.supportsText ? 'no main board address configured' : `${this.protocol.id} boards show numbers only`));
    }
    const addr = this.opts.mainBoardAddress;
    this.lines = lines;
    return this.serial(async () => {
      for (const [i, line] of lines.entries()) await this.request(this.protocol.encodeText(addr, i, line));
    });
  }

  protected override async onOpened(): Promise<void> {
    const lines = this.lines;
    await this.serial(async () => {
      for (const [addr, value] of this.shown) await this.request(this.protocol.encodeNumber(addr, value));
      if (lines && this.opts.mainBoardAddress !== undefined) for (const [i, line] of lines.entries()) await this.request(this.protocol.encodeText(this.opts.mainBoardAddress, i, line));
    }).catch((e: unknown) => this.log.warn({ err: e }, 'could not restore LED displays after reconnect'));
  }
}
