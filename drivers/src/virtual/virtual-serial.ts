import { SerialPort } from 'serialport';
import { openPtyPair, type PtyPair } from '../serial/pty';

/**
 * Base of the virtual serial peripherals: a socat PTY pair whose device end the virtual device
 * holds open; drivers open `hostPath` exactly as they would open /dev/ttyACM0.
 */
export abstract class VirtualSerialDevice {
  private pty: PtyPair | null = null;
  private port: SerialPort | null = null;

  constructor(protected readonly ptyName: string) {}

  /** The path a driver opens. */
  get hostPath(): string {
    if (!this.pty) throw new Error('virtual device not started');
    return this.pty.hostPath;
  }

  /**
   * The device end of the pseudo-terminal, where the virtual device itself sits: bytes written here
   * (`printf '…\r' > <devicePath>`) reach the driver as if the device had sent them.
   */
  get devicePath(): string {
    if (!this.pty) throw new Error('virtual device not started');
    return this.pty.devicePath;
  }

  get socatPid(): number {
    return this.pty?.pid ?? -1;
  }

  async start(opts: { dir?: string } = {}): Promise<this> {
    this.pty = await openPtyPair({ dir: opts.dir, name: this.ptyName });
    const port = new SerialPort({ path: this.pty.devicePath, baudRate: 9600, autoOpen: false });
    await new Promise<void>((resolve, reject) => port.open((e) => (e ? reject(e) : resolve())));
    port.on('data', (d: Buffer) => this.onData(new Uint8Array(d.buffer, d.byteOffset, d.byteLength)));
    port.on('error', () => {});
    this.port = port;
    return this;
  }

  protected abstract onData(bytes: Uint8Array): void;

  /** Raw bytes down the line, as the device would send them (tests use it for garbage). */
  writeRaw(bytes: Uint8Array): Promise<void> {
    const p = this.port;
    if (!p) return Promise.reject(new Error('virtual device not started'));
    return new Promise((resolve, reject) => p.write(Buffer.from(bytes), (e) => (e ? reject(e) : p.drain((e2) => (e2 ? reject(e2) : resolve())))));
  }

  async close(): Promise<void> {
    const p = this.port;
    this.port = null;
    if (p?.isOpen) await new Promise<void>((resolve) => p.close(() => resolve()));
    await this.pty?.close();
    this.pty = null;
  }
}
