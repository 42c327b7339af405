import type { Logger } from 'pino';
import { parseCccdQr } from '@motcua/shared';
import { DeviceError } from '../errors';
import { componentLogger } from '../logger';
import { SerialPeripheral } from '../peripheral';
import { decodeUtf8, LineFramer, type FramerOutput } from '../serial/line-framer';
import type { ByteTransport } from '../transport/transport';
import type { IdScanner, ScanEvent } from './types';

export interface SerialScannerOptions {
  name?: string;
  transport: ByteTransport;
  interCharTimeoutMs?: number;
  reconnectMs?: number;
  logger?: Logger;
}

/** A USB CDC (virtual serial) or RS-232 scanner. */
export class SerialScanner extends SerialPeripheral<{ scan: ScanEvent; error: DeviceError }> implements IdScanner {
  private readonly framer: LineFramer;
  private timer: NodeJS.Timeout | null = null;

  constructor(opts: SerialScannerOptions) {
    const name = opts.name ?? 'scanner';
    super(name, 'scanner', opts.transport, componentLogger('driver:scanner', opts.logger).child({ scanner: name, port: opts.transport.description }), opts.reconnectMs ?? 3000);
    this.framer = new LineFramer({ interCharTimeoutMs: opts.interCharTimeoutMs ?? 100 });
  }

  onScan(listener: (scan: ScanEvent) => void): () => void {
    return this.events.on('scan', listener);
  }

  onError(listener: (e: DeviceError) => void): () => void {
    return this.events.on('error', listener);
  }

  protected onBytes(chunk: Uint8Array, now: number): void {
    this.handle(this.framer.push(chunk, now));
    this.arm();
  }

  private arm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const d = this.framer.deadline;
    if (d === null) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.handle(this.framer.poll(Date.now()));
    }, Math.max(0, d - Date.now()) + 1);
    this.timer.unref();
  }

  private handle(outs: FramerOutput[]): void {
    for (const o of outs) {
      if (o.kind === 'overflow') {
        this.log.warn({ dropped: o.dropped }, 'over-long input without terminator dropped');
        this.events.emit('error', new DeviceError('scanner', 'protocol', `dropped ${o.dropped} bytes without terminator`));
        continue;
      }
      const text = decodeUtf8(o.bytes);
      if (text === null) {
        this.log.warn({ bytes: o.bytes.length }, 'invalid UTF-8 from scanner dropped (wrong mode or line noise)');
        this.events.emit('error', new DeviceError('scanner', 'protocol', 'invalid UTF-8 from scanner'));
        continue;
      }
      // eslint-disable-next-line no-control-regex -- stray control bytes from a noisy line
      const raw = text.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '').trim();
      if (raw === '') continue;
      const scan: ScanEvent = { raw, cccd: parseCccdQr(raw), source: 'serial', at: Date.now() };
      this.log.info({ ok: scan.cccd.ok, field: scan.cccd.ok ? undefined : scan.cccd.error.field, endedBy: o.endedBy }, 'scan');
      this.events.emit('scan', scan, (e) => this.log.error({ err: e }, 'scan listener failed'));
    }
  }

  override async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    await super.close();
  }
}
