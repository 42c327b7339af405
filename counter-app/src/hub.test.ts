import { describe, expect, it } from 'vitest';
import { ok, fail } from '@motcua/shared';
import { errorText, loadSession, saveSession, send, toStoredSession, type SendSocket } from './hub';

function fakeSocket(connected: boolean, answer: (event: string, input: unknown) => unknown): SendSocket & { sent: string[] } {
  const sent: string[] = [];
  return {
    connected,
    sent,
    timeout: (ms: number) => ({
      emit(event: string, input: unknown, ack: (err: Error | null, res: unknown) => void) {
        sent.push(event);
        const a = answer(event, input);
        if (a === 'silence') setTimeout(() => ack(new Error('operation has timed out'), undefined), ms);
        else ack(null, a);
      },
    }),
  };
}

describe('send', () => {
  it('returns the hub result', async () => {
    const s = fakeSocket(true, () => ok({ id: 't1' }));
    expect(await send(s, 'ticket:start', { ticketId: 't1' })).toEqual({ ok: true, data: { id: 't1' } });
    const f = fakeSocket(true, () => fail('invalid_state'));
    const r = await send(f, 'ticket:start', { ticketId: 't1' });
    expect(r.ok ? null : r.error.code).toBe('invalid_state');
  });

  it('never queues a command while offline', async () => {
    const s = fakeSocket(false, () => ok(null));
    const r = await send(s, 'counter:callNext', { counterId: 'c1' });
    expect(r.ok ? null : r.error.code).toBe('offline');
    expect(s.sent).toEqual([]);
  });

  it('reports a missing acknowledgement as a timeout', async () => {
    const s = fakeSocket(true, () => 'silence');
    const r = await send(s, 'counter:callNext', { counterId: 'c1' }, 20);
    expect(r.ok ? null : r.error.code).toBe('timeout');
  });
});

describe('error text', () => {
  it('shows the hub message in Vietnamese and the table message in English', () => {
    expect(errorText({ code: 'no_ticket', message: 'Không còn công dân nào chờ ở quầy này.' }, 'vi')).toMatch(/Không còn/);
    expect(errorText({ code: 'no_ticket', message: 'x' }, 'en')).toBe('Nobody is waiting for this counter.');
    expect(errorText({ code: 'offline', message: '' }, 'en')).toMatch(/nothing was sent/);
  });
});

describe('stored session', () => {
  it('round-trips and ignores garbage', () => {
    const mem = new Map<string, string>();
    const storage = { getItem: (k: string) => mem.get(k) ?? null, setItem: (k: string, v: string) => void mem.set(k, v), removeItem: (k: string) => void mem.delete(k) };
    const s = toStoredSession({ token: 'tok', role: 'clerk', clerk: { id: 'u-1', username: 'canbo1', displayName: 'Trần Văn An', role: 'clerk', active: true }, counterId: 'c1', deviceId: null }, 'canbo1');
    saveSession('k', s, storage);
    expect(loadSession('k', storage)).toEqual(s);
    mem.set('k', '{not json');
    expect(loadSession('k', storage)).toBeNull();
    saveSession('k', null, storage);
    expect(loadSession('k', storage)).toBeNull();
  });
  it('needs a counter', () => {
    expect(toStoredSession({ token: 't', role: 'manager', clerk: null, counterId: null, deviceId: null }, 'quanly')).toBeNull();
  });
});
