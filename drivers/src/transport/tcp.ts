import { Socket } from 'node:net';
import { DeviceError, toDeviceError, type DeviceClass } from '../errors';
import { BufferedTransport } from './transport';

/** TCP (raw port 9100 for network printers). Connect timeout → `disconnected`. */
export class TcpTransport extends BufferedTransport {
  readonly description: string;
  private socket: Socket | null = null;

  constructor(
    device: DeviceClass,
    private readonly host: string,
    private readonly port: number,
    private readonly connectTimeoutMs = 3000,
  ) {
    super(device);
    this.description = `tcp://${host}:${port}`;
  }

  protected doOpen(): Promise<void> {
    return new Promise((resolve, reject) => {
      const s = new Socket();
      s.setNoDelay(true);
      const timer = setTimeout(() => {
        s.destroy();
        reject(new DeviceError(this.device, 'disconnected', `${this.description}: connect timeout`));
      }, this.connectTimeoutMs);
      s.once('error', (e) => {
        clearTimeout(timer);
        reject(toDeviceError(this.device, e));
      });
      s.connect(this.port, this.host, () => {
        clearTimeout(timer);
        s.removeAllListeners('error');
        s.on('error', () => {}); // surfaced through 'close'
        s.on('data', (d: Buffer) => this.received(d));
        s.on('close', () => {
          if (this.socket === s) this.socket = null;
          this.closed(`${this.description}: connection closed`);
        });
        this.socket = s;
        resolve();
      });
    });
  }

  protected doWrite(data: Uint8Array): Promise<void> {
    const s = this.socket;
    if (!s || s.destroyed) return Promise.reject(new DeviceError(this.device, 'disconnected', this.description));
    return new Promise((resolve, reject) => {
      s.write(data, (e) => (e ? reject(toDeviceError(this.device, e)) : resolve()));
    });
  }

  protected doClose(): Promise<void> {
    const s = this.socket;
    this.socket = null;
    if (!s) return Promise.resolve();
    return new Promise((resolve) => {
      s.once('close', () => resolve());
      s.end();
      setTimeout(() => {
        s.destroy();
        resolve();
      }, 500).unref();
    });
  }
}
