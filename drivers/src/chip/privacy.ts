/**
 * Data minimisation (Decree 13/2023/NĐ-CP): of a chip read only what the ticket and priority need
 * leaves the driver — the full name (greeting, ticket), an age band (priority) and a keyed
 * pseudonym of the ID (to recognise the same citizen, e.g. an appointment, without holding the
 * number). The ID, the date of birth, the address, the parents' names… stay in the read and are
 * dropped with it; nothing of them is logged.
 */
import { createHmac } from 'node:crypto';
import type { Dg13 } from './dg13';

export interface AgeBand {
  /** Inclusive lower bound in whole years. */
  min: number;
  /** Exclusive upper bound, null for the last band. */
  max: number | null;
}

export interface MinimalCitizen {
  fullName: string;
  ageBand: AgeBand;
  /** HMAC-SHA-256 of the ID under the agent's key, base64url, 128 bits. */
  idPseudonym: string;
}

/**
 * Default band edges: under 6 (child priority), 6–15, 16–59, 60–74, 75+ (the elderly threshold is
 * 60 or 75 by province; an agent that knows its centre's `priority.elderlyAge` passes it).
 */
export const DEFAULT_AGE_EDGES = [6, 16, 60, 75] as const;

/** Age in whole years on `today` (YYYY-MM-DD). */
export function ageOn(dateOfBirth: string, today: string): number {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

export function ageBand(age: number, edges: readonly number[] = DEFAULT_AGE_EDGES): AgeBand {
  const sorted = [...new Set(edges)].sort((a, b) => a - b);
  let min = 0;
  for (const e of sorted) {
    if (age < e) return { min, max: e };
    min = e;
  }
  return { min, max: null };
}

export function idPseudonym(idNumber: string, key: Uint8Array): string {
  if (key.length < 16) throw new RangeError('pseudonym key must be at least 16 bytes');
  return createHmac('sha256', key).update(`cccd:${idNumber}`).digest().subarray(0, 16).toString('base64url');
}

export function minimise(d: Dg13, opts: { key: Uint8Array; today: string; ageEdges?: readonly number[] }): MinimalCitizen {
  return { fullName: d.fullName, ageBand: ageBand(ageOn(d.dateOfBirth, opts.today), opts.ageEdges), idPseudonym: idPseudonym(d.idNumber, opts.key) };
}
