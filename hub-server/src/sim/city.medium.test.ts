/**
 * The city simulation end to end: `npm run sim:city -- --json` on a small city (30 wards, one day),
 * the target and the JSON's fields, and the same seed giving the same JSON (in another
 * process too). A medium test because a 30-ward city day takes several seconds (no I/O besides the CLI).
 */
import { execFileSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildCity, fixedRota, loadFamilies, runCity } from './city';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

function cli(args: readonly string[]): unknown {
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'hub-server/src/sim/city-cli.ts', ...args], { cwd: root, encoding: 'utf8' });
  return JSON.parse(out.trim()) as unknown;
}

describe('sim:city', () => {
  const families = loadFamilies();

  it('with K = 5 % of the counter staff, the moves halve the late share and a fixed rota of the same hours does worse; same seed → same JSON', { timeout: 150_000 }, () => {
    const json = cli(['--json', '--wards', '30', '--days', '1', '--seed', '7']);
    expect(Object.keys(json as object).sort()).toEqual(
      ['cutoff_min', 'days', 'k', 'late_fixed_rota', 'late_with_moves', 'late_without_moves', 'moves', 'seed', 'staff', 'staff_hours_moved', 'travel_min', 'wards', 'wards_over_capacity'].sort(),
    );
    const r = runCity(families, { seed: 7, wards: 30, days: 1 });
    // Catches: a random source outside the seed (Math.random, wall clock) in the city or the recommender.
    expect(r).toEqual(json);
    expect(r.wards).toBe(30);
    expect(r.k).toBe(Math.round(r.staff * 0.05));
    // Some wards over capacity on their own, most not.
    expect(r.wards_over_capacity).toBeGreaterThan(0);
    expect(r.wards_over_capacity).toBeLessThan(r.wards / 2);
    expect(r.late_without_moves).toBeGreaterThan(0.03);
    // Catches: moves not applied to the wards' days, or sent to the wrong wards (the fields or the
    // forecast ignored).
    expect(r.late_with_moves).toBeLessThanOrEqual(r.late_without_moves / 2);
    expect(r.late_fixed_rota).toBeGreaterThan(r.late_with_moves);
    expect(r.moves).toBeGreaterThan(0);
    expect(r.staff_hours_moved).toBeGreaterThan(0);
    // Each member is at one ward at a time: at most a day's length per member, travel included.
    expect(r.staff_hours_moved).toBeLessThanOrEqual(r.k * 8);
  });

  it('gives the fixed rota the same staff-hours as the moves', () => {
    const city = buildCity(families, { seed: 1, wards: 30 });
    const rota = fixedRota(city, 0, 40, 30, 465);
    const hours = rota.reduce((h, x) => h + (x.toMin - x.fromMin + 30) / 60, 0);
    // Members who know none of their rota ward's fields are left out, so at most the same hours.
    expect(hours).toBeLessThanOrEqual(40 + 1e-9);
    expect(hours).toBeGreaterThan(40 * 0.7);
    expect(new Set(rota.map((x) => x.memberId)).size).toBe(rota.length);
  });
});
