/**
 * A long-lived worker thread for the staffing advice (issue 13 item 7): started with the hub, it runs
 * dispatch's `staffingAdvice` off the event loop. The hub builds the input from its state (a few
 * database reads on the hub thread), posts it and awaits the answer; the loop keeps serving kiosks,
 * counters and displays meanwhile. A thread that dies is started again on the next request; a request
 * in flight when it dies is answered with an error (the advisor then reports the advice unavailable).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { StaffingAdvice, StaffingAdviceInput } from '../dispatch';

export interface AdviceRequest {
  id: number;
  input: StaffingAdviceInput;
}

export type AdviceReply = { id: number; ok: true; advice: StaffingAdvice } | { id: number; ok: false; error: string };

/** Computes staffing advice: on a worker thread (`AdviceWorker`) or, for comparison in the bench, inline. */
export interface AdviceComputer {
  compute(input: StaffingAdviceInput): Promise<StaffingAdvice>;
  close(): Promise<void>;
}

/** The thread's entry: a bootstrap registers tsx's loader (the hub runs TypeScript), then loads advice-thread.ts. */
function bootstrap(): string {
  // tsx's ESM entry (require.resolve gives the CommonJS one, which cannot register the ESM loader here).
  const cjs = createRequire(import.meta.url).resolve('tsx/esm/api');
  const esm = cjs.replace(/index\.cjs$/, 'index.mjs');
  const tsx = pathToFileURL(existsSync(esm) ? esm : cjs).href;
  const entry = new URL('./advice-thread.ts', import.meta.url).href;
  return [
    `import(${JSON.stringify(tsx)})`,
    `.then((t) => { t.register(); return import(${JSON.stringify(entry)}); })`,
    `.catch((e) => { console.error(e); process.exit(1); });`,
  ].join('');
}

export class AdviceWorker implements AdviceComputer {
  private worker: Worker | null = null;
  private seq = 0;
  private readonly pending = new Map<number, { resolve: (a: StaffingAdvice) => void; reject: (e: Error) => void }>();
  private closed = false;

  /** Starts the thread now (the hub calls this at start, so the first advice does not wait for it to load). */
  start(): void {
    if (this.worker || this.closed) return;
    const w = new Worker(bootstrap(), { eval: true, name: 'staffing-advice' });
    w.unref();
    w.on('message', (r: AdviceReply) => {
      const p = this.pending.get(r.id);
      if (!p) return;
      this.pending.delete(r.id);
      if (r.ok) p.resolve(r.advice);
      else p.reject(new Error(r.error));
    });
    const down = (err: Error): void => {
      if (this.worker === w) this.worker = null;
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    };
    w.on('error', down);
    w.on('exit', (code) => down(new Error(`staffing advice thread exited (${code})`)));
    this.worker = w;
  }

  compute(input: StaffingAdviceInput): Promise<StaffingAdvice> {
    if (this.closed) return Promise.reject(new Error('hub is closing'));
    this.start();
    const w = this.worker;
    if (!w) return Promise.reject(new Error('staffing advice thread not running'));
    const id = ++this.seq;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      w.postMessage({ id, input } satisfies AdviceRequest);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate();
  }
}
