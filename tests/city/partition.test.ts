/**
 * Partition drill: a real hub (SQLite, socket.io, its sync uploader) runs a simulated week of
 * traffic while its link to a real city server (its own process, PostgreSQL) is cut for days,
 * the city process is killed in the middle of the catch-up, and the city's answers to a few
 * batches are lost on the way back. Afterwards the city's events and figures must equal the
 * hub's exactly: nothing lost, nothing counted twice. The scenario is tests/support/partition-drill.ts,
 * shared with `npm run drills`.
 */
import { describe, expect, it } from 'vitest';
import { runPartitionDrill } from '../support/partition-drill';

describe('partition drill: hub ↔ city', () => {
  it('cut for days, city killed mid-catch-up, answers dropped: city counts equal hub counts exactly', async () => {
    const r = await runPartitionDrill();
    const context = JSON.stringify(r, null, 1);
    // The drill did what it says: a week, a kill mid-batch, answers thrown away.
    expect(r.killed_mid_batch, context).toBe(true);
    expect(r.answers_dropped, context).toBeGreaterThan(0);
    expect(r.tickets, context).toBeGreaterThan(150);
    // Catches a batch the city acknowledged but did not store, or a high-water mark moved past unsent events.
    expect(r.lost, context).toBe(0);
    // Catches a re-sent batch (answer lost, or city killed after its commit) projected twice.
    expect(r.duplicated, context).toBe(0);
    expect(r.figures_mismatched, context).toBe(0);
    expect(r.city_events, context).toBe(r.events);
    expect(r.problems, context).toEqual([]);
    expect(r.passed).toBe(true);
  }, 300_000);
});
