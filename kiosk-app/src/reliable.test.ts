import { describe, expect, it } from 'vitest';
import { ok, type Result } from '@motcua/shared';
import { newRequestId, sendUntilAnswered, type CommandSocket } from './reliable';

/** A socket that records emits; the test decides when (and whether) answers come. */
class FakeSocket implements CommandSocket {
  connected = true;
  emits: { event: string; input: unknown; ack: (r: unknown) => void }[] = [];
  private listeners = { connect: new Set<() => void>(), disconnect: new Set<() => void>() };
  on(e: 'connect' | 'disconnect', l: () => void) {
    this.listeners[e].add(l);
  }
  off(e: 'connect' | 'disconnect', l: () => void) {
    this.listeners[e].delete(l);
  }
  emit(event: string, input: unknown, ack: (r: unknown) => void) {
    this.emits.push({ event, input, ack });
  }
  drop() {
    this.connected = false;
    for (const l of this.listeners.disconnect) l();
  }
  back() {
    this.connected = true;
    for (const l of this.listeners.connect) l();
  }
  listenerCount() {
    return this.listeners.connect.size + this.listeners.disconnect.size;
  }
}

class Timers {
  now = 0;
  private q = new Map<number, { at: number; fn: () => void }>();
  private id = 0;
  setTimeout = (fn: () => void, ms: number): unknown => {
    this.q.set(++this.id, { at: this.now + ms, fn });
    return this.id;
  };
  clearTimeout = (h: unknown): void => void this.q.delete(h as number);
  tick(ms: number) {
    this.now += ms;
    for (const [k, t] of [...this.q]) {
      if (t.at > this.now) continue;
      this.q.delete(k);
      t.fn();
    }
  }
}

const input = { serviceId: 's', requestId: 'k-0001' };

describe('sendUntilAnswered', () => {
  it('sends once and resolves with the answer', async () => {
    const socket = new FakeSocket();
    const p = sendUntilAnswered<string>(socket, 'ticket:issue', input, { timers: new Timers() });
    expect(socket.emits).toHaveLength(1);
    socket.emits[0]?.ack(ok('ticket'));
    expect(await p).toEqual(ok('ticket'));
    expect(socket.listenerCount()).toBe(0);
  });

  it('hub drops mid-issue: the same request (same requestId) goes again after reconnecting', async () => {
    const socket = new FakeSocket();
    const progress: boolean[] = [];
    const p = sendUntilAnswered<string>(socket, 'ticket:issue', input, { timers: new Timers(), onProgress: (x) => progress.push(x.connected) });
    socket.drop(); // the answer of the first attempt is lost with the connection
    expect(socket.emits).toHaveLength(1);
    socket.back();
    expect(socket.emits).toHaveLength(2);
    expect(socket.emits[1]?.input).toBe(socket.emits[0]?.input);
    socket.emits[1]?.ack(ok('same ticket'));
    expect(await p).toEqual(ok('same ticket'));
    expect(progress).toEqual([true, false, true]);
  });

  it('waits for a connection before sending at all', async () => {
    const socket = new FakeSocket();
    socket.connected = false;
    const p = sendUntilAnswered<string>(socket, 'ticket:issue', input, { timers: new Timers() });
    expect(socket.emits).toHaveLength(0);
    socket.back();
    socket.emits[0]?.ack(ok('x'));
    expect(await p).toEqual(ok('x'));
  });

  it('re-sends while connected when no answer comes in time; the first answer wins, later ones are ignored', async () => {
    const socket = new FakeSocket();
    const timers = new Timers();
    const p = sendUntilAnswered<string>(socket, 'ticket:issue', input, { timers, ackTimeoutMs: 1000 });
    timers.tick(999);
    expect(socket.emits).toHaveLength(1);
    timers.tick(1);
    expect(socket.emits).toHaveLength(2);
    socket.emits[0]?.ack(ok('late first'));
    socket.emits[1]?.ack(ok('second'));
    expect(await p).toEqual(ok('late first'));
    timers.tick(10_000);
    expect(socket.emits).toHaveLength(2);
  });

  it('an error answer is an answer (not retried)', async () => {
    const socket = new FakeSocket();
    const p = sendUntilAnswered<string>(socket, 'ticket:issue', input, { timers: new Timers() });
    const err: Result<string> = { ok: false, error: { code: 'service_unavailable', message: 'x' } };
    socket.emits[0]?.ack(err);
    expect(await p).toEqual(err);
  });

  it('abort resolves null and ignores a later answer', async () => {
    const socket = new FakeSocket();
    const ac = new AbortController();
    const p = sendUntilAnswered<string>(socket, 'ticket:issue', input, { timers: new Timers(), signal: ac.signal });
    ac.abort();
    socket.emits[0]?.ack(ok('late'));
    expect(await p).toBeNull();
    expect(socket.listenerCount()).toBe(0);
  });
});

describe('newRequestId', () => {
  it('is long enough for the hub (8–64) and differs per tap', () => {
    const a = newRequestId();
    expect(a).toMatch(/^k-[0-9a-f]{32}$/);
    expect(newRequestId()).not.toBe(a);
    expect(newRequestId((b) => b.fill(0))).toBe(`k-${'0'.repeat(32)}`);
  });
});
