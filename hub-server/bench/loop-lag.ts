/**
 * Preloaded into the hub's process by the hub benchmark (`--import`): measures the event loop's
 * lag with `perf_hooks.monitorEventLoopDelay` and answers over the IPC channel the benchmark opens
 * — `reset` at the start of the timed window, `read` at its end (milliseconds).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface LoopLag {
  p50_ms: number;
  p99_ms: number;
  max_ms: number;
  samples: number;
}

if (process.send) {
  const h = monitorEventLoopDelay({ resolution: 2 });
  h.enable();
  const ms = (ns: number): number => Math.round(ns / 1e4) / 100;
  process.on('message', (m: unknown) => {
    if (m === 'reset') h.reset();
    else if (m === 'read') {
      const lag: LoopLag = { p50_ms: ms(h.percentile(50)), p99_ms: ms(h.percentile(99)), max_ms: ms(h.max), samples: h.count };
      process.send?.({ loopLag: lag });
    }
  });
  // The IPC channel must not keep the hub alive once it is told to stop.
  process.channel?.unref();
}
