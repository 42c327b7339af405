/**
 * `npm run -s drills [-- --json] [--short] [--only crash,partition]`: the fault drills of issue
 * 15, on real processes on loopback, each bounded in time, printing one JSON object
 * `{ "drills": [ { "name", "passed", "lost", "duplicated", "hub_exits", ...figures } ] }`.
 * `lost`, `duplicated` and `hub_exits` are counted by each drill (tests/support/*-drill.ts,
 * storage-drills.ts), never assumed. A drill that cannot run here (disk-full without root,
 * clock-jump without libfaketime) says `"skipped": "<why>"` and does not pass.
 * `--short` (CI, tests/drills.test.ts): fewer kills and tickets, same checks.
 * Exit code: 0 when every drill that ran passed, 1 otherwise.
 */
import { runBackupRestoreDrill, runClockJumpDrill, runCorruptDbDrill, runCrashDrill, runDiskFullDrill, runPartitionDrill, runSlowPrinterDrill, type DrillOutcome } from '@motcua/tests/drills';

type Report = DrillOutcome;

const args = process.argv.slice(2);
const json = args.includes('--json');
// The in-process device agent logs (pino) to stdout: nothing with --json, so stdout is the one
// JSON object (use `npm run -s drills -- --json`: npm's own banner goes to stdout too).
process.env.MOTCUA_LOG_LEVEL ??= json ? 'silent' : 'warn';
const short = args.includes('--short');
const onlyArg = args.indexOf('--only');
const only = onlyArg >= 0 ? new Set((args[onlyArg + 1] ?? '').split(',')) : null;
const seed = Number(process.env.DRILL_SEED ?? 20261205);
const say = (line: string): void => {
  if (!json) process.stderr.write(`${line}\n`);
};

const drills: { name: string; limitS: number; run: () => Promise<Report> }[] = [
  { name: 'crash', limitS: short ? 180 : 480, run: () => runCrashDrill({ kills: short ? 4 : 25, seed, log: say }) },
  { name: 'partition', limitS: 240, run: () => runPartitionDrill({ log: say }) },
  { name: 'disk-full', limitS: 90, run: () => runDiskFullDrill() },
  { name: 'corrupt-db', limitS: 120, run: () => runCorruptDbDrill() },
  { name: 'clock-jump', limitS: 120, run: () => runClockJumpDrill() },
  { name: 'slow-printer', limitS: 120, run: () => runSlowPrinterDrill({ tickets: short ? 4 : 12 }) },
  { name: 'backup-restore', limitS: 120, run: () => runBackupRestoreDrill() },
];

function bounded(name: string, limitS: number, run: () => Promise<Report>): Promise<Report> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Report>((resolve) => {
    timer = setTimeout(() => resolve({ name, passed: false, lost: 0, duplicated: 0, hub_exits: 0, problems: [`did not finish within ${limitS} s`] }), limitS * 1000);
  });
  const ran = run().catch((e: unknown): Report => ({ name, passed: false, lost: 0, duplicated: 0, hub_exits: 0, problems: [`the drill itself failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`] }));
  return Promise.race([ran, timeout]).finally(() => clearTimeout(timer));
}

const t0 = Date.now();
const reports: Report[] = [];
for (const d of drills) {
  if (only && !only.has(d.name)) continue;
  say(`── ${d.name} (at most ${d.limitS} s)`);
  const r = await bounded(d.name, d.limitS, d.run);
  reports.push(r);
  say(`   ${r.skipped ? `skipped: ${r.skipped}` : r.passed ? 'passed' : 'FAILED'} · lost ${r.lost} · duplicated ${r.duplicated} · hub exits ${r.hub_exits}${r.problems.length && !r.skipped ? `\n   ${r.problems.slice(0, 5).join('\n   ')}` : ''}`);
}
const out = { drills: reports, seconds: Math.round((Date.now() - t0) / 1000), short, seed };
process.stdout.write(`${JSON.stringify(out, null, json ? 0 : 2)}\n`);
process.exit(reports.every((r) => r.passed || r.skipped !== undefined) ? 0 : 1);
