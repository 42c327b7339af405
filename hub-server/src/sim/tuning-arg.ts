/**
 * `--motcua key=value,...` and `--age-cap N` of the simulator CLI: run motcua with other knobs than
 * the benchmarked defaults, to trace the trade-off between the late share and the tail (see the
 * README of this folder). Unknown keys and bad values are refused with a message naming them.
 */
import { MOTCUA_DEFAULTS } from '../dispatch/tuning';
import type { MotcuaTuning } from '../dispatch/types';

export type TuningParse = { ok: true; tuning: MotcuaTuning } | { ok: false; error: string };

const KEYS = Object.keys(MOTCUA_DEFAULTS) as (keyof MotcuaTuning)[];

export function parseMotcuaTuning(arg: string): TuningParse {
  const tuning: MotcuaTuning = {};
  for (const part of arg.split(',')) {
    const item = part.trim();
    if (item === '') continue;
    const eq = item.indexOf('=');
    if (eq <= 0) return { ok: false, error: `--motcua: "${item}" is not key=value` };
    const key = item.slice(0, eq).trim();
    const raw = item.slice(eq + 1).trim();
    if (!(KEYS as string[]).includes(key)) return { ok: false, error: `--motcua: unknown knob "${key}" (known: ${KEYS.join(', ')})` };
    const k = key as keyof MotcuaTuning;
    if (typeof MOTCUA_DEFAULTS[k] === 'boolean') {
      if (raw !== 'true' && raw !== 'false') return { ok: false, error: `--motcua: ${key} must be true or false, not "${raw}"` };
      (tuning as Record<string, boolean>)[k] = raw === 'true';
      continue;
    }
    const v = raw === 'Infinity' ? Infinity : Number(raw);
    if (raw === '' || Number.isNaN(v) || v < 0) return { ok: false, error: `--motcua: ${key} must be a number ≥ 0, not "${raw}"` };
    (tuning as Record<string, number>)[k] = v;
  }
  return { ok: true, tuning };
}
