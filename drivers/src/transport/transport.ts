/**
 * A two-way byte link to a device (TCP socket, serial port, device file, USB bulk endpoints).
 *
 * Behaviour every implementation follows:
 * - `open()` rejects with DeviceError `not_found` (no such device/path) or `disconnected`
 *   (refused, unreachable); opening an open transport is a no-op.
 * - `write()` resolves once the bytes are handed to the OS/device; rejects `disconnected` if the
 *   link drops (the transport is then closed: call `open()` again to reconnect).
 * - `read(n, timeoutMs)` resolves with exactly n bytes received since the last `discardInput()`
 *   (bytes arriving before the call are kept), or rejects `timeout` with the partial data lost
 *   for this call but kept in the buffer; rejects `canceled` if `close()` is called meanwhile.
 * - Unsolicited input is buffered up to 64 KiB (oldest dropped).
 * - `close()` never rejects; `onClose` listeners hear about drops and deliberate closes.
 */
import { DeviceError, type DeviceClass } from '../errors';

export interface ByteTransport {
  readonly description: string;
  readonly isOpen: boolean;
  open(): Promise<void>;
  write(data: Uint8Array): Promise<void>;
  read(n: number, timeoutMs: number): Promise<Uint8Array>;
  discardInput(): void;
  close(): Promise<void>;
  onClose(listener: (reason: string) => void): () => void;
  onData(listener: (chunk: Uint8Array) => void): () => void;
}

const MAX_BUFFER = 64 * 1024;

/** Buffering and waiter bookkeeping shared by the transports; subclasses call `received`/`closed`. */
export abstract class BufferedTransport implements ByteTransport {
  abstract readonly description: string;
  protected abstract doOpen(): Promise<void>;
  protected abstract doWrite(data: Uint8Array): Promise<void>;
  protected abstract doClose(): Promise<void>;

  protected opened = false;
  private rx: Uint8Array = new Uint8Array(0);
  private waiter: { n: number; resolve: (b: Uint8Array) => void; reject: (e: unknown) => void; timer: NodeJS.Timeout } | null = null;
  private readonly closeListeners = new Set<(reason: string) => void>();
  private readonly dataListeners = new Set<(chunk: Uint8Array) => void>();
  private opening: Promise<void> | null = null;

  constructor(protected readonly device: DeviceClass) {}

  get isOpen(): boolean {
    return this.opened;
  }

  async open(): Promise<void> {
    if (this.opened) return;
    this.opening ??= this.doOpen().then(
      () => {
        this.opened = true;
        this.opening = null;
      },
      (e: unknown) => {
        this.opening = null;
        throw e;
      },
    );
    return this.opening;
  }

  async write(data: Uint8Array): Promise<void> {
    if (!this.opened) throw new DeviceError(this.device, 'disconnected', `${this.description} is not open`);
    await this.doWrite(data);
  }

  read(n: number, timeoutMs: number): Promise<Uint8Array> {
    if (this.waiter) return Promise.reject(new DeviceError(this.device, 'io', 'a read is already pending'));
    if (this.rx.length >= n) return Promise.resolve(this.take(n));
    if (!this.opened) return Promise.reject(new DeviceError(this.device, 'disconnected', `${this.description} is not open`));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = null;
        reject(new DeviceError(this.device, 'timeout', `${this.description}: ${this.rx.length}/${n} bytes after ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiter = { n, resolve, reject, timer };
      this.onReadWaiting();
    });
  }

  /** Hook for polling transports (device file, USB): a read is waiting. */
  protected onReadWaiting(): void {}

  protected get readPending(): boolean {
    return this.waiter !== null;
  }

  discardInput(): void {
    this.rx = new Uint8Array(0);
  }

  /**
   * Streaming input (scanners, keypads): chunks go to listeners as they arrive and are buffered
   * for `read` only while a read is pending.
   */
  onData(listener: (chunk: Uint8Array) => void): () => void {
    this.dataListeners.add(listener);
    return () => this.dataListeners.delete(listener);
  }

  onClose(listener: (reason: string) => void): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  async close(): Promise<void> {
    if (!this.opened && !this.opening) return;
    try {
      await this.doClose();
    } catch {
      // closing a broken link: nothing more to do
    }
    this.closed('closed by caller', new DeviceError(this.device, 'canceled', 'transport closed'));
  }

  protected received(chunk: Uint8Array): void {
    for (const l of this.dataListeners) l(chunk);
    if (this.dataListeners.size > 0 && !this.waiter) return;
    let merged = new Uint8Array(this.rx.length + chunk.length);
    merged.set(this.rx, 0);
    merged.set(chunk, this.rx.length);
    if (merged.length > MAX_BUFFER) merged = merged.slice(merged.length - MAX_BUFFER);
    this.rx = merged;
    const w = this.waiter;
    if (w && this.rx.length >= w.n) {
      this.waiter = null;
      clearTimeout(w.timer);
      w.resolve(this.take(w.n));
    }
  }

  /** The link is gone (remote close, error): fail a pending read and tell listeners. */
  protected closed(reason: string, error?: DeviceError): void {
    const wasOpen = this.opened;
    this.opened = false;
    const w = this.waiter;
    if (w) {
      this.waiter = null;
      clearTimeout(w.timer);
      w.reject(error ?? new DeviceError(this.device, 'disconnected', reason));
    }
    if (wasOpen) for (const l of this.closeListeners) l(reason);
  }

  private take(n: number): Uint8Array {
    const out = this.rx.slice(0, n);
    this.rx = this.rx.slice(n);
    return out;
  }
}
