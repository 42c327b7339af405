/**
 * `npm run sim:city [-- --json --seed N --wards W --k K --days D --travel M --cutoff M]`
 * A city of W wards from the ward-day scenario families with a mobile support team of K staff
 * (default 5 % of the city's counter staff); prints the city-wide late shares without moves, with
 * the recommender's moves and with a fixed daily rota of the same staff-hours (see city.ts).
 */
import { loadFamilies, runCity } from './city';
import type { CityOptions, CitySummary } from './city';

const HELP = `usage: npm run sim:city -- [--json] [--seed 1] [--wards 36] [--days 5] [--k K] [--travel 30] [--cutoff 240]
  --wards W    wards in the city (at least 30 for the issue's figure; the six families in turn, load 0.8–1.2×)
  --k K        mobile team size (default 5 % of the city's counter staff)
  --travel M   minutes between wards (default 30)
  --cutoff M   no move announced after M minutes since opening (default 240)`;

const out = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

function fail(msg: string): never {
  process.stderr.write(`${msg}\n`);
  process.exit(2);
}

function parseArgs(argv: readonly string[]): CityOptions & { json: boolean } {
  const a: CityOptions & { json: boolean } = { seed: 1, wards: 36, days: 5, json: false };
  const int = (k: string, v: string | undefined, min: number): number => {
    const n = Number(v);
    if (v === undefined || !Number.isInteger(n) || n < min) fail(`${k} needs an integer ≥ ${min}\n${HELP}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i]!;
    switch (k) {
      case '--json':
        a.json = true;
        break;
      case '--seed':
        a.seed = int(k, argv[++i], 0);
        break;
      case '--wards':
        a.wards = int(k, argv[++i], 1);
        break;
      case '--days':
        a.days = int(k, argv[++i], 1);
        break;
      case '--k':
        a.k = int(k, argv[++i], 0);
        break;
      case '--travel':
        a.travelMin = int(k, argv[++i], 0);
        break;
      case '--cutoff':
        a.cutoffMin = int(k, argv[++i], 0);
        break;
      case '--help':
      case '-h':
        out(HELP);
        process.exit(0);
        break;
      default:
        fail(`unknown argument "${k}"\n${HELP}`);
    }
  }
  return a;
}

function print(r: CitySummary): void {
  const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
  out(`city: ${r.wards} wards (${r.wards_over_capacity} over 10 % late on their own), ${r.staff} counter staff, team of ${r.k}, ${r.days} days, seed ${r.seed}`);
  out(`late_without_moves  ${pct(r.late_without_moves)}`);
  out(`late_with_moves     ${pct(r.late_with_moves)}`);
  out(`late_fixed_rota     ${pct(r.late_fixed_rota)}`);
  out(`moves               ${r.moves}`);
  out(`staff_hours_moved   ${r.staff_hours_moved.toFixed(1)}`);
}

const args = parseArgs(process.argv.slice(2));
const { json, ...opts } = args;
const r = runCity(loadFamilies(), opts);
if (json) out(JSON.stringify(r));
else print(r);
