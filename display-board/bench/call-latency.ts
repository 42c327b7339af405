/**
 * How fast a call reaches the waiting room: a clerk calls the next ticket on a real hub (demo
 * ward, in this process), and Chromium shows /display; the time is taken from the moment the
 * clerk's `counter:callNext` command is sent to the moment the board's DOM shows that ticket as
 * "now calling" (a MutationObserver in the page timestamps it). That includes the hub's
 * transaction and push, so it bounds "acknowledged at the hub → board updated" from above; the
 * figure from the clerk receiving the acknowledgement is printed too (the hub pushes the delta
 * before it acknowledges, so that one can be close to zero).
 *
 *   node scripts/build-web.mjs          # once, if the web apps are not built
 *   npx tsx display-board/bench/call-latency.ts [--calls 100] [--json]
 *
 * With --json the last line is {"p50_ms": …, "p95_ms": …, …} (from the command being sent).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { expectOk, send } from '@motcua/hub-server/test-client';
import { startFixture } from '@motcua/hub-server/test-fixture';
import { launchBrowser } from '@motcua/tests/browser';

const args = process.argv.slice(2);
const json = args.includes('--json');
const callsArg = args.indexOf('--calls');
const CALLS = callsArg >= 0 ? Math.max(1, Number(args[callsArg + 1]) || 100) : 100;
const WARMUP = 5;

const root = join(import.meta.dirname, '..', '..');
if (!existsSync(join(root, 'hub-server', 'public', 'display', 'index.html'))) {
  console.error('The display board is not built: building the web apps (node scripts/build-web.mjs)…');
  if (spawnSync(process.execPath, ['scripts/build-web.mjs'], { cwd: root, stdio: 'inherit' }).status !== 0) process.exit(1);
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] ?? Number.NaN;
}

const now = (): number => performance.timeOrigin + performance.now();
const round = (ms: number): number => Math.round(ms * 10) / 10;

const f = await startFixture();
const browser = await launchBrowser();
try {
  const kiosk = (await f.kiosk()).socket;
  for (let i = 0; i < CALLS + WARMUP; i++) {
    expectOk(await send(kiosk, 'ticket:issue', { serviceId: 's-chung-thuc', channel: 'kiosk', requestId: `bench-latency-${i}`, print: false }));
  }
  const clerk = await f.clerk(1, 'c1');
  expectOk(await send(clerk, 'counter:open', { counterId: 'c1' }));

  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  await page.goto(`${f.hub.url}/display/?sound=0`);
  await page.locator('[data-testid="board"][data-live="true"]').waitFor({ timeout: 15_000 });
  // Timestamp each "now calling" change when React writes it to the DOM (same epoch clock as here).
  await page.evaluate(() => {
    const marks: Record<string, number> = {};
    (window as unknown as { __marks: Record<string, number> }).__marks = marks;
    const el = document.querySelector('[data-testid="now-calling"]');
    if (!el) throw new Error('no now-calling panel');
    new MutationObserver(() => {
      const id = el.getAttribute('data-ticket-id');
      if (id && marks[id] === undefined) marks[id] = performance.timeOrigin + performance.now();
    }).observe(el, { attributes: true, attributeFilter: ['data-ticket-id'] });
  });

  const fromSend: number[] = [];
  const fromAck: number[] = [];
  for (let i = 0; i < CALLS + WARMUP; i++) {
    f.clock.advance(1_000);
    const sent = now();
    const ticket = expectOk(await send(clerk, 'counter:callNext', { counterId: 'c1' }));
    const acked = now();
    const shown = await page.waitForFunction((id) => (window as unknown as { __marks: Record<string, number> }).__marks[id], ticket.id, { polling: 5, timeout: 10_000 });
    const at = (await shown.jsonValue()) as number;
    if (i >= WARMUP) {
      fromSend.push(at - sent);
      fromAck.push(at - acked);
    }
  }
  await page.close();

  const s = [...fromSend].sort((a, b) => a - b);
  const a = [...fromAck].sort((x, y) => x - y);
  const result = { p50_ms: round(percentile(s, 50)), p95_ms: round(percentile(s, 95)), max_ms: round(s[s.length - 1] ?? Number.NaN), p50_from_ack_ms: round(percentile(a, 50)), p95_from_ack_ms: round(percentile(a, 95)), calls: s.length };
  console.log(`call → board DOM updated, ${result.calls} calls in Chromium (1920×1080, demo ward hub in-process):`);
  console.log(`  from the clerk's command sent:      p50 ${result.p50_ms} ms   p95 ${result.p95_ms} ms   max ${result.max_ms} ms`);
  console.log(`  from the acknowledgement received:  p50 ${result.p50_from_ack_ms} ms   p95 ${result.p95_from_ack_ms} ms`);
  console.log(`  target p95 ≤ 300 ms: ${result.p95_ms <= 300 ? 'met' : 'NOT met'}`);
  if (json) console.log(JSON.stringify(result));
} finally {
  await browser.close();
  await f.close();
}
