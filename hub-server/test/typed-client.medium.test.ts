/**
 * The shared typed client (`call`, shared/src/client.ts) against a real socket.io server on
 * loopback: answers come back typed; a command is refused at once while the socket is not
 * connected and is never delivered later (socket.io buffers a plain emit made while disconnected
 * and replays it on reconnect — shown here too, so the test would notice the client buffering);
 * a missing acknowledgement ends as `timeout`.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket as ServerSocket } from 'socket.io';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { call, fail, ok, type ClientToServerEvents, type ServerToClientEvents, type TicketStatus } from '@motcua/shared';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

const http = createServer();
const server = new Server<ClientToServerEvents, ServerToClientEvents>(http);
let url = '';
/** Every command the server received, in order. */
let received: string[] = [];
let serverSockets: ServerSocket<ClientToServerEvents, ServerToClientEvents>[] = [];
const clients: Client[] = [];

const status: TicketStatus = {
  ticket: {
    id: 't1',
    day: '2026-11-23',
    number: '1001',
    seqNo: 1,
    serviceId: 's1',
    procedureId: null,
    channel: 'kiosk',
    priorityGroup: null,
    state: 'waiting',
    issuedAt: 1,
    queuedAt: 1,
    slotAt: null,
    targetCounterId: null,
    counterId: null,
    calledAt: null,
    startedAt: null,
    finishedAt: null,
    recallCount: 0,
    predictedWaitMin: 7,
    peopleAheadAtIssue: 2,
  },
  serviceName: { vi: 'Chứng thực', en: 'Certification' },
  place: { peopleAhead: 2, wait: { kind: 'range', low: 5, high: 10 }, long: false },
  counterNumber: null,
};

beforeAll(async () => {
  server.on('connection', (s) => {
    serverSockets.push(s);
    s.on('ticket:status', (input, ack) => {
      received.push(`ticket:status ${input.ticketId}`);
      ack(input.ticketId === 't1' ? ok(status) : fail('not_found', `ticket ${input.ticketId}`));
    });
    s.on('counter:callNext', (input) => {
      // Never answers: the client must give up by itself.
      received.push(`counter:callNext ${input.counterId}`);
    });
    s.on('ticket:issue', (input, ack) => {
      received.push(`ticket:issue ${input.requestId}`);
      ack(fail('forbidden'));
    });
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', () => r()));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const c of clients) c.close();
  await server.close();
});
beforeEach(() => {
  received = [];
  serverSockets = [];
});

function client(autoConnect: boolean): Client {
  const c: Client = io(url, { transports: ['websocket'], forceNew: true, autoConnect, reconnection: false });
  clients.push(c);
  return c;
}

function connected(c: Client): Promise<void> {
  if (c.connected) return Promise.resolve();
  return new Promise((resolve) => c.once('connect', () => resolve()));
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('call (the shared typed client) over real socket.io', () => {
  it('returns the answer, and the hub’s refusal, as typed results', async () => {
    const c = client(true);
    await connected(c);
    const r = await call(c, 'ticket:status', { ticketId: 't1' }, { timeoutMs: 2000 });
    expect(r).toEqual({ ok: true, data: status });
    const missing = await call(c, 'ticket:status', { ticketId: 'nope' }, { timeoutMs: 2000 });
    expect(missing.ok ? null : missing.error.code).toBe('not_found');
    c.close();
  });

  it('refuses at once while disconnected and sends nothing when the socket connects later', async () => {
    const c = client(false);
    const started = Date.now();
    const r = await call(c, 'ticket:issue', { serviceId: 's1', requestId: 'offline-0001' }, { timeoutMs: 5000 });
    expect(Date.now() - started).toBeLessThan(100);
    expect(r.ok ? null : r.error.code).toBe('offline');
    expect(r.ok ? null : r.error.message).toMatch(/Mất kết nối/);

    // The control: socket.io itself buffers a plain emit made while disconnected and delivers it on connect.
    c.emit('ticket:status', { ticketId: 'buffered' }, () => undefined);
    c.connect();
    await connected(c);
    await pause(300);
    expect(received).toEqual(['ticket:status buffered']);
    c.close();
  });

  it('after a drop, a command is refused and not replayed on reconnect', async () => {
    const c = client(true);
    await connected(c);
    const dropped = new Promise<void>((resolve) => c.once('disconnect', () => resolve()));
    serverSockets[0]!.disconnect(true);
    await dropped;
    const r = await call(c, 'ticket:issue', { serviceId: 's1', requestId: 'dropped-0001' }, { timeoutMs: 5000, messages: { offline: 'no link' } });
    expect(r).toEqual({ ok: false, error: { code: 'offline', message: 'no link' } });
    c.connect();
    await connected(c);
    expect((await call(c, 'ticket:status', { ticketId: 't1' }, { timeoutMs: 2000 })).ok).toBe(true);
    await pause(200);
    expect(received).toEqual(['ticket:status t1']);
    c.close();
  });

  it('ends as timeout when no acknowledgement comes in time', async () => {
    const c = client(true);
    await connected(c);
    const started = Date.now();
    const r = await call(c, 'counter:callNext', { counterId: 'c1' }, { timeoutMs: 150 });
    const took = Date.now() - started;
    expect(r.ok ? null : r.error.code).toBe('timeout');
    expect(took).toBeGreaterThanOrEqual(140);
    expect(took).toBeLessThan(2000);
    expect(received).toEqual(['counter:callNext c1']);
    c.close();
  });
});
