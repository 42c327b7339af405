import { describe, expect, it } from 'vitest';
import { ALWAYS_OPEN_HOURS, DEFAULT_OPENING_POLICY, formatWait, type CallRecord, type Counter, type PlaceAndWait, type PublicTicket, type ServiceLoad, type Snapshot } from '@motcua/shared';
import { parseBoardConfig } from './config';
import { boardFilter, buildBoardModel, callKey, CallTracker, staleCall } from './model';

const counter = (id: string, number: number, primary: string[], zone: string | null = null): Counter => ({ id, number, name: { vi: `Quầy ${number}`, en: `Counter ${number}` }, primary, secondary: [], status: 'open', pauseReason: null, clerkId: null, zone });

const ticket = (id: string, number: string, serviceId: string, state: PublicTicket['state'], counterId: string | null): PublicTicket => ({
  id, day: '2026-11-23', number, seqNo: 1, serviceId, procedureId: null, channel: 'kiosk', priorityGroup: null, state, issuedAt: 0, queuedAt: 0, slotAt: null, targetCounterId: null,
  counterId, calledAt: null, startedAt: null, finishedAt: null, recallCount: 0, predictedWaitMin: null, peopleAheadAtIssue: null,
});

const call = (ticketId: string, number: string, counterId: string, counterNumber: number, serviceId: string, at: number, recall = false): CallRecord => ({ ticketId, number, counterId, counterNumber, serviceId, at, recall });

function snapshot(over: Partial<Snapshot> = {}): Snapshot {
  return {
    seq: 1, now: 1_000_000, day: '2026-11-23', role: 'public',
    centre: { hubId: 'h', name: { vi: 'Trung tâm', en: 'Centre' }, address: '', targetWaitMin: 20, timeZone: 'Asia/Ho_Chi_Minh', publicUrl: '', publicUrlSource: 'lan', rating: { scale: 4, timeoutSec: 30, askReasonAtOrBelow: 2 }, recallLimit: 3, priority: { elderlyAge: 60, maxInRow: 2 }, retention: { personalDataDays: 30 }, alarms: { warnMin: 15, breachMin: 20, busyMin: 30 }, opening: { openingHours: ALWAYS_OPEN_HOURS, opening: DEFAULT_OPENING_POLICY } },
    fields: [
      { id: 'f-ct', code: 'CT', name: { vi: 'Chứng thực', en: 'Certification' }, sortOrder: 1 },
      { id: 'f-ht', code: 'HT', name: { vi: 'Hộ tịch', en: 'Civil status' }, sortOrder: 2 },
      { id: 'f-empty', code: 'X', name: { vi: 'Không có dịch vụ', en: 'No services' }, sortOrder: 3 },
    ],
    services: [
      { id: 's-ct', code: 'CT', name: { vi: 'CT', en: 'CT' }, fieldId: 'f-ct', prefix: '1', expectedServiceMin: 5, active: true },
      { id: 's-ht', code: 'HT', name: { vi: 'HT', en: 'HT' }, fieldId: 'f-ht', prefix: '2', expectedServiceMin: 12, active: true },
      { id: 's-ht2', code: 'HT2', name: { vi: 'HT2', en: 'HT2' }, fieldId: 'f-ht', prefix: '7', expectedServiceMin: 12, active: true },
    ],
    procedures: [],
    counters: [counter('c1', 1, ['s-ct'], 'A'), counter('c2', 2, ['s-ht', 's-ht2'], 'B')],
    tickets: [ticket('t1', '1001', 's-ct', 'called', 'c1'), ticket('t2', '2001', 's-ht', 'called', 'c2'), ticket('t3', '1002', 's-ct', 'waiting', null)],
    recentCalls: [call('t2', '2001', 'c2', 2, 's-ht', 999_000), call('t1', '1001', 'c1', 1, 's-ct', 990_000)],
    loads: [
      load('s-ct', 4, { peopleAhead: 4, wait: { kind: 'range', low: 5, high: 15 }, long: false }),
      load('s-ht', 2, { peopleAhead: 2, wait: { kind: 'range', low: 20, high: 30 }, long: true }),
      load('s-ht2', 1, { peopleAhead: 1, wait: { kind: 'over', min: 60 }, long: true }),
    ],
    devices: [],
    ...over,
  };
}

function load(serviceId: string, waiting: number, next: PlaceAndWait): ServiceLoad {
  return { serviceId, waiting, oldestQueuedAt: 0, estimatedWaitMin: 0, next, priority: next };
}

const config = (q = '') => parseBoardConfig(q);
const ageFrom = (now: number) => (c: CallRecord) => now - c.at;

describe('buildBoardModel', () => {
  it('shows the newest call whose citizen has not arrived, flashing while new', () => {
    const m = buildBoardModel({ snapshot: snapshot(), config: config(), ageOf: ageFrom(1_000_000), live: true });
    expect(m.nowCalling?.call.number).toBe('2001');
    expect(m.nowCalling?.flashing).toBe(true);
    expect(m.recent.map((c) => c.call.number)).toEqual(['1001']);
    expect(m.recent[0]?.active).toBe(true);
    expect(m.recent[0]?.flashing).toBe(false);
  });

  it('groups waiting per field: sum of people, the span of the shared wait model; fields without services are hidden', () => {
    const m = buildBoardModel({ snapshot: snapshot(), config: config(), ageOf: ageFrom(1_000_000), live: true });
    expect(m.fields.map((f) => [f.fieldId, f.waiting, f.place && formatWait(f.place.wait, 'vi')])).toEqual([
      ['f-ct', 4, '5–15 phút'],
      // Beyond the horizon is said as such, never as a capped figure.
      ['f-ht', 3, 'hơn 60 phút'],
    ]);
    expect(m.totalWaiting).toBe(7);
  });

  it('never shows a stale call as now calling', () => {
    const s = snapshot();
    // Disconnected or not yet synchronised: nothing is "now calling".
    expect(buildBoardModel({ snapshot: s, config: config(), ageOf: ageFrom(1_000_000), live: false }).nowCalling).toBeNull();
    // Too old.
    expect(buildBoardModel({ snapshot: s, config: config('?stale=60'), ageOf: ageFrom(1_000_000 + 61_000), live: true }).nowCalling).toBeNull();
    // The citizen arrived (serving): the older call that is still open takes its place.
    const serving = snapshot({ tickets: [ticket('t1', '1001', 's-ct', 'called', 'c1'), ticket('t2', '2001', 's-ht', 'serving', 'c2')] });
    expect(buildBoardModel({ snapshot: serving, config: config(), ageOf: ageFrom(1_000_000), live: true }).nowCalling?.call.number).toBe('1001');
    // Finished tickets leave the live list: nothing is open any more.
    const done = snapshot({ tickets: [] });
    const m = buildBoardModel({ snapshot: done, config: config(), ageOf: ageFrom(1_000_000), live: true });
    expect(m.nowCalling).toBeNull();
    expect(m.recent.map((c) => [c.call.number, c.active])).toEqual([
      ['2001', false],
      ['1001', false],
    ]);
  });

  it('a recall replaces the earlier call of the same ticket', () => {
    const s = snapshot({ recentCalls: [call('t1', '1001', 'c1', 1, 's-ct', 999_500, true), call('t2', '2001', 'c2', 2, 's-ht', 999_000), call('t1', '1001', 'c1', 1, 's-ct', 990_000)] });
    const m = buildBoardModel({ snapshot: s, config: config(), ageOf: ageFrom(1_000_000), live: true });
    expect(m.nowCalling?.call).toMatchObject({ number: '1001', recall: true });
    expect(m.recent.map((c) => c.call.number)).toEqual(['2001']);
  });

  it('a zone board shows its counters\' calls and the fields they serve', () => {
    const m = buildBoardModel({ snapshot: snapshot(), config: config('?zone=a'), ageOf: ageFrom(1_000_000), live: true });
    expect(m.nowCalling?.call.number).toBe('1001');
    expect(m.recent).toEqual([]);
    expect(m.fields.map((f) => f.fieldId)).toEqual(['f-ct']);
  });

  it('a field board accepts field ids or codes', () => {
    const s = snapshot();
    expect(boardFilter(s, config('?fields=HT')).fieldIds).toEqual(new Set(['f-ht']));
    const m = buildBoardModel({ snapshot: s, config: config('?fields=f-ht'), ageOf: ageFrom(1_000_000), live: true });
    expect(m.nowCalling?.call.number).toBe('2001');
    expect(m.recent).toEqual([]);
    expect(boardFilter(s, config('?counters=2')).counterIds).toEqual(new Set(['c2']));
  });
});

describe('CallTracker', () => {
  it('does not report the calls it finds at start-up, then reports each new call once, oldest first', () => {
    const tr = new CallTracker();
    const a = call('t1', '1001', 'c1', 1, 's-ct', 100);
    const b = call('t2', '1002', 'c1', 1, 's-ct', 200);
    const c = call('t3', '1003', 'c2', 2, 's-ct', 300);
    expect(tr.observe([a], 150, 10_000)).toEqual([]);
    expect(tr.observe([c, b, a], 300, 10_100)).toEqual([b, c]);
    expect(tr.observe([c, b, a], 300, 10_200)).toEqual([]);
    const recall = { ...a, at: 400, recall: true };
    expect(tr.observe([recall, c, b, a], 400, 10_300).map(callKey)).toEqual([callKey(recall)]);
  });

  it('ages calls on the board\'s clock from when it learnt of them', () => {
    const tr = new CallTracker();
    tr.observe([], 0, 0);
    const a = call('t1', '1001', 'c1', 1, 's-ct', 5_000);
    // Learnt of 2 s after it was made (a refetch after a drop).
    tr.observe([a], 7_000, 50_000);
    expect(tr.ageOf(a, 7_000, 50_000)).toBe(2_000);
    // Later, even if the hub's clock does not move (a frozen test clock), the board's does.
    expect(tr.ageOf(a, 7_000, 60_000)).toBe(12_000);
  });
});

describe('staleCall: whether a queued announcement is still current', () => {
  const c1 = call('t1', '1001', 'c1', 1, 's-ct', 990_000);
  it('is current while the ticket is still called at that counter', () => {
    expect(staleCall(snapshot(), c1)).toBeNull();
  });
  it('is stale once the ticket was marked no-show or finished (gone from the live tickets), or is being served', () => {
    expect(staleCall(snapshot({ tickets: [] }), c1)).toBe('ticket no longer waiting to be served');
    expect(staleCall(snapshot({ tickets: [ticket('t1', '1001', 's-ct', 'serving', 'c1')] }), c1)).toBe('ticket is serving');
    expect(staleCall(snapshot({ tickets: [ticket('t1', '1001', 's-ct', 'no_show', 'c1')] }), c1)).toBe('ticket is no_show');
  });
  it('is stale when called at another counter, or when a later call at that counter replaced it', () => {
    expect(staleCall(snapshot({ tickets: [ticket('t1', '1001', 's-ct', 'called', 'c2')] }), c1)).toBe('called at another counter');
    const later = call('t3', '1002', 'c1', 1, 's-ct', 995_000);
    expect(staleCall(snapshot({ recentCalls: [later, c1] }), c1)).toBe('a later call at this counter');
    // A recall of the same ticket is not "another" call.
    expect(staleCall(snapshot({ recentCalls: [{ ...c1, at: 995_000, recall: true }, c1] }), c1)).toBeNull();
  });
});

