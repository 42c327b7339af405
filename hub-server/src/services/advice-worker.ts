/**
 * A long-lived worker thread for the staffing advice (issue 13 item 7): started with the hub, it runs
 * dispatch's `staffingAdvice` off the event loop. The hub builds the input from its state (a few
 * database reads on the hub thread), posts it and awaits the answer; the loop keeps serving kiosks,
 * counters and displays meanwhile. A thread that dies is started again on the next request; a request
 * in flight when it dies is answered with an error (the advisor then reports the advice unavailable).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type * as Esbuild from 'esbuild';
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

let threadSource: string | null = null;

/**
 * The thread's code when the hub runs from its build (hub-server/dist, `npm run build:hub`): the
 * build writes it as advice-thread.cjs beside dist/motcua-hub.js, which is what `import.meta.url`
 * names there. From the TypeScript sources (tests, `npm start`) there is no such file.
 */
export function builtThreadFile(): string | null {
  const file = fileURLToPath(new URL('./advice-thread.cjs', import.meta.url));
  return existsSync(file) ? file : null;
}

/**
 * The thread's code from the sources: advice-thread.ts and what it imports (dispatch and the parts
 * of `shared` it uses) bundled once per process into one CommonJS script by esbuild. The thread
 * then runs plain JavaScript with no loader: started through tsx as the hub is, it was a second
 * isolate with tsx's module hooks and their own thread, 44 MB of the idle hub's 175 MB RSS
 * (issue 13 item 7). `shared` declares `"sideEffects": false`, so the bundle keeps only the few
 * pure functions dispatch uses (125 KB, not 933 KB with zod and every schema): the thread now
 * costs about 9 MB. esbuild is loaded only here, so the built hub never loads it.
 */
export function adviceThreadSource(): string {
  if (threadSource === null) {
    const { buildSync } = createRequire(import.meta.url)('esbuild') as typeof Esbuild;
    const entry = fileURLToPath(new URL('./advice-thread.ts', import.meta.url));
    const out = buildSync({ entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', target: 'node20', write: false, logLevel: 'silent' });
    const file = out.outputFiles[0];
    if (!file) throw new Error('esbuild produced no code for the staffing advice thread');
    threadSource = file.text;
  }
  return threadSource;
}

export class AdviceWorker implements AdviceComputer {
  private worker: Worker | null = null;
  private seq = 0;
  private readonly pending = new Map<number, { resolve: (a: StaffingAdvice) => void; reject: (e: Error) => void }>();
  private closed = false;

  /** Starts the thread now (the hub calls this at start, so the first advice does not wait for it to load). */
  start(): void {
    if (this.worker || this.closed) return;
    // No `--import tsx` (the hub's own flags when it runs from its sources): the thread is plain JavaScript.
    const built = builtThreadFile();
    const w = built ? new Worker(built, { name: 'staffing-advice', execArgv: [] }) : new Worker(adviceThreadSource(), { eval: true, name: 'staffing-advice', execArgv: [] });
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
