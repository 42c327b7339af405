/**
 * The hub's retention policy (Decree 13/2023/NĐ-CP; ARCHITECTURE.md, Storage): citizens' names and
 * hashed ID numbers are kept for `personalDataDays` whole days before today, and everything else
 * (tickets, bookings, print jobs, numbering, the audit trail) for `historyDays`, for the reports.
 * Events leave only once the city has them: a hub that syncs and has not reached the city for a
 * while keeps them until it has. Run at start and at each new business day; the purge itself is
 * recorded as a `data.purged` event with what went, so the audit trail says when data was erased.
 */
import { addDays, businessDay, localMidnight } from '@motcua/shared';
import type { RetentionHold } from '@motcua/shared';
import { NO_PURGE, type PurgeCounts, type RetentionRepo } from '../db/retention';
import type { Tx } from './unit-of-work';

export interface RetentionPolicy {
  personalDataDays: number;
  historyDays: number;
}

const DAY_MS = 86_400_000;

export interface RetentionCutoffs {
  /** Personal data of business days before this one is erased. */
  personalBefore: string;
  /** Bookings with a slot before this instant lose the citizen's name. */
  personalSlotBefore: number;
  /** Everything of business days before this one is deleted. */
  historyBefore: string;
  /** Bookings with a slot before this instant are deleted. */
  historySlotBefore: number;
}

/** What is old enough to go at `now` (pure). With 0 personal-data days, names stay until the day ends. */
export function retentionCutoffs(now: number, timeZone: string, p: RetentionPolicy): RetentionCutoffs {
  const today = businessDay(now, timeZone);
  const midnight = localMidnight(now, timeZone);
  return {
    personalBefore: addDays(today, -p.personalDataDays),
    personalSlotBefore: midnight - p.personalDataDays * DAY_MS,
    historyBefore: addDays(today, -p.historyDays),
    historySlotBefore: midnight - p.historyDays * DAY_MS,
  };
}

/** A clock this far past the newest stored event is taken as wrong: nothing is purged until the manager confirms. */
export const CLOCK_AHEAD_LIMIT_DAYS = 45;

export interface RetentionOptions {
  /** The manager confirmed (`manager:confirmRetention`): no limit on how much goes at once. */
  confirmed?: boolean;
  /** The newest event before this pass's own day change (the day change's event is stamped with the clock under test). */
  newestEventAt?: number | null;
}

export interface RetentionOutcome {
  counts: PurgeCounts;
  /** Why the pass deleted nothing and waits for the manager (null: it ran). */
  held: RetentionHold | null;
}

/**
 * Applies the policy inside `tx`. `eventsThrough` is the last event seq the city is known to hold
 * (Infinity when the hub does not sync; null when it syncs but has not heard from the city: then
 * no event is deleted). Returns what went; records a `data.purged` event when anything did.
 *
 * Unless the manager confirmed, a pass that would erase or delete more than one business day's
 * worth (the hub was off for days, or its clock jumped ahead), or that runs on a clock more than
 * CLOCK_AHEAD_LIMIT_DAYS past the newest stored event, deletes nothing (expired sign-in
 * credentials aside) and answers why: the caller alerts the manager.
 */
export function applyRetention(tx: Tx, repo: RetentionRepo, policy: RetentionPolicy, timeZone: string, eventsThrough: number | null, opts: RetentionOptions = {}): RetentionOutcome {
  const c = retentionCutoffs(tx.now, timeZone, policy);
  const through = eventsThrough ?? 0;
  if (!opts.confirmed) {
    const newest = opts.newestEventAt === undefined ? repo.newestEventAt() : opts.newestEventAt;
    let held: RetentionHold | null = null;
    if (newest !== null && tx.now - newest > CLOCK_AHEAD_LIMIT_DAYS * DAY_MS) {
      held = { reason: 'clock_ahead', now: tx.now, newestEventAt: newest, personalDays: [], historyDays: [] };
    } else {
      const days = repo.daysAffected(c.personalBefore, c.historyBefore, through);
      if (days.personal.length > 1 || days.history.length > 1) held = { reason: 'backlog', now: tx.now, newestEventAt: newest, personalDays: days.personal, historyDays: days.history };
    }
    if (held) return { counts: { ...NO_PURGE, credentials: repo.purgeCredentials(tx.now) }, held };
  }
  const counts: PurgeCounts = {
    personalData: repo.scrubPersonalData(c.personalBefore, c.personalSlotBefore),
    ...repo.purgeHistory(c.historyBefore, c.historySlotBefore, through),
    credentials: repo.purgeCredentials(tx.now),
  };
  if (Object.values(counts).some((n) => n > 0)) tx.event('data.purged', null, { ...counts, personalBefore: c.personalBefore, historyBefore: c.historyBefore });
  return { counts, held: null };
}
