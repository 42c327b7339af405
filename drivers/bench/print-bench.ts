/**
 * Print benchmark: render + encode + send N tickets (default 200) to the virtual TCP printer on
 * 127.0.0.1 (port 0) through the real EscPosPrinter driver, one after another. Each sample runs
 * from the start of rendering until the virtual printer has decoded the whole ticket (cut), and
 * includes the driver's DLE EOT status checks before and after the job. Three warm-up tickets
 * (font loading, JIT) are not counted.
 *
 *   npx tsx drivers/bench/print-bench.ts [--json] [--count 200] [--width 576|384]
 */
import { pino } from 'pino';
import { EscPosPrinter } from '../src/printer/escpos-printer';
import { sampleTicket } from '../src/printer/sample-ticket';
import { TcpTransport } from '../src/transport/tcp';
import { VirtualPrinter } from '../src/virtual/virtual-printer';

const json = process.argv.includes('--json');
const argv = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const count = Number(argv('--count') ?? 200);
const width = argv('--width') === '384' ? 384 : 576;

function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

async function main(): Promise<void> {
  const logger = pino({ level: process.env.MOTCUA_LOG_LEVEL ?? 'warn' });
  const vp = new VirtualPrinter({ logger });
  await vp.listen();
  const printer = new EscPosPrinter({ transport: new TcpTransport('printer', '127.0.0.1', vp.port), widthDots: width, logger });
  const samples: number[] = [];
  let bytes = 0;
  try {
    for (let i = -3; i < count; i++) {
      const received = vp.nextTicket(10_000);
      const t0 = performance.now();
      const r = await printer.printTicket(sampleTicket(i + 3));
      await received;
      const ms = performance.now() - t0;
      if (i >= 0) {
        samples.push(ms);
        bytes += r.bytes;
      }
    }
  } finally {
    await printer.close();
    await vp.close();
  }
  const sorted = [...samples].sort((a, b) => a - b);
  const result = {
    tickets: samples.length,
    width_dots: width,
    p50_ms: Number(percentile(sorted, 50).toFixed(2)),
    p95_ms: Number(percentile(sorted, 95).toFixed(2)),
    max_ms: Number(sorted.at(-1)!.toFixed(2)),
    mean_ms: Number((samples.reduce((s, x) => s + x, 0) / samples.length).toFixed(2)),
    avg_bytes: Math.round(bytes / samples.length),
    received: vp.tickets.length,
    target_p95_ms: 150,
  };
  if (!json) {
    console.log(`print bench: ${result.tickets} tickets at ${width} dots, ${result.avg_bytes} bytes each`);
    console.log(`p50 ${result.p50_ms} ms · p95 ${result.p95_ms} ms · max ${result.max_ms} ms (target p95 ≤ 150 ms: ${result.p95_ms <= 150 ? 'met' : 'MISSED'})`);
  } else {
    console.log(`print bench: ${result.tickets} tickets, p50 ${result.p50_ms} ms, p95 ${result.p95_ms} ms`);
  }
  if (json) console.log(JSON.stringify(result));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
