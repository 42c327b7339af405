/**
 * A virtual ESC/POS printer, real enough to test against: it listens on TCP (like a network
 * printer on port 9100) and can also serve any other byte link (a PTY for serial/device-file
 * tests). It decodes what it receives (raster bands → one image per cut, text lines, cuts),
 * answers DLE EOT status queries from its simulated condition, and can be told to run out of
 * paper, open its cover, go silent, or drop the connection mid-job. In slow mode
 * (`bytesPerSecond`) it takes its input at that rate, as a printer whose buffer fills while it
 * prints: a status query sent after a job is answered only once the job's bytes before it are
 * printed (a 70 KB ticket at 60,000 B/s: 1.2 s).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { Emitter } from '../emitter';
import { componentLogger } from '../logger';
import { stackBitmaps, type MonoBitmap } from '../printer/bitmap';
import { EscPosDecoder } from '../printer/escpos-decoder';
import { bitmapToPng } from '../printer/png';
import { statusBytesFor } from '../printer/status';

export interface PrintedTicket {
  seq: number;
  /** All raster bands of the ticket stacked, or null if only text was sent. */
  image: MonoBitmap | null;
  text: string[];
  /** Where the PNG was saved, when the printer has an output folder. */
  pngPath: string | null;
  receivedAt: number;
  bytes: number;
}

export interface PrinterCondition {
  paperOut: boolean;
  paperNearEnd: boolean;
  coverOpen: boolean;
  /** Offline with an error (e.g. cutter jam). */
  error: boolean;
  /** Does not answer status queries at all (a hung or one-way printer). */
  silent: boolean;
}

export interface VirtualPrinterOptions {
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Save each ticket as PNG here (created if missing). */
  outputDir?: string;
  /** Keep at most this many tickets in memory (default 500). */
  keep?: number;
  /** Slow mode: take at most this many bytes per second (default: as fast as they come). */
  bytesPerSecond?: number;
  logger?: Logger;
}

export class VirtualPrinter {
  readonly tickets: PrintedTicket[] = [];
  readonly condition: PrinterCondition = { paperOut: false, paperNearEnd: false, coverOpen: false, error: false, silent: false };
  /** Every status query received (n of DLE EOT n), for tests. */
  statusQueries = 0;
  /** Bytes discarded because the printer could not print (paper out, cover open). */
  discardedBytes = 0;
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private readonly events = new Emitter<{ ticket: PrintedTicket }>();
  private seq = 0;
  private dropAfter: number | null = null;
  private bytesPerSecond: number | null;
  private readonly drains = new Set<NodeJS.Timeout>();
  private readonly log: Logger;

  constructor(private readonly opts: VirtualPrinterOptions = {}) {
    this.log = componentLogger('virtual:printer', opts.logger);
    this.bytesPerSecond = opts.bytesPerSecond ?? null;
  }

  /** Slow mode on (bytes per second) or off (null), for links opened from now on. */
  setSpeed(bytesPerSecond: number | null): void {
    this.bytesPerSecond = bytesPerSecond;
  }

  /** Starts the TCP listener; resolves with the bound port. */
  async listen(): Promise<number> {
    if (this.opts.outputDir) await mkdir(this.opts.outputDir, { recursive: true });
    const server = createServer((s) => this.acceptSocket(s));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.opts.port ?? 0, this.opts.host ?? '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.log.info({ port: this.port }, 'virtual printer listening');
    return this.port;
  }

  get port(): number {
    const a = this.server?.address();
    return typeof a === 'object' && a ? a.port : 0;
  }

  get url(): string {
    return `tcp://${this.opts.host ?? '127.0.0.1'}:${this.port}`;
  }

  set(c: Partial<PrinterCondition>): void {
    Object.assign(this.condition, c);
    this.log.info({ condition: this.condition }, 'virtual printer condition');
  }

  /** Closes every connection after `bytes` more print bytes (a printer unplugged mid-job). */
  dropConnectionsAfter(bytes: number | null): void {
    this.dropAfter = bytes;
  }

  onTicket(listener: (t: PrintedTicket) => void): () => void {
    return this.events.on('ticket', listener);
  }

  /** Resolves with the next printed ticket (or rejects after `timeoutMs`). */
  nextTicket(timeoutMs = 5000): Promise<PrintedTicket> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new Error(`no ticket within ${timeoutMs} ms`));
      }, timeoutMs);
      const off = this.onTicket((t) => {
        clearTimeout(timer);
        off();
        resolve(t);
      });
    });
  }

  private acceptSocket(s: Socket): void {
    this.sockets.add(s);
    s.on('close', () => this.sockets.delete(s));
    s.on('error', () => {});
    const session = this.session((reply) => {
      if (!s.destroyed) s.write(reply);
    });
    s.on('data', (d: Buffer) => {
      if (this.dropAfter !== null) {
        this.dropAfter -= d.length;
        if (this.dropAfter <= 0) {
          this.dropAfter = null;
          s.destroy();
          return;
        }
      }
      session(d);
    });
  }

  /**
   * A decoding session for one link: returns the function to feed received bytes to; answers go
   * through `reply`. Use it to serve a PTY or any other stream.
   */
  session(reply: (bytes: Uint8Array) => void): (data: Uint8Array) => void {
    const take = this.decodingSession(reply);
    const bps = this.bytesPerSecond;
    if (bps === null) return take;
    // Slow mode: bytes wait in the printer's buffer and are taken at `bps`, status queries included.
    const pending: Uint8Array[] = [];
    let timer: NodeJS.Timeout | null = null;
    let last = 0;
    const tick = (): void => {
      const now = performance.now();
      let budget = Math.floor(((now - last) * bps) / 1000);
      if (budget <= 0) return;
      last = now;
      while (budget > 0 && pending.length > 0) {
        const head = pending[0]!;
        const n = Math.min(budget, head.length);
        take(head.subarray(0, n));
        budget -= n;
        if (n === head.length) pending.shift();
        else pending[0] = head.subarray(n);
      }
      if (pending.length === 0 && timer) {
        clearInterval(timer);
        this.drains.delete(timer);
        timer = null;
      }
    };
    return (data) => {
      pending.push(data.slice());
      if (timer) return;
      last = performance.now();
      timer = setInterval(tick, 10);
      this.drains.add(timer);
    };
  }

  private decodingSession(reply: (bytes: Uint8Array) => void): (data: Uint8Array) => void {
    const decoder = new EscPosDecoder();
    let bands: MonoBitmap[] = [];
    let text: string[] = [];
    let bytes = 0;
    return (data) => {
      bytes += data.length;
      for (const ev of decoder.push(data)) {
        if (ev.type === 'status_query') {
          this.statusQueries++;
          if (this.condition.silent) continue;
          const st = statusBytesFor({ ...this.condition });
          const b = ev.n === 1 ? st.printer : ev.n === 2 ? st.offlineCause : ev.n === 4 ? st.paperSensor : 0x12;
          reply(Uint8Array.of(b));
          continue;
        }
        const stopped = this.condition.paperOut || this.condition.coverOpen || this.condition.error;
        if (ev.type === 'raster') {
          if (stopped) this.discardedBytes += ev.image.data.length;
          else bands.push(ev.image);
        } else if (ev.type === 'text') {
          if (!stopped) text.push(ev.line);
        } else if (ev.type === 'cut') {
          if (stopped || (bands.length === 0 && text.length === 0)) {
            bands = [];
            text = [];
            continue;
          }
          const ticket: PrintedTicket = { seq: ++this.seq, image: bands.length ? stackBitmaps(bands) : null, text, pngPath: null, receivedAt: Date.now(), bytes };
          bands = [];
          text = [];
          bytes = 0;
          void this.finish(ticket);
        }
      }
    };
  }

  private async finish(t: PrintedTicket): Promise<void> {
    if (this.opts.outputDir && t.image) {
      const stamp = new Date(t.receivedAt).toISOString().replace(/[:.]/g, '-');
      const path = join(this.opts.outputDir, `ticket-${stamp}-${String(t.seq).padStart(4, '0')}.png`);
      try {
        await writeFile(path, bitmapToPng(t.image));
        t.pngPath = path;
      } catch (e) {
        this.log.error({ err: e, path }, 'could not save ticket PNG');
      }
    }
    this.tickets.push(t);
    if (this.tickets.length > (this.opts.keep ?? 500)) this.tickets.shift();
    this.log.debug({ seq: t.seq, height: t.image?.height, png: t.pngPath }, 'virtual printer printed a ticket');
    this.events.emit('ticket', t);
  }

  async close(): Promise<void> {
    for (const t of this.drains) clearInterval(t);
    this.drains.clear();
    for (const s of this.sockets) s.destroy();
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
