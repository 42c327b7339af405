import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario, parseScenario } from './scenario';

const BENCH = join(import.meta.dirname, '../../bench/scenarios');
const base = (): Record<string, unknown> => JSON.parse(readFileSync(join(BENCH, 'ward-S-140.json'), 'utf8')) as Record<string, unknown>;

function fieldOf(json: unknown): string {
  const r = parseScenario(json, 'test.json');
  if (r.ok) throw new Error('expected a validation error');
  return r.error.field;
}

describe('scenario validation', () => {
  it('accepts the six bench scenarios', () => {
    const files = readdirSync(BENCH).filter((f) => f.endsWith('.json'));
    expect(files.length).toBe(6);
    for (const f of files) {
      const r = loadScenario(join(BENCH, f));
      expect(r.ok, f).toBe(true);
    }
  });

  it('names the field that is wrong', () => {
    const s = base();
    expect(fieldOf({ ...s, visitorsPerDay: 'many' })).toBe('visitorsPerDay');
    const { targetWaitMin: _drop, ...noTarget } = s;
    expect(fieldOf(noTarget)).toBe('targetWaitMin');
    const counters = structuredClone(s.counters) as { primary: string[]; breaks: { atMin: number }[] }[];
    counters[1]!.primary[0] = 'Z';
    expect(fieldOf({ ...s, counters })).toBe('counters[1].primary[0]');
    const c2 = structuredClone(s.counters) as { breaks: { atMin: unknown }[] }[];
    c2[2]!.breaks[0]!.atMin = -5;
    expect(fieldOf({ ...s, counters: c2 })).toBe('counters[2].breaks[0].atMin');
    const services = structuredClone(s.services) as { cv: unknown }[];
    services[3]!.cv = null;
    expect(fieldOf({ ...s, services })).toBe('services[3].cv');
    expect(fieldOf({ ...s, appointments: { ...(s.appointments as object), noShowShare: 1 } })).toBe('appointments.noShowShare');
  });

  it('the error message names the file and the field', () => {
    const r = parseScenario({ ...base(), secondarySlowdown: 0.5 }, 'ward.json');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.message).toContain('ward.json');
      expect(r.error.message).toContain('secondarySlowdown');
    }
  });

  it('reports unreadable files and bad JSON without throwing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'scenario-'));
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{ "name": ');
    const r = loadScenario(bad);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.field).toBe('(json)');
    const missing = loadScenario(join(dir, 'none.json'));
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.error.field).toBe('(file)');
  });
});
