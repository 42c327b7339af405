/**
 * TicketRepo keeps today's live tickets in memory, maintained by its own writes (`remember`). Against
 * a real SQLite database: the memo always equals what the query reads, and an array `live()` handed
 * out never changes under the reader however many writes follow.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { TicketState } from '@motcua/shared';
import { migrate } from './database';
import { MIGRATIONS } from './migrations';
import { TicketRepo, type TicketRow } from './repositories';

const DAY = '2026-12-07';

function row(n: number, queuedAt: number): TicketRow {
  return {
    id: `t${n}`, day: DAY, number: String(1000 + n), seqNo: n, serviceId: 's1', procedureId: null, channel: 'walk_in', priorityGroup: null, state: 'waiting',
    issuedAt: queuedAt, queuedAt, slotAt: null, targetCounterId: null, counterId: null, clerkId: null, calledAt: null, startedAt: null, finishedAt: null,
    recallCount: 0, predictedWaitMin: null, peopleAheadAtIssue: null, rating: null, ratingReason: null, citizenName: null, citizenIdHash: null, requestId: null, issuedBy: null,
  };
}

function open(): { db: Database.Database; repo: TicketRepo } {
  const db = new Database(':memory:');
  migrate(db, MIGRATIONS);
  db.prepare("INSERT INTO fields (id, code, name_vi, name_en) VALUES ('f1', 'HT', 'Hộ tịch', 'Civil status')").run();
  db.prepare("INSERT INTO services (id, code, name_vi, name_en, field_id, prefix, expected_service_min) VALUES ('s1', 'KS', 'Khai sinh', 'Birth', 'f1', '1', 10)").run();
  return { db, repo: new TicketRepo(db) };
}

/** A small deterministic generator (mulberry32), so a failure replays. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STATES: TicketState[] = ['waiting', 'called', 'serving', 'held', 'done', 'no_show'];

describe('TicketRepo live memo', () => {
  it('an array live() handed out never changes, whatever is written after it', () => {
    // Bug this catches: writes changing the handed-out array in place (a command iterating the queue
    // while it calls or finishes tickets would skip or repeat rows). Seen failing with the copy in
    // `remember` removed (`const rows = memo.rows`).
    const { repo } = open();
    for (let n = 1; n <= 5; n++) repo.insert(row(n, n * 1000));
    const before = repo.live(DAY);
    const ids = before.map((t) => t.id);
    repo.update({ ...row(2, 2000), state: 'done' });
    repo.insert(row(6, 500));
    repo.update({ ...row(4, 4000), state: 'called' });
    expect(before.map((t) => t.id)).toEqual(ids);
    expect(before.find((t) => t.id === 't4')?.state).toBe('waiting');
    const after = repo.live(DAY);
    expect(after.map((t) => t.id)).toEqual(['t6', 't1', 't3', 't4', 't5']);
    expect(after.find((t) => t.id === 't4')?.state).toBe('called');
  });

  it('always equals what the database reads, through inserts, state changes and requeues with and without reads between', () => {
    // Bug this catches: the in-place path (several writes without a read) losing the order by queue
    // time and number, or keeping a ticket that left the live states (seen failing with the old row
    // dropped only on the copying path: `if (at >= 0 && memo.handedOut)`).
    const { db, repo } = open();
    const random = rng(20261207);
    let n = 0;
    // The test's own copy of every ticket, so that it can write without reading the memo.
    const mine: TicketRow[] = [];
    repo.live(DAY);
    for (let step = 0; step < 600; step++) {
      if (random() < 0.35 || mine.length === 0) {
        n++;
        // Queue times collide on purpose: the number of the day breaks the tie.
        const t = row(n, Math.floor(random() * 40) * 1000);
        mine.push(t);
        repo.insert(t);
      } else {
        const i = Math.floor(random() * mine.length);
        const t = mine[i]!;
        const requeue = random() < 0.2;
        const next = { ...t, state: STATES[Math.floor(random() * STATES.length)]!, queuedAt: requeue ? Math.floor(random() * 40) * 1000 : t.queuedAt };
        mine[i] = next;
        repo.update(next);
      }
      // Half the time several writes go by without a read (the in-place path).
      if (random() < 0.5) continue;
      const truth = new TicketRepo(db).live(DAY);
      expect(repo.live(DAY).map((t) => [t.id, t.state, t.queuedAt])).toEqual(truth.map((t) => [t.id, t.state, t.queuedAt]));
    }
    expect(new TicketRepo(db).live(DAY).length).toBeGreaterThan(10);
  });
});
