import { constants, promises as fsp } from 'node:fs';
import { DeviceError, toDeviceError, type DeviceClass } from '../errors';
import { BufferedTransport } from './transport';

/**
 * A character device opened read/write, e.g. `/dev/usb/lp0` (Linux usblp) or a tty.
 * Opened non-blocking so a read never parks a libuv thread: while a read is waiting the file is
 * polled every `pollMs`. A write that the device cannot take yet (EAGAIN) is retried until
 * `writeTimeoutMs`. usblp returns status bytes from the printer's bulk IN endpoint on read.
 */
export class DeviceFileTransport extends BufferedTransport {
  readonly description: string;
  private fh: fsp.FileHandle | null = null;
  private polling = false;

  constructor(
    device: DeviceClass,
    private readonly path: string,
    private readonly pollMs = 10,
    private readonly writeTimeoutMs = 5000,
  ) {
    super(device);
    this.description = `file:${path}`;
  }

  protected async doOpen(): Promise<void> {
    try {
      this.fh = await fsp.open(this.path, constants.O_RDWR | constants.O_NONBLOCK | constants.O_NOCTTY);
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === 'ENOENT' || code === 'ENODEV' || code === 'ENXIO') throw new DeviceError(this.device, 'not_found', this.path, { cause: e });
      throw toDeviceError(this.device, e);
    }
  }

  protected async doWrite(data: Uint8Array): Promise<void> {
    const fh = this.fh;
    if (!fh) throw new DeviceError(this.device, 'disconnected', this.description);
    let off = 0;
    const deadline = Date.now() + this.writeTimeoutMs;
    while (off < data.length) {
      try {
        const { bytesWritten } = await fh.write(data, off, data.length - off);
        off += bytesWritten;
      } catch (e) {
        if ((e as { code?: string }).code !== 'EAGAIN') {
          this.fail(e);
          throw toDeviceError(this.device, e);
        }
        if (Date.now() > deadline) throw new DeviceError(this.device, 'timeout', `${this.description}: device does not accept data`);
        await new Promise((r) => setTimeout(r, this.pollMs));
      }
    }
  }

  protected override onReadWaiting(): void {
    if (this.polling) return;
    this.polling = true;
    void this.poll();
  }

  private async poll(): Promise<void> {
    const buf = new Uint8Array(256);
    try {
      while (this.readPending && this.fh) {
        try {
          const { bytesRead } = await this.fh.read(buf, 0, buf.length, null);
          if (bytesRead > 0) this.received(buf.slice(0, bytesRead));
          else await new Promise((r) => setTimeout(r, this.pollMs));
        } catch (e) {
          if ((e as { code?: string }).code !== 'EAGAIN') {
            this.fail(e);
            return;
          }
          await new Promise((r) => setTimeout(r, this.pollMs));
        }
      }
    } finally {
      this.polling = false;
    }
  }

  private fail(e: unknown): void {
    const fh = this.fh;
    this.fh = null;
    void fh?.close().catch(() => {});
    this.closed(`${this.description}: ${e instanceof Error ? e.message : String(e)}`, toDeviceError(this.device, e));
  }

  protected async doClose(): Promise<void> {
    const fh = this.fh;
    this.fh = null;
    await fh?.close();
  }
}
