/**
 * `npm run sim -- --scenario FILE|DIR|all --days N --seed S --policy a,b,c [--json]`
 * Runs the policies on the same seeded days of each scenario and prints one JSON object per line and
 * policy (`--json`) or a table.
 */
import { existsSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { DEFAULT_DISPATCH_CONFIG } from '../dispatch/policy';
import type { DispatchConfig, PolicyName } from '../dispatch/types';
import { POLICIES } from './run';
import type { PolicySummary } from './run';
import { benchScenarioDir, loadScenario, scenarioFilesIn } from './scenario';
import type { Scenario } from './scenario';
import { adviceTargets, formatChecks, policyTargets } from './targets';
import type { TargetCheck } from './targets';
import { parseMotcuaTuning } from './tuning-arg';
import { runJob } from './worker';
import type { SimJob, SimJobResult } from './worker';

const HELP = `usage: npm run sim -- --scenario FILE|DIR|all [--days 200] [--seed 1] [--policy ${POLICIES.join(',')}] [--json] [--predict-all] [--advice]
  --scenario all   the six bench scenarios in hub-server/bench/scenarios
  --predict-all    report predict_mae for every policy (default: motcua only)
  --jobs N         worker threads (default: the number of CPUs)
  --motcua k=v,..  run motcua with other knobs than the benchmarked defaults (MotcuaTuning in
                   hub-server/src/dispatch/types.ts), e.g. --motcua tailMaxMin=40,useAlternatives=false
  --age-cap N      minutes after which nobody is passed over (default 90)
  --advice         run motcua as is and following the staffing advice (extra skills, clerk moves, a
                   reserve clerk), on the same days, and report both (slow: the advice simulates
                   futures every 15 min)
  --targets        check issue 16's targets on the results (stderr; exit code 1 if one fails; needs
                   motcua, two-line and shared-edf, or --advice)
  --advice-budget H  with --advice: at most H reserve clerk-hours per day (default: no limit); the JSON
                   then has advice_reserve_hours and advice_skill_changes (means per day)`;

interface Args {
  scenario: string;
  days: number;
  seed: number;
  policies: PolicyName[];
  json: boolean;
  predictAll: boolean;
  advice: boolean;
  adviceBudget: number | undefined;
  targets: boolean;
  jobs: number;
  config: DispatchConfig;
}

function fail(msg: string): never {
  console.error(msg);
  process.exit(2);
}

function parseArgs(argv: readonly string[]): Args {
  const a: Args = { scenario: '', days: 200, seed: 1, policies: [...POLICIES], json: false, predictAll: false, advice: false, adviceBudget: undefined, targets: false, jobs: availableParallelism(), config: DEFAULT_DISPATCH_CONFIG };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const val = (): string => {
      const v = argv[++i];
      if (v === undefined) fail(`${k} needs a value\n${HELP}`);
      return v;
    };
    switch (k) {
      case '--scenario':
        a.scenario = val();
        break;
      case '--days':
        a.days = Number(val());
        if (!Number.isInteger(a.days) || a.days < 1) fail('--days must be a positive integer');
        break;
      case '--seed':
        a.seed = Number(val());
        if (!Number.isInteger(a.seed)) fail('--seed must be an integer');
        break;
      case '--policy': {
        const ps = val()
          .split(',')
          .map((p) => p.trim())
          .filter((p) => p !== '');
        for (const p of ps) if (!(POLICIES as readonly string[]).includes(p)) fail(`unknown policy "${p}" (known: ${POLICIES.join(', ')})`);
        a.policies = ps as PolicyName[];
        break;
      }
      case '--json':
        a.json = true;
        break;
      case '--predict-all':
        a.predictAll = true;
        break;
      case '--jobs':
        a.jobs = Number(val());
        if (!Number.isInteger(a.jobs) || a.jobs < 1) fail('--jobs must be a positive integer');
        break;
      case '--advice':
        a.advice = true;
        break;
      case '--targets':
        a.targets = true;
        break;
      case '--advice-budget': {
        const v = Number(val());
        if (!(v >= 0) || !Number.isFinite(v)) fail('--advice-budget must be a number of reserve clerk-hours per day, ≥ 0');
        a.adviceBudget = v;
        break;
      }
      case '--motcua': {
        const t = parseMotcuaTuning(val());
        if (!t.ok) fail(t.error);
        a.config = { ...a.config, motcua: t.tuning };
        break;
      }
      case '--age-cap': {
        const v = Number(val());
        if (!(v > 0)) fail('--age-cap must be a positive number of minutes');
        a.config = { ...a.config, ageCapMin: v };
        break;
      }
      case '--help':
      case '-h':
        console.log(HELP);
        process.exit(0);
        break;
      default:
        fail(`unknown argument "${k}"\n${HELP}`);
    }
  }
  if (a.scenario === '') fail(`--scenario is required\n${HELP}`);
  return a;
}

function scenarioFiles(arg: string): string[] {
  const path = arg === 'all' ? benchScenarioDir() : arg;
  if (!existsSync(path)) fail(`no such scenario file or directory: ${path}`);
  if (statSync(path).isDirectory()) {
    return scenarioFilesIn(path);
  }
  return [path];
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
const num = (x: number): string => x.toFixed(1);

function printTable(rows: readonly PolicySummary[]): void {
  const head = ['scenario', 'policy', 'late', '±se', 'over30', 'over45', 'v_p95', 'v_p99', 'p99(days)', 'mae_q', 'over10'];
  const opt = (x: number | null, f: (v: number) => string): string => (x === null ? '-' : f(x));
  const body = rows.map((r) => [
    r.scenario,
    r.policy,
    pct(r.late),
    pct(r.late_se),
    pct(r.over30),
    pct(r.over45),
    num(r.visitor_p95),
    num(r.visitor_p99),
    num(r.p99),
    opt(r.predict_mae_queued, num),
    opt(r.predict_over10, pct),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(line(head));
  for (const b of body) console.log(line(b));
}

/** Runs the jobs on `n` worker threads (inline when n is 1), results in job order. */
async function runJobs(jobs: readonly SimJob[], n: number): Promise<SimJobResult[]> {
  if (n <= 1 || jobs.length <= 1) return jobs.map(runJob);
  const results: SimJobResult[] = [];
  // Longest jobs first, so the threads finish together.
  const cost = (j: SimJob): number => j.scenario.visitorsPerDay * j.scenario.counters.length ** 0.5 * (j.policy === 'motcua' ? 4 : 1) * (j.advice ? 50 : 1);
  const queue = [...jobs].sort((a, b) => cost(b) - cost(a));
  let next = 0;
  // The worker runs TypeScript too: a small bootstrap registers tsx's loader, then loads worker.ts.
  const bootstrap = [
    `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})`,
    `.then((tsx) => { tsx.register(); return import(${JSON.stringify(new URL('./worker.ts', import.meta.url).href)}); })`,
    `.catch((e) => { console.error(e); process.exit(1); });`,
  ].join('');
  const one = (): Promise<void> =>
    new Promise((resolvePool, rejectPool) => {
      const w = new Worker(bootstrap, { eval: true });
      const feed = (): void => {
        const job = queue[next++];
        if (job === undefined) {
          void w.terminate().then(() => resolvePool());
          return;
        }
        w.postMessage(job);
      };
      w.on('message', (r: SimJobResult) => {
        results[r.id] = r;
        feed();
      });
      w.on('error', rejectPool);
      feed();
    });
  await Promise.all(Array.from({ length: Math.min(n, jobs.length) }, one));
  return results;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const scenarios: Scenario[] = [];
  for (const f of scenarioFiles(args.scenario)) {
    const r = loadScenario(f);
    if (!r.ok) fail(`invalid scenario ${r.error.message}`);
    scenarios.push(r.scenario);
  }
  const rows: PolicySummary[] = [];
  if (args.advice) {
    // One job per scenario, on the worker threads (the advice simulates futures every 30 minutes: slow).
    const adviceRows: PolicySummary[] = [];
    const adviceJobs: SimJob[] = scenarios.map((s, id) => ({ id, scenario: s, policy: 'motcua', days: args.days, seed: args.seed, predict: false, config: args.config, advice: args.adviceBudget !== undefined ? { budgetHours: args.adviceBudget } : {} }));
    for (const res of await runJobs(adviceJobs, args.jobs)) {
      const r = res.advice;
      if (!r) continue;
      const s = r.with.scenario;
      const extra = {
        advice_budget: args.adviceBudget ?? null,
        advice_reserve_hours: r.reserveClerkHours,
        advice_skill_changes: r.skillChanges,
        advice_clerk_moves: r.clerkMoves,
        clerk_move_hours: r.clerkMoveHours,
        reserve_clerk_hours: r.reserveClerkHours,
        extra_skill_hours: r.extraSkillHours,
        items_applied: r.itemsApplied,
      };
      adviceRows.push(r.with);
      if (args.json) {
        console.log(JSON.stringify({ ...r.without, advice: false }));
        console.log(JSON.stringify({ ...r.with, advice: true, ...extra }));
      } else {
        rows.push(r.without, { ...r.with, policy: 'motcua+advice' as PolicyName });
        console.error(`${s}: per day ${r.reserveClerkHours.toFixed(2)} reserve-clerk hours, ${r.skillChanges.toFixed(2)} skill changes (${r.extraSkillHours.toFixed(2)} h), ${r.clerkMoves.toFixed(2)} clerk moves (${r.clerkMoveHours.toFixed(2)} h), ${r.itemsApplied.toFixed(2)} items; e.g. ${r.examples[0] ?? '-'}`);
      }
    }
    if (!args.json) printTable(rows);
    if (args.targets) report(adviceTargets(adviceRows));
    return;
  }
  const jobs: SimJob[] = [];
  for (const s of scenarios) {
    for (const policy of args.policies) {
      jobs.push({ id: jobs.length, scenario: s, policy, days: args.days, seed: args.seed, predict: args.predictAll || policy === 'motcua', config: args.config });
    }
  }
  const results = await runJobs(jobs, args.jobs);
  for (const r of results) {
    const changed = args.config !== DEFAULT_DISPATCH_CONFIG && r.summary.policy === 'motcua';
    if (args.json) console.log(JSON.stringify(changed ? { ...r.summary, ageCapMin: args.config.ageCapMin, motcua: args.config.motcua ?? {} } : r.summary));
    rows.push(r.summary);
  }
  if (!args.json) printTable(rows);
  if (args.targets) report(policyTargets(rows));
}

function report(checks: readonly TargetCheck[]): void {
  console.error(formatChecks(checks));
  if (checks.some((c) => c.status !== 'pass')) process.exitCode = 1;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
