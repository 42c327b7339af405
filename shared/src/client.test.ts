import { describe, expect, it } from 'vitest';
import { call, CLIENT_ERROR_MESSAGES, HEALTH_OK, watchHubHealth, type CommandSocket, type HealthSocket } from './client';
import type { HubHealth } from './protocol';
import { fail, ok } from './result';

/** A socket double: records what was emitted; answers with `answer`, or never ('silence'). */
function fakeSocket(connected: boolean, answer: unknown) {
  const sent: { event: string; input: unknown; timeoutMs: number }[] = [];
  const socket: CommandSocket = {
    connected,
    timeout: (timeoutMs: number) => ({
      emit(event: string, input: unknown, ack: (err: Error | null, res: unknown) => void) {
        sent.push({ event, input, timeoutMs });
        if (answer === 'silence') setTimeout(() => ack(new Error('operation has timed out'), undefined), timeoutMs);
        else ack(null, answer);
      },
    }),
  };
  return { socket, sent };
}

describe('call', () => {
  it('sends the command with its time limit and returns the hub’s answer', async () => {
    const { socket, sent } = fakeSocket(true, ok({ printJobId: 'j1' }));
    const r = await call(socket, 'ticket:reprint', { ticketId: 't1' }, { timeoutMs: 1234 });
    expect(r).toEqual({ ok: true, data: { printJobId: 'j1' } });
    expect(sent).toEqual([{ event: 'ticket:reprint', input: { ticketId: 't1' }, timeoutMs: 1234 }]);
    const refused = await call(fakeSocket(true, fail('forbidden')).socket, 'ticket:reprint', { ticketId: 't1' }, { timeoutMs: 1000 });
    expect(refused.ok ? null : refused.error.code).toBe('forbidden');
  });

  it('refuses at once while offline, without emitting (socket.io would buffer and replay it)', async () => {
    const { socket, sent } = fakeSocket(false, ok(null));
    const r = await call(socket, 'counter:callNext', { counterId: 'c1' }, { timeoutMs: 1000 });
    expect(r).toEqual({ ok: false, error: { code: 'offline', message: CLIENT_ERROR_MESSAGES.offline.vi } });
    expect(sent).toEqual([]);
  });

  it('ends as timeout when no answer comes, with the caller’s wording when given', async () => {
    const { socket } = fakeSocket(true, 'silence');
    const r = await call(socket, 'counter:callNext', { counterId: 'c1' }, { timeoutMs: 20, messages: { timeout: 'quá giờ' } });
    expect(r).toEqual({ ok: false, error: { code: 'timeout', message: 'quá giờ' } });
  });
});

describe('watchHubHealth', () => {
  it('starts each connection as ok, follows pushes, and stops when unsubscribed', () => {
    // Catches: a kiosk that stays on "tạm ngừng cấp số" after reconnecting to a hub that recovered
    // while it was away (the hub only pushes "unavailable" to a socket that connects).
    const handlers = new Map<string, (h: HubHealth) => void>();
    const socket: HealthSocket = {
      on: (e: string, fn: (h: HubHealth) => void) => handlers.set(e, fn),
      off: (e: string) => handlers.delete(e),
    };
    const seen: HubHealth[] = [];
    const stop = watchHubHealth(socket, (h) => seen.push(h));
    const down: HubHealth = { storage: 'unavailable', since: 1, code: 'SQLITE_FULL' };
    handlers.get('hub:health')?.(down);
    handlers.get('connect')?.(down); // 'connect' carries no health: the argument is ignored
    expect(seen).toEqual([down, HEALTH_OK]);
    stop();
    expect(handlers.size).toBe(0);
  });
});
