import type { DeviceHealth } from '@motcua/shared';
import type { Logger } from 'pino';
import { Emitter } from './emitter';
import { toDeviceError, type DeviceClass } from './errors';
import type { ByteTransport } from './transport/transport';

export type { DeviceHealth };

export interface HealthReport {
  health: DeviceHealth;
  /** Why, when not ready (e.g. "not_found: /dev/ttyACM0"). */
  detail: string | null;
  at: number;
}

/**
 * Shared lifecycle of serial input peripherals (scanner, keypad, rating pad): `start()` opens the
 * link and resolves even when the device is absent — it then reports `offline` and retries every
 * `reconnectMs`, forever, until `close()`. An unplug mid-use does the same. Health changes are
 * emitted; received bytes go to `onBytes` of the subclass.
 */
export abstract class SerialPeripheral<Events extends Record<string, unknown>> {
  protected readonly events = new Emitter<Events & { health: HealthReport }>();
  private report: HealthReport = { health: 'unknown', detail: 'not started', at: Date.now() };
  private retry: NodeJS.Timeout | null = null;
  private closed = false;
  private started = false;

  constructor(
    readonly name: string,
    protected readonly kind: DeviceClass,
    protected readonly transport: ByteTransport,
    protected readonly log: Logger,
    private readonly reconnectMs: number,
    /** False for request/response devices that use `transport.read` instead of `onBytes`. */
    streaming = true,
  ) {
    if (streaming)
      transport.onData((chunk) => {
        try {
          this.onBytes(chunk, Date.now());
        } catch (e) {
          // A parser bug must not take the agent down: log and carry on with the next bytes.
          this.log.error({ err: e }, 'failed to handle input bytes');
        }
      });
    transport.onClose((reason) => {
      if (this.closed) return;
      this.log.warn({ reason }, 'link lost; will reconnect');
      this.setHealth('offline', `disconnected: ${reason}`);
      this.scheduleRetry();
    });
  }

  protected abstract onBytes(chunk: Uint8Array, now: number): void;

  health(): HealthReport {
    return this.report;
  }

  onHealth(listener: (h: HealthReport) => void): () => void {
    return this.events.on('health', listener);
  }

  protected setHealth(health: DeviceHealth, detail: string | null): void {
    if (this.report.health === health && this.report.detail === detail) return;
    this.report = { health, detail, at: Date.now() };
    this.log.info({ health, detail }, 'health');
    this.events.emit('health', this.report as (Events & { health: HealthReport })['health'], (e) => this.log.error({ err: e }, 'listener failed'));
  }

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    await this.tryOpen();
  }

  private async tryOpen(): Promise<void> {
    if (this.closed) return;
    try {
      await this.transport.open();
      this.setHealth('ready', null);
      await this.onOpened();
    } catch (e) {
      const err = toDeviceError(this.kind, e);
      this.setHealth('offline', `${err.code}: ${err.message}`);
      this.scheduleRetry();
    }
  }

  /** Hook after (re)connecting, e.g. to restore a display. */
  protected async onOpened(): Promise<void> {}

  private scheduleRetry(): void {
    if (this.closed || this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      void this.tryOpen();
    }, this.reconnectMs);
    this.retry.unref();
  }

  protected async send(bytes: Uint8Array): Promise<void> {
    await this.transport.write(bytes);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    await this.transport.close();
    this.events.clear();
  }
}
