/**
 * Tap-to-print: from the citizen's tap on the last button ("Lấy số") to the whole ticket at the
 * printer. Real everything: the kiosk page in Chromium, a real hub (test fixture, SQLite on disk),
 * the device agent paired to the kiosk, the real ESC/POS driver rendering the ticket raster and
 * sending it over TCP to the virtual printer. Each sample runs from the page's click event
 * (performance.timeOrigin + event.timeStamp) until the virtual printer has decoded the cut; both
 * clocks are this machine's. Three warm-up tickets are not counted.
 *
 *   npx tsx kiosk-app/bench/tap-to-print.ts [--json] [--count 50]
 *
 * Needs the built kiosk app (built here if missing) and Chromium (/usr/bin/chromium).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser } from '@motcua/tests/browser';
import { KIOSK_BUILD, startKioskRig } from '@motcua/tests/kiosk-rig';

const json = process.argv.includes('--json');
const countArg = process.argv.indexOf('--count');
const count = countArg >= 0 ? Number(process.argv[countArg + 1]) : 50;
const WARMUP = 3;
const say = (msg: string): void => void (json ? process.stderr : process.stdout).write(`${msg}\n`);

function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] ?? NaN;
}

async function main(): Promise<void> {
  // The drivers log JSON to stdout; keep it to errors so --json's output stays clean.
  process.env.MOTCUA_LOG_LEVEL ??= 'error';
  if (!Number.isInteger(count) || count < 1) throw new Error('--count must be a positive integer');
  if (!existsSync(KIOSK_BUILD)) {
    say('building the web apps (node scripts/build-web.mjs)…');
    const b = spawnSync(process.execPath, [join(import.meta.dirname, '..', '..', 'scripts', 'build-web.mjs')], { stdio: json ? 'ignore' : 'inherit' });
    if (b.status !== 0) throw new Error('build-web failed');
  }
  const rig = await startKioskRig({ scanner: false, print: { attempts: 1, retryDelayMs: 0 } });
  const browser = await launchBrowser();
  const samples: number[] = [];
  try {
    const page = await rig.openKiosk(browser, { width: 1080, height: 1920 });
    await page.evaluate(() => {
      window.addEventListener('click', (e) => ((window as unknown as { lastTapAt: number }).lastTapAt = performance.timeOrigin + e.timeStamp), true);
    });
    for (let i = -WARMUP; i < count; i++) {
      await page.getByTestId('field-HT').click();
      await page.getByTestId('procedure-1.001193').click();
      await page.getByTestId('take-ticket').waitFor();
      const printed = rig.printer.nextTicket(15_000);
      await page.getByTestId('take-ticket').click();
      const ticket = await printed;
      const tapAt = await page.evaluate(() => (window as unknown as { lastTapAt: number }).lastTapAt);
      if (i >= 0) samples.push(ticket.receivedAt - tapAt);
      await page.getByTestId('screen-ticket').waitFor();
      await page.getByTestId('done').click();
      await page.getByTestId('screen-home').waitFor();
    }
    if (page.errors.length) throw new Error(`page errors: ${page.errors.join('; ')}`);
  } finally {
    await browser.close();
    await rig.close();
  }
  const sorted = [...samples].sort((a, b) => a - b);
  const r = (x: number): number => Math.round(x * 10) / 10;
  const p50 = r(percentile(sorted, 50));
  const p95 = r(percentile(sorted, 95));
  const max = r(sorted.at(-1) ?? NaN);
  say(`tap → ticket at the printer, ${samples.length} tickets (kiosk in Chromium → hub → agent → ESC/POS raster → virtual TCP printer):`);
  say(`  p50 ${p50} ms   p95 ${p95} ms   max ${max} ms   (target p95 ≤ 700 ms: ${p95 <= 700 ? 'met' : 'NOT met'})`);
  if (json) process.stdout.write(`${JSON.stringify({ p50_ms: p50, p95_ms: p95, max_ms: max, n: samples.length })}\n`);
}

main()
  .then(() => process.exit(0))
  .catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  });
