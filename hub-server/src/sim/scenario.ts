/**
 * The ward-day scenario format of `hub-server/bench/scenarios/README.md`, validated with zod. A file that does not
 * match gets an error naming the field (`counters[2].primary[0]: unknown service code "X"`).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const nonNeg = z.number().finite().min(0);
const pos = z.number().finite().positive();
const share = z.number().finite().min(0).max(1);

const ServiceSchema = z.object({
  code: z.string().min(1),
  name: z.string(),
  share,
  meanMin: pos,
  cv: nonNeg,
});

const BreakSchema = z.object({ atMin: nonNeg, lengthMin: nonNeg });

const CounterSchema = z.object({
  id: z.string().min(1),
  primary: z.array(z.string().min(1)),
  secondary: z.array(z.string().min(1)),
  breaks: z.array(BreakSchema),
});

export const ScenarioSchema = z
  .object({
    name: z.string().min(1),
    targetWaitMin: pos,
    appointmentGraceMin: nonNeg,
    day: z.object({
      lengthMin: pos,
      lastTicketMin: nonNeg,
      hourlyShare: z.array(nonNeg).min(1),
    }),
    visitorsPerDay: nonNeg,
    services: z.array(ServiceSchema).min(1),
    secondarySlowdown: z.number().finite().min(1),
    counters: z.array(CounterSchema).min(1),
    appointments: z.object({
      share,
      slotMin: pos,
      lastSlotMin: nonNeg,
      arriveEarlyMin: nonNeg,
      arriveLateMin: nonNeg,
      noShowShare: z.number().finite().min(0).lt(1),
    }),
    walkAway: z.object({ share, counterCostMin: nonNeg }),
    priority: z.object({ share }),
  })
  .superRefine((s, ctx) => {
    const codes = new Set<string>();
    s.services.forEach((svc, i) => {
      if (codes.has(svc.code)) ctx.addIssue({ code: 'custom', path: ['services', i, 'code'], message: `duplicate service code "${svc.code}"` });
      codes.add(svc.code);
    });
    const ids = new Set<string>();
    s.counters.forEach((c, i) => {
      if (ids.has(c.id)) ctx.addIssue({ code: 'custom', path: ['counters', i, 'id'], message: `duplicate counter id "${c.id}"` });
      ids.add(c.id);
      for (const kind of ['primary', 'secondary'] as const) {
        c[kind].forEach((code, j) => {
          if (!codes.has(code)) ctx.addIssue({ code: 'custom', path: ['counters', i, kind, j], message: `unknown service code "${code}"` });
        });
      }
    });
    const hours = Math.ceil(s.day.lengthMin / 60);
    if (s.day.hourlyShare.length < Math.min(hours, Math.ceil(s.day.lastTicketMin / 60))) {
      ctx.addIssue({ code: 'custom', path: ['day', 'hourlyShare'], message: `needs one share per hour of the day (${hours})` });
    }
    if (s.day.lastTicketMin > s.day.lengthMin) {
      ctx.addIssue({ code: 'custom', path: ['day', 'lastTicketMin'], message: 'must not be after day.lengthMin' });
    }
  });

export type Scenario = z.infer<typeof ScenarioSchema>;

/** A scenario that failed validation: `field` is the path of the first bad field, e.g. `counters[1].breaks[0].atMin`. */
export class ScenarioError extends Error {
  constructor(
    readonly file: string,
    readonly field: string,
    readonly issues: readonly string[],
  ) {
    super(`${file}: ${issues.join('; ')}`);
    this.name = 'ScenarioError';
  }
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out === '' ? String(p) : `.${String(p)}`;
  }
  return out === '' ? '(root)' : out;
}

export type ParseResult = { ok: true; scenario: Scenario } | { ok: false; error: ScenarioError };

/** Validates parsed JSON; never throws. */
export function parseScenario(json: unknown, file = 'scenario'): ParseResult {
  const r = ScenarioSchema.safeParse(json);
  if (r.success) return { ok: true, scenario: r.data };
  const issues = r.error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`);
  const first = r.error.issues[0];
  return { ok: false, error: new ScenarioError(file, first ? formatPath(first.path) : '(root)', issues) };
}

/** Reads and validates a scenario file; bad JSON or a bad field gives a ScenarioError (never a raw zod error). */
export function loadScenario(file: string): ParseResult {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return { ok: false, error: new ScenarioError(file, '(file)', [`cannot read: ${(e as Error).message}`]) };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: new ScenarioError(file, '(json)', [`not valid JSON: ${(e as Error).message}`]) };
  }
  return parseScenario(json, file);
}

/** hub-server/bench/scenarios: the six ward-day scenario families. */
export function benchScenarioDir(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '../../bench/scenarios');
}

/** The `*.json` files of a directory, sorted by name. */
export function scenarioFilesIn(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => join(dir, f));
}
