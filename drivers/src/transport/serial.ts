import { SerialPort } from 'serialport';
import { DeviceError, toDeviceError, type DeviceClass } from '../errors';
import { BufferedTransport } from './transport';

export interface SerialOptions {
  path: string;
  baudRate?: number;
  dataBits?: 7 | 8;
  parity?: 'none' | 'even' | 'odd';
  stopBits?: 1 | 2;
}

/** A serial port (RS-232/RS-485 adapters, USB CDC devices, PTYs). Unplugging closes it. */
export class SerialTransport extends BufferedTransport {
  readonly description: string;
  private port: SerialPort | null = null;

  constructor(
    device: DeviceClass,
    private readonly opts: SerialOptions,
  ) {
    super(device);
    this.description = `serial:${opts.path}`;
  }

  protected doOpen(): Promise<void> {
    return new Promise((resolve, reject) => {
      const p = new SerialPort({
        path: this.opts.path,
        baudRate: this.opts.baudRate ?? 9600,
        dataBits: this.opts.dataBits ?? 8,
        parity: this.opts.parity ?? 'none',
        stopBits: this.opts.stopBits ?? 1,
        autoOpen: false,
      });
      p.open((e) => {
        if (e) {
          const notFound = /ENOENT|No such file|cannot open/i.test(e.message);
          reject(notFound ? new DeviceError(this.device, 'not_found', `${this.opts.path}: ${e.message}`, { cause: e }) : toDeviceError(this.device, e));
          return;
        }
        p.on('data', (d: Buffer) => this.received(d));
        p.on('error', () => {});
        p.on('close', () => {
          if (this.port === p) this.port = null;
          this.closed(`${this.description}: port closed`);
        });
        this.port = p;
        resolve();
      });
    });
  }

  protected doWrite(data: Uint8Array): Promise<void> {
    const p = this.port;
    if (!p || !p.isOpen) return Promise.reject(new DeviceError(this.device, 'disconnected', this.description));
    return new Promise((resolve, reject) => {
      p.write(Buffer.from(data.buffer, data.byteOffset, data.byteLength), (e) => {
        if (e) return reject(toDeviceError(this.device, e));
        p.drain((e2) => (e2 ? reject(toDeviceError(this.device, e2)) : resolve()));
      });
    });
  }

  protected doClose(): Promise<void> {
    const p = this.port;
    this.port = null;
    if (!p || !p.isOpen) return Promise.resolve();
    return new Promise((resolve) => p.close(() => resolve()));
  }
}
