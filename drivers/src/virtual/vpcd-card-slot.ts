/**
 * A virtual CCCD card in vpcd's reader, served from a worker thread of its own.
 *
 * Why a thread: the `smartcard` binding makes some PC/SC calls synchronously on the calling thread
 * (`card.disconnect()`, which its `Devices` monitor calls when a card leaves or the monitor stops,
 * and `card.getStatus()`). pcscd asks vpcd whether the card is still there every 400 ms, holding
 * the reader's lock until the card answers (vpcd waits on the socket with no timeout); and pcscd
 * takes that same lock to finish the last `SCardDisconnect` of a reader. With the card answering
 * on the same event loop as the PC/SC client, a synchronous disconnect that lands while such a
 * question waits in the card's socket never returns: pcscd waits for the card, the card for the
 * event loop, the event loop for pcscd. The test process then hangs where no test timeout can fire
 * (seen: CI stopped at tests/kiosk/chip.test.ts for the rest of its 90 minutes). A card on its own
 * thread answers whatever the test's thread is doing.
 *
 * One slot holds one card at a time: `insert()` puts a new card in (taking out the one before),
 * `remove()` takes it out, `log()` gives the instruction bytes the last card saw.
 */
import { Worker } from 'node:worker_threads';
import type { VirtualCccdCardOptions } from './virtual-cccd-chip';

/** Parent → worker. */
export type SlotRequest =
  | { op: 'insert'; id: number; card: VirtualCccdCardOptions; timeoutMs: number }
  | { op: 'remove'; id: number }
  | { op: 'log'; id: number };

/** Worker → parent: the answer to request `id`, or that the card of insert `removed` left the reader. */
export type SlotMessage = SlotReply | { id: number; ok: false; error: string } | { removed: number };
type SlotReply = { id: number; ok: true; log?: number[] };

export interface VpcdCardSlotOptions {
  host?: string;
  /** vpcd's TCP port (default 35963). */
  port?: number;
  /** pino level of the card's log lines (default: the drivers' root logger level). */
  logLevel?: string;
}

export class VpcdCardSlot {
  private readonly worker: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (m: SlotReply) => void; reject: (e: Error) => void }>();
  /** The insert whose card is in the reader; 0: none. */
  private current = 0;
  private dead: Error | null = null;

  constructor(opts: VpcdCardSlotOptions = {}) {
    this.worker = new Worker(new URL('./vpcd-card-worker.mjs', import.meta.url), { workerData: opts });
    // Only a request waiting for its answer keeps the process alive (see call()).
    this.worker.unref();
    this.worker.on('message', (m: SlotMessage) => this.onMessage(m));
    this.worker.on('error', (e) => this.fail(new Error(`the virtual card's thread failed: ${e.message}`, { cause: e })));
    this.worker.on('exit', (code) => this.fail(new Error(`the virtual card's thread stopped (exit code ${code})`)));
  }

  /** True while a card is in the reader (false after `remove()` or once the card left by itself). */
  get inserted(): boolean {
    return this.current !== 0;
  }

  /** Puts a new card in vpcd's reader (the one before is taken out), retrying vpcd until `timeoutMs`. */
  async insert(card: VirtualCccdCardOptions, timeoutMs = 5000): Promise<void> {
    const id = this.nextId++;
    this.current = 0;
    await this.call({ op: 'insert', id, card, timeoutMs });
    this.current = id;
  }

  /** Takes the card out of the field (pcscd sees it removed). */
  async remove(): Promise<void> {
    this.current = 0;
    await this.call({ op: 'remove', id: this.nextId++ });
  }

  /** The instruction bytes of the APDUs the last inserted card answered, in order. */
  async log(): Promise<number[]> {
    return (await this.call({ op: 'log', id: this.nextId++ })).log ?? [];
  }

  /** Takes the card out and stops the thread. */
  async close(): Promise<void> {
    if (this.dead) return;
    await this.remove().catch(() => undefined);
    this.dead = new Error('the virtual card slot is closed');
    await this.worker.terminate();
  }

  private call(req: SlotRequest): Promise<SlotReply> {
    if (this.dead) return Promise.reject(this.dead);
    return new Promise<SlotReply>((resolve, reject) => {
      if (this.pending.size === 0) this.worker.ref();
      this.pending.set(req.id, { resolve, reject });
      this.worker.postMessage(req);
    });
  }

  private settle(id: number): { resolve: (m: SlotReply) => void; reject: (e: Error) => void } | undefined {
    const p = this.pending.get(id);
    this.pending.delete(id);
    if (this.pending.size === 0) this.worker.unref();
    return p;
  }

  private onMessage(m: SlotMessage): void {
    if ('removed' in m) {
      if (m.removed === this.current) this.current = 0;
      return;
    }
    const p = this.settle(m.id);
    if (!p) return;
    if (m.ok) p.resolve(m);
    else p.reject(new Error(m.error));
  }

  private fail(e: Error): void {
    this.dead ??= e;
    this.current = 0;
    for (const id of [...this.pending.keys()]) this.settle(id)?.reject(e);
  }
}
