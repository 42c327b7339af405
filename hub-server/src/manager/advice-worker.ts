/**
 * The staffing advice off the hub's thread. `staffingAdvice` simulates the next two hours many
 * times — 0.6 s on the demo ward with nobody waiting, 2.6 s with 100 waiting, 5 s with 300, measured
 * on the hub's thread, where every command, push and session check waited for it. Here it runs in
 * a worker thread of its own, started for one computation and ended after it (the advice is
 * computed at most every five minutes of hub time). The hub runs TypeScript through tsx, so the
 * worker registers tsx's loader first, then loads this file.
 */
import { parentPort, Worker, workerData } from 'node:worker_threads';
import { staffingAdvice, type StaffingAdvice, type StaffingAdviceInput } from '../dispatch';

/** Marks the advice worker (the hub itself may run in some other worker thread, e.g. under a test runner). */
const MARK = 'motcua-advice-worker';

if (workerData === MARK) parentPort?.once('message', (input: StaffingAdviceInput) => {
  try {
    parentPort?.postMessage({ ok: true, advice: staffingAdvice(input) });
  } catch (e) {
    parentPort?.postMessage({ ok: false, message: e instanceof Error ? e.message : String(e) });
  }
});

type Answer = { ok: true; advice: StaffingAdvice } | { ok: false; message: string };

/** Computes the advice in a worker thread; rejects if the worker fails or exits without answering. */
export function adviseInWorker(input: StaffingAdviceInput): Promise<StaffingAdvice> {
  const bootstrap = [
    `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})`,
    `.then((tsx) => { tsx.register(); return import(${JSON.stringify(import.meta.url)}); })`,
    `.catch((e) => { console.error(e); process.exit(1); });`,
  ].join('');
  return new Promise((resolve, reject) => {
    const w = new Worker(bootstrap, { eval: true, workerData: MARK });
    w.unref(); // never keeps a closing hub alive
    let settled = false;
    const settle = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      fn();
      void w.terminate();
    };
    w.once('message', (a: Answer) => settle(() => (a.ok ? resolve(a.advice) : reject(new Error(a.message)))));
    w.once('error', (e) => settle(() => reject(e)));
    w.once('exit', (code) => settle(() => reject(new Error(`advice worker exited with ${code}`))));
    w.postMessage(input);
  });
}
