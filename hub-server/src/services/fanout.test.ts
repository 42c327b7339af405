/**
 * The public audience's paced, merged fan-out (fanout.ts) against a recording room: deltas without
 * a call wait `PUBLIC_MERGE_MS` and go out merged; a call goes at once, with what was waiting.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CallRecord, Delta, PublicTicket, ServiceLoad } from '@motcua/shared';
import { PacedRoom, PUBLIC_MERGE_MS, type Outgoing, type RoomOut } from './fanout';

const DAY = '2026-11-23';
const ticket = (id: string): PublicTicket => ({
  id, day: DAY, number: id, seqNo: 1, serviceId: 's', procedureId: null, channel: 'kiosk', priorityGroup: null, state: 'waiting', issuedAt: 1, queuedAt: 1,
  slotAt: null, targetCounterId: null, counterId: null, calledAt: null, startedAt: null, finishedAt: null, recallCount: 0, predictedWaitMin: null, peopleAheadAtIssue: null,
});
const call: CallRecord = { ticketId: 't1', number: 't1', counterId: 'c1', counterNumber: 1, serviceId: 's', at: 3, recall: false };
const load: ServiceLoad = { serviceId: 's', waiting: 3, oldestQueuedAt: 1, estimatedWaitMin: 10, next: { peopleAhead: 3, wait: { kind: 'soon' }, long: false }, priority: { peopleAhead: 0, wait: { kind: 'soon' }, long: false } };
const delta = (seq: number, extra: Partial<Delta> = {}): Delta => ({ seq, prevSeq: seq - 1, at: seq, day: DAY, tickets: [ticket(`t${seq}`)], ...extra });

/** A room of `n` sockets that records every send. */
function recordingRoom(n: number): RoomOut & { sent: Array<{ to: 'all' | string[]; out: Outgoing }> } {
  const ids = Array.from({ length: n }, (_, i) => `sock${i}`);
  const sent: Array<{ to: 'all' | string[]; out: Outgoing }> = [];
  return { sent, members: () => [...ids], send: (to, out) => sent.push({ to, out }) };
}

/** Frames each socket received (a send to 'all' counts for every socket). */
const framesPerSocket = (room: ReturnType<typeof recordingRoom>, n: number): number => room.sent.reduce((k, s) => k + (s.to === 'all' ? n : s.to.length), 0) / n;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'clearImmediate', 'performance'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('paced public fan-out', () => {
  it('holds deltas without a call for PUBLIC_MERGE_MS and sends them as one merged frame per socket', async () => {
    // Catches: a fan-out that writes every delta to every board as it comes (20 issues a second
    // meant 20 writes to each of 300 boards: 14 % of the hub's CPU with 800 waiting). Broken once
    // on purpose by setting the hold to 0: each delta went out on its own (10 frames) and this failed.
    const room = recordingRoom(120);
    const paced = new PacedRoom(room);
    for (let seq = 1; seq <= 10; seq++) {
      paced.delta(delta(seq));
      await vi.advanceTimersByTimeAsync(PUBLIC_MERGE_MS / 20);
    }
    expect(room.sent).toEqual([]); // still held: the first has waited half the window
    await vi.advanceTimersByTimeAsync(PUBLIC_MERGE_MS);
    expect(framesPerSocket(room, 120)).toBe(1);
    const out = room.sent.map((s) => s.out);
    expect(out.every((o) => o.event === 'state:delta' && o.payload.seq === 10 && o.payload.prevSeq === 0)).toBe(true);
    const first = out[0];
    expect(first?.event === 'state:delta' ? first.payload.tickets?.map((t) => t.id) : []).toEqual(Array.from({ length: 10 }, (_, i) => `t${i + 1}`));
    // Still paced: no send reached more than one chunk of sockets.
    expect(room.sent.every((s) => s.to !== 'all' && s.to.length <= 50)).toBe(true);
    paced.stop();
  });

  it('sends a call at once to the whole room, merged with the deltas still held', () => {
    // Catches: a call held like any delta (a citizen waits a quarter second more to hear their
    // number, and the board's call latency target is 50 ms). Broken once on purpose by scheduling
    // a call like the rest: nothing was sent synchronously and this failed.
    const room = recordingRoom(300);
    const paced = new PacedRoom(room);
    paced.delta(delta(1));
    paced.delta(delta(2));
    paced.delta(delta(3, { call }));
    expect(room.sent).toHaveLength(1);
    const [only] = room.sent;
    expect(only?.to).toBe('all');
    expect(only?.out.event === 'state:delta' && only.out.payload).toMatchObject({ seq: 3, prevSeq: 0, call: { ticketId: 't1' } });
    paced.stop();
  });

  it('gives a call that lands while an item is going out in chunks one frame per socket still waiting for that item', async () => {
    // Catches: a call flushed behind the rest of a paced item as two writes to each socket that had
    // not had the item yet (the call's fan-out waited for up to 250 extra writes: bench:hub's tail).
    // Broken once on purpose by sending the rest of the item and the call separately (as before):
    // those 250 sockets got two frames each and this failed.
    const room = recordingRoom(300);
    const paced = new PacedRoom(room);
    paced.delta(delta(1));
    await vi.advanceTimersByTimeAsync(PUBLIC_MERGE_MS); // held, then the first chunk of 50 goes out
    const chunked = room.sent.length;
    expect(chunked).toBeGreaterThan(0);
    const first = new Set(room.sent.flatMap((s) => (s.to === 'all' ? [] : s.to)));
    expect(first.size).toBeLessThan(300);
    paced.delta(delta(2, { call }));
    const after = room.sent.slice(chunked);
    const frames = new Map<string, Delta[]>();
    for (const s of after) {
      expect(s.to).not.toBe('all');
      if (s.to === 'all' || s.out.event !== 'state:delta') continue;
      for (const id of s.to) frames.set(id, [...(frames.get(id) ?? []), s.out.payload]);
    }
    // Every socket got the call at once, in exactly one frame; those without the item got it with the call.
    expect(frames.size).toBe(300);
    for (const [id, got] of frames) {
      expect(got).toHaveLength(1);
      expect(got[0]).toMatchObject({ seq: 2, prevSeq: first.has(id) ? 1 : 0, call: { ticketId: 't1' } });
    }
    await vi.advanceTimersByTimeAsync(PUBLIC_MERGE_MS * 2);
    expect(room.sent.length).toBe(chunked + after.length); // nothing of the item left to pace
    paced.stop();
  });

  it('sends a call before the loads that wait to go out, queued or being paced, and the loads after it', async () => {
    // Catches: a call flushed behind a loads push (a loads item is held or being paced about half
    // the time with a 1 s hold and a push every 2 s): the call then waited for 300 more writes.
    // Broken once on purpose by flushing the loads with the deltas (as before): the first send
    // after the call was the loads, to every socket, and this failed.
    const room = recordingRoom(300);
    const paced = new PacedRoom(room);
    paced.delta(delta(1));
    paced.loads([load]);
    paced.delta(delta(2)); // merges into delta 1 although the loads were queued after it
    paced.delta(delta(3, { call }));
    expect(room.sent).toHaveLength(1);
    expect(room.sent[0]).toMatchObject({ to: 'all', out: { event: 'state:delta', payload: { seq: 3, prevSeq: 0, call: { ticketId: 't1' } } } });
    await vi.advanceTimersByTimeAsync(PUBLIC_MERGE_MS * 2);
    expect(room.sent.slice(1).every((s) => s.out.event === 'state:loads')).toBe(true);
    expect(framesPerSocket(room, 300)).toBe(2); // the call, then the loads: each once

    // Loads being paced when a call comes: the call to every socket at once, then the loads' last chunks.
    room.sent.length = 0;
    paced.loads([load]);
    await vi.advanceTimersByTimeAsync(PUBLIC_MERGE_MS); // the first chunk of the loads goes out
    const chunked = room.sent.length;
    expect(chunked).toBeGreaterThan(0);
    expect(room.sent.every((s) => s.out.event === 'state:loads' && s.to !== 'all')).toBe(true);
    paced.delta(delta(4, { call }));
    expect(room.sent[chunked]).toMatchObject({ to: 'all', out: { event: 'state:delta', payload: { seq: 4, call: { ticketId: 't1' } } } });
    expect(room.sent).toHaveLength(chunked + 1);
    await vi.advanceTimersByTimeAsync(PUBLIC_MERGE_MS);
    expect(room.sent.slice(chunked + 1).every((s) => s.out.event === 'state:loads')).toBe(true);
    expect(framesPerSocket(room, 300)).toBe(2);
    paced.stop();
  });

  it('sends the newest loads only, after the hold, and nothing once stopped', async () => {
    const room = recordingRoom(10);
    const paced = new PacedRoom(room);
    paced.loads([]);
    paced.loads([load]);
    await vi.advanceTimersByTimeAsync(PUBLIC_MERGE_MS + 1);
    expect(room.sent.map((s) => s.out.event)).toEqual(['state:loads']);
    expect(room.sent[0]?.out.payload).toEqual([load]);
    paced.delta(delta(1));
    paced.stop();
    await vi.advanceTimersByTimeAsync(PUBLIC_MERGE_MS * 2);
    expect(room.sent).toHaveLength(1);
  });

  it('after a snapshot sends its loads, never the older loads that were waiting or being paced', async () => {
    // Catches: a board opened just after a call got the snapshot's count, then the loads computed
    // before the call (held up to PUBLIC_MERGE_MS), and showed the older count until the next push
    // (seen in tests/display/board.test.ts: 6 waiting shown, 5 in the hub). Broken once on purpose
    // by making seal() ignore the loads: the older loads went out after the snapshot and this failed.
    const older: ServiceLoad = { ...load, waiting: 6 };
    const fresh: ServiceLoad = { ...load, waiting: 5 };
    const room = recordingRoom(120);
    const paced = new PacedRoom(room);
    paced.loads([older]);
    paced.seal([fresh]); // a board took its snapshot while the loads were held
    await vi.advanceTimersByTimeAsync(PUBLIC_MERGE_MS * 2);
    expect(room.sent.length).toBeGreaterThan(0);
    expect(room.sent.every((s) => s.out.event === 'state:loads' && s.out.payload[0]?.waiting === 5)).toBe(true);

    // Being paced: the sockets not reached yet get the snapshot's loads.
    room.sent.length = 0;
    paced.loads([older]);
    await vi.advanceTimersByTimeAsync(PUBLIC_MERGE_MS); // the first chunk of the older loads goes out
    const first = room.sent.length;
    expect(first).toBeGreaterThan(0);
    paced.seal([fresh]);
    await vi.advanceTimersByTimeAsync(PUBLIC_MERGE_MS);
    expect(framesPerSocket(room, 120)).toBe(1);
    expect(room.sent.slice(first).length).toBeGreaterThan(0);
    expect(room.sent.slice(first).every((s) => s.out.event === 'state:loads' && s.out.payload[0]?.waiting === 5)).toBe(true);
    paced.stop();
  });

  it('starts a new delta after a snapshot, so a client that took it never sees a delta spanning its seq', async () => {
    // Catches: a delta after a board's snapshot merged into one held from before it (prevSeq
    // before the snapshot's seq): the board would see a gap and fetch another snapshot. Broken
    // once on purpose by making seal() do nothing: one merged delta 0 → 4 went out and this failed.
    const room = recordingRoom(5);
    const paced = new PacedRoom(room);
    paced.delta(delta(1));
    paced.delta(delta(2));
    paced.seal(); // a board took its snapshot at seq 2
    paced.delta(delta(3));
    paced.delta(delta(4));
    await vi.advanceTimersByTimeAsync(PUBLIC_MERGE_MS * 2);
    const spans = room.sent.map((s) => (s.out.event === 'state:delta' ? `${s.out.payload.prevSeq}→${s.out.payload.seq}` : 'loads'));
    expect(spans).toEqual(['0→2', '2→4']);
    paced.stop();
  });
});
