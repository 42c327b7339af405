import { describe, expect, it } from 'vitest';
import type { Delta, Result, ServiceLoad, Snapshot } from '@motcua/shared';
import { createBoardLink, type LinkSocket } from './link';

/** A socket.io-like socket that behaves like socket.io-client on a drop: in-flight acks are lost. */
function fakeSocket() {
  const handlers = new Map<string, ((arg?: unknown) => void)[]>();
  let acks: ((r: Result<Snapshot>) => void)[] = [];
  const fire = (event: string, arg?: unknown): void => {
    for (const f of [...(handlers.get(event) ?? [])]) f(arg);
  };
  const s = {
    connected: false,
    active: true,
    connects: 0,
    on(event: string, fn: (arg?: unknown) => void) {
      handlers.set(event, [...(handlers.get(event) ?? []), fn]);
    },
    off(event: string, fn: (arg?: unknown) => void) {
      handlers.set(event, (handlers.get(event) ?? []).filter((f) => f !== fn));
    },
    emit(_event: string, _input: unknown, ack: (r: Result<Snapshot>) => void) {
      acks.push(ack);
    },
    connect() {
      s.connects++;
      s.active = true;
    },
    disconnect() {
      s.active = false;
      if (s.connected) s.drop();
    },
    /** The transport comes up. */
    up() {
      s.connected = true;
      fire('connect');
    },
    /** The transport breaks: pending acknowledgements are never called. */
    drop() {
      s.connected = false;
      acks = [];
      fire('disconnect', 'transport close');
    },
    delta(d: Delta) {
      fire('state:delta', d);
    },
    loads(l: ServiceLoad[]) {
      fire('state:loads', l);
    },
    answer(seq: number) {
      const a = acks.shift();
      a?.({ ok: true, data: snap(seq) });
    },
    get pendingAcks() {
      return acks.length;
    },
    listeners(event: string) {
      return handlers.get(event)?.length ?? 0;
    },
  };
  return s;
}

const snap = (seq: number): Snapshot => ({ seq, now: seq * 1000, day: '2026-11-23', role: 'public', centre: {} as Snapshot['centre'], fields: [], services: [], procedures: [], counters: [], tickets: [], recentCalls: [], loads: [], devices: [] });

function setup() {
  let t = 0;
  const clock = { now: () => t, advance: (ms: number) => (t += ms) };
  const socket = fakeSocket();
  let beat: (() => void) | null = null;
  const link = createBoardLink(socket as unknown as LinkSocket, {
    now: clock.now,
    silenceMs: 25_000,
    syncTimeoutMs: 5_000,
    onHeartbeat: (fn) => {
      beat = fn;
      return () => (beat = null);
    },
  });
  return { link, socket, clock, heartbeat: () => beat?.() };
}

describe('createBoardLink', () => {
  it('fetches a snapshot on connect, keeps it while disconnected, and is not synced until a new one arrives', () => {
    const { link, socket } = setup();
    socket.up();
    expect(link.get()).toMatchObject({ connected: true, synced: false });
    socket.answer(5);
    expect(link.get()).toMatchObject({ connected: true, synced: true, downSince: null });
    expect(link.get().snapshot?.seq).toBe(5);
    socket.drop();
    expect(link.get()).toMatchObject({ connected: false, synced: false });
    expect(link.get().snapshot?.seq).toBe(5);
  });

  it('asks again after a drop that swallowed the snapshot request', () => {
    const { link, socket } = setup();
    socket.up();
    // The request is in flight when the connection breaks: socket.io never calls its ack.
    socket.drop();
    socket.up();
    expect(socket.pendingAcks).toBe(1);
    socket.answer(9);
    expect(link.get()).toMatchObject({ synced: true });
    expect(link.get().snapshot?.seq).toBe(9);
    // Deltas apply on the new connection.
    socket.delta({ seq: 10, prevSeq: 9, at: 10_000, day: '2026-11-23' });
    expect(link.get().snapshot?.seq).toBe(10);
  });

  it('asks again when a snapshot does not come, and re-makes a silent connection', () => {
    const { link, socket, clock, heartbeat } = setup();
    socket.up();
    clock.advance(6_000);
    link.tick();
    expect(socket.pendingAcks).toBe(2);
    socket.answer(3);
    socket.answer(3);
    expect(link.get().synced).toBe(true);
    clock.advance(20_000);
    heartbeat();
    clock.advance(20_000);
    link.tick();
    expect(socket.connected).toBe(true);
    clock.advance(6_000);
    link.tick();
    expect(socket.connected).toBe(false);
    expect(socket.connects).toBe(1);
  });

  it('reconnects a socket socket.io will not retry (server disconnect, offline)', () => {
    const { link, socket } = setup();
    socket.up();
    socket.answer(1);
    link.dropNow();
    expect(link.get().connected).toBe(false);
    expect(socket.active).toBe(false);
    link.tick();
    expect(socket.connects).toBe(1);
    link.reconnectNow();
    expect(socket.connects).toBe(2);
  });

  it('keeps the hub clock anchored to snapshot and delta times, not to load pushes', () => {
    const { link, socket, clock } = setup();
    clock.advance(1_000);
    socket.up();
    socket.answer(5); // hub time 5000 at board time 1000
    expect(link.get().hubClock).toEqual({ hubAt: 5_000, localAt: 1_000 });
    clock.advance(3_000);
    socket.loads([{ serviceId: 's', waiting: 3, oldestQueuedAt: null, estimatedWaitMin: 4, next: { peopleAhead: 3, wait: { kind: 'under', min: 5 }, long: false }, priority: { peopleAhead: 0, wait: { kind: 'soon' }, long: false } }]);
    expect(link.get().snapshot?.loads).toHaveLength(1);
    expect(link.get().hubClock).toEqual({ hubAt: 5_000, localAt: 1_000 });
    socket.delta({ seq: 6, prevSeq: 5, at: 9_000, day: '2026-11-23' });
    expect(link.get().hubClock).toEqual({ hubAt: 9_000, localAt: 4_000 });
  });

  it('leaves nothing behind when closed', () => {
    const { link, socket } = setup();
    socket.up();
    link.close();
    expect(socket.listeners('connect')).toBe(0);
    expect(socket.listeners('disconnect')).toBe(0);
    expect(socket.listeners('state:delta')).toBe(0);
    expect(socket.listeners('state:loads')).toBe(0);
  });
});
