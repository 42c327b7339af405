import { afterEach, describe, expect, it, vi } from 'vitest';
import { applyDelta, formatWait, PROTOCOL_VERSION, type Delta, type PrintFailed, type PrintJob, type ScannedCitizen, type ServiceLoad, type Snapshot } from '@motcua/shared';
import { io } from 'socket.io-client';
import { connect, expectOk, send, type HubClient } from './client';
import { MONDAY_9AM, startFixture, type Fixture } from './fixture';

let f: Fixture;
afterEach(async () => {
  await f?.close();
});

const issue = (requestId: string, serviceId = 's-chung-thuc') => ({ serviceId, channel: 'kiosk' as const, requestId, print: false });

describe('hub over real socket.io and SQLite', () => {
  it('issues, calls and finishes a ticket; displays follow by sequenced deltas', async () => {
    f = await startFixture();
    const display = await f.connect();
    let snap = expectOk(await send(display, 'state:snapshot', {}));
    const deltas: Delta[] = [];
    display.on('state:delta', (d) => deltas.push(d));

    const { socket: kiosk } = await f.kiosk();
    const clerk = await f.clerk(1, 'c1');
    expectOk(await send(clerk, 'counter:open', { counterId: 'c1' }));

    const issued = expectOk(await send(kiosk, 'ticket:issue', issue('req-0001-aaaa')));
    expect(issued.ticket.number).toBe('1001');
    expect(issued.place).toEqual({ peopleAhead: 0, wait: { kind: 'soon' }, long: false });
    expect(issued.statusUrl).toMatch(/\/t\/[0-9a-f]{16}-[0-9a-f]{12}$/);
    expect('citizenName' in issued.ticket).toBe(false);

    f.clock.advance(4 * 60_000);
    const called = expectOk(await send(clerk, 'counter:callNext', { counterId: 'c1' }));
    expect(called.id).toBe(issued.ticket.id);
    expect(called.state).toBe('called');
    expect(called.counterId).toBe('c1');

    expectOk(await send(clerk, 'ticket:start', { ticketId: called.id }));
    f.clock.advance(5 * 60_000);
    const done = expectOk(await send(clerk, 'ticket:finish', { ticketId: called.id }));
    expect(done.state).toBe('done');
    expect(done.finishedAt! - done.startedAt!).toBe(5 * 60_000);

    // Deltas without a call are held up to PUBLIC_MERGE_MS for the public audience (fanout.ts).
    const lastSeq = f.hub.snapshot('manager').seq;
    await vi.waitFor(() => expect(deltas.at(-1)?.seq).toBe(lastSeq), { timeout: 5_000 });
    for (const d of deltas) {
      const next = applyDelta(snap, d);
      expect(next).not.toBe('gap');
      snap = next as Snapshot;
    }
    const call = deltas.find((d) => d.call)?.call;
    expect(call).toMatchObject({ number: '1001', counterNumber: 1, recall: false });
    expect(snap.tickets).toHaveLength(0); // done tickets leave the live list
    expect(snap.counters.find((c) => c.id === 'c1')?.status).toBe('open');
    // Displays never receive personal data.
    for (const d of deltas) for (const t of d.tickets ?? []) expect(t).not.toHaveProperty('citizenName');

    const types = f.hub.events.after(0, 1000).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['ticket.issued', 'ticket.called', 'ticket.started', 'ticket.finished']));
  });

  it('numbers per service prefix and never twice; a repeated tap returns the same ticket', async () => {
    f = await startFixture();
    const { socket: kiosk } = await f.kiosk();
    const clerk = await f.clerk(1, 'c1');
    expectOk(await send(clerk, 'counter:open', { counterId: 'c1' }));
    const a = expectOk(await send(kiosk, 'ticket:issue', issue('tap-000000001')));
    const again = expectOk(await send(kiosk, 'ticket:issue', issue('tap-000000001')));
    expect(again.repeated).toBe(true);
    expect(again.ticket.id).toBe(a.ticket.id);
    const b = expectOk(await send(kiosk, 'ticket:issue', issue('tap-000000002')));
    const c = expectOk(await send(kiosk, 'ticket:issue', issue('tap-000000003', 's-dat-dai')));
    expect([a.ticket.number, b.ticket.number, c.ticket.number]).toEqual(['1001', '1002', '3001']);
    const d = expectOk(await send(kiosk, 'ticket:issue', issue('tap-000000004')));
    // Counter 1 alone serves Chứng thực (5 min each): two people ahead, about 10 minutes.
    expect(d.place.peopleAhead).toBe(2);
    // The range contains the 10 minutes (never "0 phút"); its high end is the 90th percentile of the futures (RANGE_QUANTILES).
    expect(d.place.wait).toEqual({ kind: 'range', low: 5, high: 20 });
    expect(formatWait(d.place.wait, 'vi')).toBe('5–20 phút');
    // Before any counter for a service opens, the kiosk still says how many are ahead.
    const e = expectOk(await send(kiosk, 'ticket:issue', issue('tap-000000005', 's-dat-dai')));
    expect(e.place.peopleAhead).toBe(1);
  });

  it('refuses bad input, wrong roles and wrong states with codes, leaving the database unchanged', async () => {
    f = await startFixture();
    const { socket: kiosk } = await f.kiosk();
    const clerk1 = await f.clerk(1, 'c1');
    const clerk2 = await f.clerk(2, 'c2');
    const anon = await f.connect();
    expectOk(await send(clerk1, 'counter:open', { counterId: 'c1' }));
    const t = expectOk(await send(kiosk, 'ticket:issue', issue('req-bad-00001')));
    const before = f.hub.events.lastSeq();

    const code = async (p: Promise<{ ok: boolean; error?: { code: string } }>) => {
      const r = await p;
      return r.ok ? 'ok' : r.error?.code;
    };
    expect(await code(send(anon, 'ticket:issue', issue('req-anon-0001')))).toBe('unauthenticated');
    expect(await code(send(kiosk, 'counter:callNext', { counterId: 'c1' }))).toBe('forbidden');
    expect(await code(send(clerk2, 'counter:callNext', { counterId: 'c1' }))).toBe('wrong_counter');
    expect(await code(send(clerk2, 'ticket:finish', { ticketId: t.ticket.id }))).toBe('wrong_counter');
    // @ts-expect-error deliberately malformed payload
    expect(await code(send(kiosk, 'ticket:issue', { serviceId: 42 }))).toBe('invalid_payload');
    // @ts-expect-error deliberately malformed payload
    expect(await code(send(clerk1, 'counter:callNext', null))).toBe('invalid_payload');
    expect(await code(send(kiosk, 'ticket:issue', issue('req-unknown-1', 's-nope')))).toBe('not_found');
    expect(await code(send(clerk1, 'ticket:finish', { ticketId: 'no-such-ticket' }))).toBe('not_found');
    expect(await code(send(anon, 'auth:login', { username: 'canbo1', password: 'wrong' }))).toBe('bad_credentials');
    expect(await code(send(anon, 'device:pair', { code: '000000', name: 'x' }))).toBe('pairing_code_invalid');

    const m = await f.manager();
    // Finishing a ticket that was never called is refused.
    expect(await code(send(m, 'ticket:finish', { ticketId: t.ticket.id }))).toBe('invalid_state');
    expect(f.hub.events.lastSeq()).toBe(before + 1); // only the manager's sign-in was recorded

    // A replayed command: the second finish is refused and changes nothing.
    const called = expectOk(await send(clerk1, 'counter:callNext', { counterId: 'c1' }));
    expectOk(await send(clerk1, 'ticket:finish', { ticketId: called.id }));
    const afterFinish = f.hub.events.lastSeq();
    expect(await code(send(clerk1, 'ticket:finish', { ticketId: called.id }))).toBe('invalid_state');
    expect(f.hub.events.lastSeq()).toBe(afterFinish);

    // Raw garbage straight on the socket never crashes the hub.
    const raw = anon as unknown as { emit: (...a: unknown[]) => void };
    raw.emit('ticket:issue', 'garbage', () => undefined);
    raw.emit('ticket:issue');
    raw.emit('no-such-event', { x: 1 }, () => undefined);
    raw.emit('state:snapshot', { a: 1 }, 'not a function');
    expect(expectOk(await send(anon, 'state:snapshot', {})).role).toBe('public');
  });

  it('refuses a client with the wrong protocol version or an unknown token', async () => {
    f = await startFixture();
    await expect(connect(f.hub.url, undefined, PROTOCOL_VERSION + 1)).rejects.toThrow('protocol_mismatch');
    await expect(connect(f.hub.url, 'not-a-real-token')).rejects.toThrow('unauthenticated');
  });

  it('recall turns into no-show after the configured limit; transfer keeps the original queue time', async () => {
    f = await startFixture({ recallLimit: 2 });
    const { socket: kiosk } = await f.kiosk();
    const c1 = await f.clerk(1, 'c1');
    const c2 = await f.clerk(2, 'c2');
    expectOk(await send(c1, 'counter:open', { counterId: 'c1' }));
    const a = expectOk(await send(kiosk, 'ticket:issue', issue('req-recall-01')));
    f.clock.advance(60_000);
    const b = expectOk(await send(kiosk, 'ticket:issue', issue('req-recall-02')));
    const called = expectOk(await send(c1, 'counter:callNext', { counterId: 'c1' }));
    expect(called.id).toBe(a.ticket.id);
    expect(expectOk(await send(c1, 'ticket:recall', { ticketId: called.id })).recallCount).toBe(1);
    expect(expectOk(await send(c1, 'ticket:recall', { ticketId: called.id })).recallCount).toBe(2);
    expect(expectOk(await send(c1, 'ticket:recall', { ticketId: called.id })).state).toBe('no_show');

    f.clock.advance(60_000);
    const second = expectOk(await send(c1, 'counter:callNext', { counterId: 'c1' }));
    expect(second.id).toBe(b.ticket.id);
    // Counter 2 opens only now: with it idle earlier, dispatch may rightly leave the older ticket to it.
    expectOk(await send(c2, 'counter:open', { counterId: 'c2' }));
    const moved = expectOk(await send(c1, 'ticket:transfer', { ticketId: second.id, toServiceId: 's-ho-tich' }));
    expect(moved).toMatchObject({ state: 'waiting', serviceId: 's-ho-tich', queuedAt: b.ticket.queuedAt, counterId: null });
    const atC2 = expectOk(await send(c2, 'counter:callNext', { counterId: 'c2' }));
    expect(atC2.id).toBe(b.ticket.id);
    // Hold and return: back in line for the same counter.
    expectOk(await send(c2, 'ticket:hold', { ticketId: atC2.id }));
    const back = expectOk(await send(c2, 'ticket:return', { ticketId: atC2.id }));
    expect(back).toMatchObject({ state: 'waiting', targetCounterId: 'c2' });
    const atC1 = await send(c1, 'counter:callNext', { counterId: 'c1' });
    expect(atC1.ok ? atC1.data.id : atC1.error.code).toBe('no_ticket');
    expect(expectOk(await send(c2, 'counter:callNext', { counterId: 'c2' })).id).toBe(atC2.id);
  });

  it('reconnects with a snapshot that includes what happened while away', async () => {
    f = await startFixture();
    const { socket: kiosk, token } = await f.kiosk();
    const display = await f.connect();
    const before = expectOk(await send(display, 'state:snapshot', {}));
    display.close();
    expectOk(await send(kiosk, 'ticket:issue', issue('req-away-0001')));
    expectOk(await send(kiosk, 'ticket:issue', issue('req-away-0002')));
    const again = await f.connect();
    const after = expectOk(await send(again, 'state:snapshot', {}));
    expect(after.seq).toBeGreaterThan(before.seq);
    expect(after.tickets.map((t) => t.number)).toEqual(['1001', '1002']);
    // A delta that does not follow the client's seq is a gap: ask for a snapshot.
    expect(applyDelta(before, { seq: after.seq, prevSeq: after.seq - 1, at: 0, day: after.day })).toBe('gap');
    // A kiosk reconnects with its device token.
    kiosk.close();
    const k2 = await f.connect(token);
    expect(expectOk(await send(k2, 'state:snapshot', {})).role).toBe('kiosk');
  });

  it('restarts numbering on a new business day in Asia/Ho_Chi_Minh and closes yesterday’s queue', async () => {
    const lateEvening = Date.UTC(2026, 10, 23, 16, 58); // 23:58 in Ho Chi Minh City
    f = await startFixture({}, lateEvening);
    const { socket: kiosk } = await f.kiosk();
    const a = expectOk(await send(kiosk, 'ticket:issue', issue('req-day1-0001')));
    const b = expectOk(await send(kiosk, 'ticket:issue', issue('req-day1-0002')));
    expect([a.ticket.day, a.ticket.number, b.ticket.number]).toEqual(['2026-11-23', '1001', '1002']);
    f.clock.advance(3 * 60_000); // 00:01 the next day
    f.hub.rollDayIfNeeded();
    const c = expectOk(await send(kiosk, 'ticket:issue', issue('req-day2-0001')));
    expect([c.ticket.day, c.ticket.number]).toEqual(['2026-11-24', '1001']);
    const snap = expectOk(await send(kiosk, 'state:snapshot', {}));
    expect(snap.tickets.map((t) => t.id)).toEqual([c.ticket.id]);
    expect(f.hub.tickets.byId(a.ticket.id)?.state).toBe('cancelled');
    expect(MONDAY_9AM).toBeLessThan(lateEvening);
  });

  it('ratings: one per visit, on the configured scale', async () => {
    f = await startFixture();
    const { socket: kiosk } = await f.kiosk();
    const c1 = await f.clerk(1, 'c1');
    const requests: string[] = [];
    c1.on('rating:request', (r) => requests.push(r.ticketId));
    expectOk(await send(c1, 'counter:open', { counterId: 'c1' }));
    expectOk(await send(kiosk, 'ticket:issue', issue('req-rate-0001')));
    const t = expectOk(await send(c1, 'counter:callNext', { counterId: 'c1' }));
    expectOk(await send(c1, 'ticket:finish', { ticketId: t.id }));
    await new Promise((r) => setTimeout(r, 30));
    expect(requests).toEqual([t.id]);
    expect(expectOk(await send(c1, 'ticket:rate', { ticketId: t.id, score: 4 })).rating).toBe(4);
    const again = await send(c1, 'ticket:rate', { ticketId: t.id, score: 1 });
    expect(again.ok ? 'ok' : again.error.code).toBe('duplicate');
  });

  it('books an appointment slot at the kiosk and checks it in as an appointment ticket', async () => {
    f = await startFixture();
    const { socket: kiosk } = await f.kiosk();
    const slots = expectOk(await send(kiosk, 'appointment:slots', { serviceId: 's-ho-tich' }));
    // 09:00 now, 30 minutes' lead: the first slot is 09:30, every 15 minutes until 23:45 (the demo
    // ward is open around the clock; a real ward's hours: opening.medium.test.ts).
    expect(slots[0]).toEqual({ slotAt: MONDAY_9AM + 30 * 60_000, free: 2 });
    expect(slots.at(-1)?.slotAt).toBe(MONDAY_9AM + (23 * 60 + 45 - 9 * 60) * 60_000);
    const appt = expectOk(await send(kiosk, 'appointment:book', { serviceId: 's-ho-tich', slotAt: slots[0]!.slotAt, requestId: 'book-000001', citizenName: 'Nguyễn Văn A' }));
    expect(appt.code).toMatch(/^[A-Z2-9]{6}$/);
    // A retried booking (same request id) is the same booking, not a second place.
    const retried = expectOk(await send(kiosk, 'appointment:book', { serviceId: 's-ho-tich', slotAt: slots[0]!.slotAt, requestId: 'book-000001', citizenName: 'Nguyễn Văn A' }));
    expect(retried.code).toBe(appt.code);
    expectOk(await send(kiosk, 'appointment:book', { serviceId: 's-ho-tich', slotAt: slots[0]!.slotAt, requestId: 'book-000002' }));
    const full = await send(kiosk, 'appointment:book', { serviceId: 's-ho-tich', slotAt: slots[0]!.slotAt, requestId: 'book-000003' });
    expect(full.ok ? 'ok' : full.error.code).toBe('conflict');
    f.clock.advance(25 * 60_000);
    const t = expectOk(await send(kiosk, 'appointment:checkIn', { code: appt.code, requestId: 'checkin-0001', print: false }));
    expect(t.ticket).toMatchObject({ channel: 'appointment', slotAt: appt.slotAt, number: '2001' });
    expect(f.hub.tickets.byId(t.ticket.id)?.citizenName).toBe('Nguyễn Văn A'); // stored, for the clerk
    const again = expectOk(await send(kiosk, 'appointment:checkIn', { code: appt.code, requestId: 'checkin-0002', print: false }));
    expect(again).toMatchObject({ repeated: true, ticket: { id: t.ticket.id } });
  });

  it("gives a clerk today's figures", async () => {
    f = await startFixture();
    const { socket: kiosk } = await f.kiosk();
    const c1 = await f.clerk(1, 'c1');
    expectOk(await send(c1, 'counter:open', { counterId: 'c1' }));
    for (let i = 0; i < 3; i++) expectOk(await send(kiosk, 'ticket:issue', issue(`req-today-${i}-xx`)));
    for (const minutes of [4, 6]) {
      const t = expectOk(await send(c1, 'counter:callNext', { counterId: 'c1' }));
      expectOk(await send(c1, 'ticket:start', { ticketId: t.id }));
      f.clock.advance(minutes * 60_000);
      expectOk(await send(c1, 'ticket:finish', { ticketId: t.id }));
      expectOk(await send(c1, 'ticket:rate', { ticketId: t.id, score: minutes === 4 ? 4 : 3 }));
    }
    const t3 = expectOk(await send(c1, 'counter:callNext', { counterId: 'c1' }));
    expectOk(await send(c1, 'ticket:noShow', { ticketId: t3.id }));
    expect(expectOk(await send(c1, 'clerk:today', {}))).toEqual({ served: 2, noShows: 1, avgServiceMin: 5, avgRating: 3.5, ratings: 2 });
  });

  it('pushes waiting counts and estimated waits per service when the queue changes', async () => {
    f = await startFixture();
    const display = await f.connect();
    const loads = new Promise<ServiceLoad[]>((resolve) => display.once('state:loads', resolve));
    const { socket: kiosk } = await f.kiosk();
    expectOk(await send(kiosk, 'ticket:issue', issue('req-loads-001', 's-ho-tich')));
    expectOk(await send(kiosk, 'ticket:issue', issue('req-loads-002', 's-ho-tich')));
    const pushed = await loads;
    expect(pushed.find((l) => l.serviceId === 's-ho-tich')).toMatchObject({ waiting: 2, oldestQueuedAt: MONDAY_9AM });
    expect(pushed.find((l) => l.serviceId === 's-dat-dai')).toMatchObject({ waiting: 0, oldestQueuedAt: null });
  });

  it('a refused call next leaves the citizen at the counter on every screen', async () => {
    f = await startFixture();
    const { socket: kiosk } = await f.kiosk();
    const c1 = await f.clerk(1, 'c1');
    expectOk(await send(c1, 'counter:open', { counterId: 'c1' }));
    expectOk(await send(kiosk, 'ticket:issue', issue('req-lone-0001')));
    const t = expectOk(await send(c1, 'counter:callNext', { counterId: 'c1' }));
    const again = await send(c1, 'counter:callNext', { counterId: 'c1' });
    expect(again.ok ? 'ok' : again.error.code).toBe('no_ticket');
    const snap = expectOk(await send(c1, 'state:snapshot', {}));
    expect(snap.tickets.map((x) => [x.id, x.state])).toEqual([[t.id, 'called']]);
  });

  it('call next asks for a rating of the visit it closes and keeps LED displays right', async () => {
    f = await startFixture();
    const { socket: kiosk } = await f.kiosk();
    const m = await f.manager();
    const { code } = expectOk(await send(m, 'manager:createPairingCode', { kind: 'agent', counterId: 'c1' }));
    const agentToken = expectOk(await send(await f.connect(), 'device:pair', { code, name: 'agent c1' })).token;
    const c1 = await f.clerk(1, 'c1');
    const ratings: string[] = [];
    c1.on('rating:request', (r) => ratings.push(r.ticketId));
    expectOk(await send(c1, 'counter:open', { counterId: 'c1' }));
    expectOk(await send(kiosk, 'ticket:issue', issue('req-led-00001')));
    expectOk(await send(kiosk, 'ticket:issue', issue('req-led-00002')));
    const agent = await f.connect(agentToken);
    const leds: unknown[] = [];
    agent.on('led:show', (cmd) => {
      if (cmd.target === 'counter' && cmd.counterId === 'c1') leds.push(cmd.number);
    });
    const first = expectOk(await send(c1, 'counter:callNext', { counterId: 'c1' }));
    const second = expectOk(await send(c1, 'counter:callNext', { counterId: 'c1' }));
    expectOk(await send(c1, 'ticket:noShow', { ticketId: second.id }));
    await new Promise((r) => setTimeout(r, 50));
    expect(ratings).toEqual([first.id]);
    expect(leds).toEqual([first.number, second.number, null]);
    // A reconnecting agent is told what every counter shows now.
    expectOk(await send(kiosk, 'ticket:issue', issue('req-led-00003')));
    const third = expectOk(await send(c1, 'counter:callNext', { counterId: 'c1' }));
    const again: HubClient = io(f.hub.url, { auth: { protocolVersion: PROTOCOL_VERSION, token: agentToken }, transports: ['websocket'], autoConnect: false, reconnection: false });
    f.sockets.push(again);
    const initial = new Promise<unknown>((resolve) => again.on('led:show', (cmd) => cmd.target === 'counter' && cmd.counterId === 'c1' && resolve(cmd.number)));
    again.connect();
    expect(await initial).toBe(third.number);
  });

  it('a counter keypad needs a signed-in clerk and ignores a second call-next right after a call', async () => {
    f = await startFixture();
    const { socket: kiosk } = await f.kiosk();
    const m = await f.manager();
    const { code } = expectOk(await send(m, 'manager:createPairingCode', { kind: 'agent', counterId: 'c1' }));
    const agent = await f.connect(expectOk(await send(await f.connect(), 'device:pair', { code, name: 'agent c1' })).token);
    const key = (k: 'call_next' | 'pause') => send(agent, 'device:input', { type: 'key', peripheral: 'keypad', key: k });
    for (const r of ['req-key-00001', 'req-key-00002']) expectOk(await send(kiosk, 'ticket:issue', issue(r)));
    const nobody = await key('call_next');
    expect(nobody.ok ? 'ok' : nobody.error.code).toBe('forbidden');
    expect(f.hub.tickets.activeAtCounter('c1')).toHaveLength(0);
    const c1 = await f.clerk(1, 'c1');
    expectOk(await send(c1, 'counter:open', { counterId: 'c1' }));
    expectOk(await key('call_next'));
    const [first] = f.hub.tickets.activeAtCounter('c1');
    f.clock.advance(400);
    const bounce = await key('call_next');
    expect(bounce.ok ? 'ok' : bounce.error.code).toBe('rate_limited');
    expect(f.hub.tickets.byId(first!.id)?.state).toBe('called'); // the citizen just called is not closed unseen
    f.clock.advance(3000);
    expectOk(await key('call_next'));
    expect(f.hub.tickets.byId(first!.id)?.state).toBe('done');
    expect(f.hub.tickets.activeAtCounter('c1')[0]?.id).not.toBe(first!.id);
  });

  it('a failed print reaches the kiosk as a typed code, from the agent or from the hub’s own timeout', async () => {
    f = await startFixture({ printTimeoutMs: 500 });
    const { socket: kiosk, deviceId } = await f.kiosk();
    const m = await f.manager();
    const { code } = expectOk(await send(m, 'manager:createPairingCode', { kind: 'agent', boundDeviceId: deviceId }));
    const agent = await f.connect(expectOk(await send(await f.connect(), 'device:pair', { code, name: 'kiosk agent' })).token);
    const jobs: PrintJob[] = [];
    const failed: PrintFailed[] = [];
    agent.on('print:job', (j) => jobs.push(j));
    kiosk.on('print:failed', (x) => failed.push(x));
    const until = async (cond: () => boolean) => {
      for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
    };

    const first = expectOk(await send(kiosk, 'ticket:issue', { ...issue('print-fail-0001'), print: true }));
    expect(first.printJobId).not.toBeNull();
    await until(() => jobs.length === 1);
    expectOk(await send(agent, 'print:result', { jobId: first.printJobId!, ok: false, error: { code: 'paper_out', message: 'Máy in hết giấy, hãy thay cuộn giấy.' } }));
    await until(() => failed.length === 1);
    expect(failed[0]).toEqual({ jobId: first.printJobId, ticketId: first.ticket.id, error: { code: 'paper_out', message: 'Máy in hết giấy, hãy thay cuộn giấy.' } });
    // A replayed result changes nothing; a code outside the drivers' closed set is refused as a payload.
    const again = await send(agent, 'print:result', { jobId: first.printJobId!, ok: false, error: { code: 'paper_out' } });
    expect(again.ok ? 'ok' : again.error.code).toBe('duplicate');
    const bad = await new Promise<{ ok: boolean; error?: { code: string } }>((resolve) =>
      (agent.emit as (e: string, i: unknown, ack: (r: { ok: boolean; error?: { code: string } }) => void) => void)('print:result', { jobId: first.printJobId, ok: false, error: 'paper_out: hết giấy' }, resolve),
    );
    expect(bad.error?.code).toBe('invalid_payload');
    const stored = f.hub.db.prepare("SELECT payload FROM events WHERE type = 'print.failed'").all() as { payload: string }[];
    expect(stored.map((e) => (JSON.parse(e.payload) as { error: string }).error)).toEqual(['paper_out: Máy in hết giấy, hãy thay cuộn giấy.']);

    // No answer from the agent: the hub settles the job itself as `timeout`.
    const second = expectOk(await send(kiosk, 'ticket:issue', { ...issue('print-fail-0002'), print: true }));
    await until(() => failed.length === 2);
    expect(failed[1]).toEqual({ jobId: second.printJobId, ticketId: second.ticket.id, error: { code: 'timeout', message: 'no answer from the printer agent' } });
  });

  it('routes what the kiosk agent scans: an ID card, an appointment QR, garbage', async () => {
    f = await startFixture();
    const { socket: kiosk, deviceId } = await f.kiosk();
    const m = await f.manager();
    const { code } = expectOk(await send(m, 'manager:createPairingCode', { kind: 'agent', boundDeviceId: deviceId }));
    const agent = await f.connect(expectOk(await send(await f.connect(), 'device:pair', { code, name: 'kiosk agent' })).token);
    const scans: ScannedCitizen[] = [];
    kiosk.on('device:scanned', (s) => scans.push(s));
    expectOk(await send(agent, 'device:input', { type: 'scan', peripheral: 'scanner', data: '079050012345|272345678|Nguyễn Văn An|15031950|Nam|12 Lê Lợi, Bến Thành, TP. Hồ Chí Minh|10052021\r\n' }));
    expectOk(await send(agent, 'device:input', { type: 'scan', peripheral: 'scanner', data: 'MOTCUA:APPT:ab3k9z' }));
    const bad = await send(agent, 'device:input', { type: 'scan', peripheral: 'scanner', data: '0791900|x|y' });
    expect(bad.ok ? 'ok' : bad.error.code).toBe('invalid_payload');
    await new Promise((r) => setTimeout(r, 50));
    expect(scans).toHaveLength(3);
    expect(scans[0]!.result).toEqual({ ok: true, data: { idNumber: '079050012345', fullName: 'Nguyễn Văn An', dateOfBirth: '1950-03-15', sex: 'Nam', issueDate: '2021-05-10' } });
    expect(scans[1]!.appointmentCode).toBe('AB3K9Z');
    expect(scans[2]!.result.ok).toBe(false);
    expect(scans[2]!.result.ok ? '' : scans[2]!.result.error.message).toMatch(/[à-ỹ]/); // a Vietnamese message for the citizen
  });
});
