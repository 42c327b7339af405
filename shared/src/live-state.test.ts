import { describe, expect, it } from 'vitest';
import { createLiveState, type LiveSocket } from './live-state';
import type { Delta, Snapshot } from './protocol';
import type { Result } from './result';

function fakeSocket() {
  const handlers = new Map<string, ((arg: never) => void)[]>();
  const acks: ((r: Result<Snapshot>) => void)[] = [];
  const socket = {
    connected: true,
    on(event: string, fn: (arg: never) => void) {
      handlers.set(event, [...(handlers.get(event) ?? []), fn]);
    },
    off(event: string, fn: (arg: never) => void) {
      handlers.set(event, (handlers.get(event) ?? []).filter((f) => f !== fn));
    },
    emit(_event: string, _input: unknown, ack: (r: Result<Snapshot>) => void) {
      acks.push(ack);
    },
  };
  const fire = (event: string, arg?: unknown) => {
    for (const f of handlers.get(event) ?? []) (f as (a: unknown) => void)(arg);
  };
  return { socket: socket as unknown as LiveSocket, acks, fire };
}

const snap = (seq: number): Snapshot =>
  ({ seq, now: 0, day: '2026-11-23', role: 'display', centre: {} as Snapshot['centre'], fields: [], services: [], procedures: [], counters: [], tickets: [], recentCalls: [], loads: [], devices: [] });
const delta = (seq: number, prevSeq: number, extra: Partial<Delta> = {}): Delta => ({ seq, prevSeq, at: seq, day: '2026-11-23', ...extra });

describe('createLiveState', () => {
  it('applies deltas in sequence and refetches a snapshot on a gap', () => {
    const { socket, acks, fire } = fakeSocket();
    const live = createLiveState(socket, () => 1);
    expect(acks).toHaveLength(1);
    acks[0]!({ ok: true, data: snap(10) });
    fire('state:delta', delta(11, 10, { call: { ticketId: 't', number: '1001', counterId: 'c1', counterNumber: 1, serviceId: 's', at: 11, recall: false } }));
    expect(live.get().snapshot?.seq).toBe(11);
    expect(live.get().snapshot?.recentCalls[0]?.number).toBe('1001');
    fire('state:delta', delta(14, 13));
    expect(acks).toHaveLength(2); // gap → new snapshot requested
    acks[1]!({ ok: true, data: snap(14) });
    expect(live.get().snapshot?.seq).toBe(14);
  });

  it('keeps deltas that arrive while a snapshot is on its way', () => {
    const { socket, acks, fire } = fakeSocket();
    const live = createLiveState(socket, () => 0);
    fire('state:delta', delta(6, 5));
    fire('state:delta', delta(7, 6));
    acks[0]!({ ok: true, data: snap(6) });
    expect(live.get().snapshot?.seq).toBe(7);
  });

  it('refetches after a reconnect and reports the connection state', () => {
    const { socket, acks, fire } = fakeSocket();
    const live = createLiveState(socket, () => 0);
    acks[0]!({ ok: true, data: snap(1) });
    fire('disconnect');
    expect(live.get().connected).toBe(false);
    fire('connect');
    expect(live.get().connected).toBe(true);
    expect(acks).toHaveLength(2);
  });

  it('asks again after a reconnect when the link dropped with a snapshot request unanswered', () => {
    const { socket, acks, fire } = fakeSocket();
    createLiveState(socket, () => 0);
    expect(acks).toHaveLength(1); // never answered
    fire('disconnect');
    fire('connect');
    expect(acks).toHaveLength(2);
  });
});
