import { describe, expect, it } from 'vitest';
import { hubEvent } from '@motcua/shared';
import { openDatabase } from '../db/database';
import { EventRepo } from '../db/repositories';
import { RetentionRepo } from '../db/retention';
import { applyRetention, retentionCutoffs } from './retention';
import { SYSTEM_ACTOR, UnitOfWork } from './unit-of-work';

const TZ = 'Asia/Ho_Chi_Minh';
/** 2026-12-03 08:00 in Ho Chi Minh City. */
const NOW = Date.UTC(2026, 11, 3, 1, 0, 0);

describe('retentionCutoffs', () => {
  it('counts whole business days before today in the centre’s time zone', () => {
    expect(retentionCutoffs(NOW, TZ, { personalDataDays: 0, historyDays: 7 })).toEqual({
      personalBefore: '2026-12-03',
      personalSlotBefore: Date.UTC(2026, 11, 2, 17, 0, 0), // local midnight
      historyBefore: '2026-11-26',
      historySlotBefore: Date.UTC(2026, 10, 25, 17, 0, 0),
    });
    // 23:30 UTC on 2 December is already 3 December in Vietnam.
    expect(retentionCutoffs(Date.UTC(2026, 11, 2, 23, 30), TZ, { personalDataDays: 30, historyDays: 400 })).toMatchObject({ personalBefore: '2026-11-03', historyBefore: '2025-10-29' });
  });
});

describe('applyRetention', () => {
  it('deletes old events only up to what the city holds, and none when that is unknown', () => {
    const db = openDatabase(':memory:');
    const events = new EventRepo(db);
    const at = NOW - 30 * 86_400_000;
    for (let i = 0; i < 6; i++) {
      const e = hubEvent('ticket.issued', `t${i}`, { number: String(1001 + i), serviceId: 's1', procedureId: null, channel: 'kiosk', priorityGroup: null, queuedAt: at, slotAt: null, predictedWaitMin: null, peopleAhead: i });
      events.append({ at, day: '2026-11-03', actor: 'x', ...e });
    }
    const uow = new UnitOfWork(db, events, { now: () => NOW }, TZ);
    const repo = new RetentionRepo(db);
    const policy = { personalDataDays: 1, historyDays: 7 };
    const run = (through: number | null) => {
      const r = uow.run(SYSTEM_ACTOR, (tx) => ({ ok: true, data: applyRetention(tx, repo, policy, TZ, through) }));
      return r.result.ok ? r.result.data.counts.events : -1;
    };
    expect(run(null)).toBe(0);
    expect(run(4)).toBe(4);
    expect(events.after(0, 100).filter((e) => e.day === '2026-11-03').map((e) => e.seq)).toEqual([5, 6]);
    expect(run(Number.MAX_SAFE_INTEGER)).toBe(2);
    // Each purge is itself on record, on today's date, and stays.
    expect(events.after(0, 100).map((e) => [e.type, e.day])).toEqual([
      ['data.purged', '2026-12-03'],
      ['data.purged', '2026-12-03'],
    ]);
    db.close();
  });
});
