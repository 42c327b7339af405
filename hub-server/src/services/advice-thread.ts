/**
 * The staffing advice's worker thread (started by `AdviceWorker`, advice-worker.ts): it receives the
 * advice input and answers with dispatch's `staffingAdvice`, so the simulation of many futures
 * (0.6–5 s with 800 waiting) never blocks the hub's event loop. Pure computation: no database, no I/O.
 */
import { parentPort } from 'node:worker_threads';
import { staffingAdvice } from '../dispatch';
import type { StaffingAdviceInput } from '../dispatch';
import type { AdviceReply, AdviceRequest } from './advice-worker';

parentPort?.on('message', (req: AdviceRequest) => {
  let reply: AdviceReply;
  try {
    reply = { id: req.id, ok: true, advice: staffingAdvice(req.input satisfies StaffingAdviceInput) };
  } catch (err) {
    reply = { id: req.id, ok: false, error: err instanceof Error ? err.message : String(err) };
  }
  parentPort?.postMessage(reply);
});
