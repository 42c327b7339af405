/**
 * Opening hours and appointment check-in windows, enforced by a real hub (socket.io, SQLite): outside
 * hours the hub refuses to issue with `centre_closed` and the next opening, and writes nothing;
 * check-in is refused too early and too late with the edge of the window.
 *
 * Bugs these catch (each seen failing by breaking the code on purpose): dropping the
 * `closedRefusal` check in QueueService.issue (tickets at lunch and at night), dropping the
 * `checkInRefusal` check in QueueService.checkIn (a check-in 5.5 hours early, and after the window).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { CentreSettings, PrintJob } from '@motcua/shared';
import { expectOk, send, type HubClient } from './client';
import { MONDAY_9AM, startFixture, type Fixture } from './fixture';

let f: Fixture;
afterEach(async () => {
  await f?.close();
});

const MIN = 60_000;
/** A local (UTC+7) wall-clock time on the fixture's Monday, 2026-11-23. */
const monday = (h: number, m = 0): number => MONDAY_9AM + ((h - 9) * 60 + m) * MIN;
const issue = (requestId: string) => ({ serviceId: 's-chung-thuc', channel: 'kiosk' as const, requestId, print: false });

/** A real ward's week: Monday–Friday 07:30–17:00 with lunch 11:30–13:00, Saturday morning, Sunday closed. */
async function realHours(manager: HubClient): Promise<CentreSettings> {
  const current = expectOk(await send(manager, 'manager:config', {})).settings;
  const weekday = { open: '07:30', close: '17:00', lunch: { start: '11:30', end: '13:00' } };
  const s: CentreSettings = { ...current, openingHours: [weekday, weekday, weekday, weekday, weekday, { open: '07:30', close: '11:30', lunch: null }, null], opening: { graceMin: 10, checkInEarlyMin: 60, checkInLateMin: 15 } };
  return expectOk(await send(manager, 'manager:saveSettings', s));
}

const ticketCount = (): number => (f.hub.db.prepare('SELECT COUNT(*) AS n FROM tickets').get() as { n: number }).n;

describe('opening hours at the hub', () => {
  it('the demo ward is open around the clock: it issues at 01:21 on a Saturday', async () => {
    f = await startFixture({}, Date.UTC(2026, 11, 4, 18, 21)); // Saturday 2026-12-05 01:21 local
    const { socket: kiosk } = await f.kiosk();
    expectOk(await send(kiosk, 'ticket:issue', issue('demo-night-0001')));
    const snap = expectOk(await send(kiosk, 'state:snapshot', {}));
    expect(snap.centre.opening.openingHours.every((d) => d?.open === '00:00' && d.close === '24:00')).toBe(true);
  });

  it('refuses to issue outside hours with centre_closed and the next opening, writes nothing, and still answers a retried tap', async () => {
    f = await startFixture();
    const manager = await f.manager();
    await realHours(manager);
    const { socket: kiosk } = await f.kiosk();
    // The snapshot carries the hours, so the kiosk and display show the closed state the hub enforces.
    expect(expectOk(await send(kiosk, 'state:snapshot', {})).centre.opening.opening.graceMin).toBe(10);

    const morning = expectOk(await send(kiosk, 'ticket:issue', issue('open-0000001')));
    f.clock.t = monday(11, 45); // lunch (closed 11:30–13:00; grace to 11:40)
    const before = ticketCount();
    const lunch = await send(kiosk, 'ticket:issue', issue('lunch-000001'));
    expect(lunch.ok).toBe(false);
    if (lunch.ok) return;
    expect(lunch.error.code).toBe('centre_closed');
    expect(lunch.error.message).toBe('Trung tâm đang ngoài giờ làm việc nên chưa phát số; mời Ông/Bà quay lại trong giờ mở cửa.');
    expect(lunch.error.at).toBe(monday(12, 50)); // 13:00 less the 10-minute grace
    expect(ticketCount()).toBe(before); // nothing written
    // The tap that got a ticket before closing is answered with that ticket on a retry, not refused.
    expect(expectOk(await send(kiosk, 'ticket:issue', issue('open-0000001'))).ticket.id).toBe(morning.ticket.id);

    f.clock.t = monday(12, 50);
    expectOk(await send(kiosk, 'ticket:issue', issue('afternoon-01')));
    f.clock.t = monday(17, 11); // after 17:00 + 10 minutes' grace: Tuesday 07:20 next
    const evening = await send(kiosk, 'ticket:issue', issue('evening-0001'));
    expect(evening.ok ? null : [evening.error.code, evening.error.at]).toEqual(['centre_closed', monday(7, 20) + 24 * 60 * MIN]);
    // A manager issuing by hand is refused the same way (one rule for every issuer).
    const byHand = await send(manager, 'ticket:issue', issue('manager-0001'));
    expect(byHand.ok ? 'ok' : byHand.error.code).toBe('centre_closed');
    // The hub keeps serving: a snapshot still answers.
    expectOk(await send(kiosk, 'state:snapshot', {}));
  });

  it('checks an appointment in only from 60 minutes before its slot to 15 minutes after it', async () => {
    f = await startFixture();
    await realHours(await f.manager());
    const { socket: kiosk } = await f.kiosk();
    const slots = expectOk(await send(kiosk, 'appointment:slots', { serviceId: 's-ho-tich' }));
    const at1430 = slots.find((s) => s.slotAt === monday(14, 30));
    expect(at1430).toBeDefined();
    // No slot is offered in the lunch closure (11:30–13:00): nobody could check in then.
    expect(slots.filter((s) => s.slotAt >= monday(11, 30) && s.slotAt < monday(13))).toEqual([]);
    expect(slots.some((s) => s.slotAt === monday(13))).toBe(true);
    const book = async (requestId: string) => expectOk(await send(kiosk, 'appointment:book', { serviceId: 's-ho-tich', slotAt: monday(14, 30), requestId, citizenName: 'Lê Văn C' }));
    const early = await book('book-early-1');
    const late = await book('book-late-01');

    // 09:00 for a 14:30 slot (the issue's "6.5 hours early"): refused, naming 13:30.
    const tooEarly = await send(kiosk, 'appointment:checkIn', { code: early.code, requestId: 'ci-early-001', print: false });
    expect(tooEarly.ok ? null : [tooEarly.error.code, tooEarly.error.at, tooEarly.error.message]).toEqual(['checkin_too_early', monday(13, 30), 'Chưa đến giờ nhận lịch hẹn này; mời Ông/Bà quay lại gần giờ hẹn.']);
    f.clock.t = monday(13, 30);
    const t = expectOk(await send(kiosk, 'appointment:checkIn', { code: early.code, requestId: 'ci-early-002', print: false }));
    expect(t.ticket).toMatchObject({ channel: 'appointment', slotAt: monday(14, 30) });

    f.clock.t = monday(14, 45) + 1;
    const tooLate = await send(kiosk, 'appointment:checkIn', { code: late.code, requestId: 'ci-late-0001', print: false });
    expect(tooLate.ok ? null : [tooLate.error.code, tooLate.error.at]).toEqual(['checkin_too_late', monday(14, 45)]);
    // Refused, the booking stays booked (nothing changed), and a regular ticket is still issued.
    expect((f.hub.db.prepare('SELECT state FROM appointments WHERE code = ?').get(late.code) as { state: string }).state).toBe('booked');
    expectOk(await send(kiosk, 'ticket:issue', issue('walk-in-0001')));
  });

  it('prints an appointment ticket marked with its slot, and every ticket with the counters that serve it', async () => {
    f = await startFixture();
    const m = await f.manager();
    const { socket: kiosk, deviceId } = await f.kiosk();
    const { code } = expectOk(await send(m, 'manager:createPairingCode', { kind: 'agent', boundDeviceId: deviceId }));
    const agent = await f.connect(expectOk(await send(await f.connect(), 'device:pair', { code, name: 'kiosk agent' })).token);
    const jobs: PrintJob[] = [];
    agent.on('print:job', (j) => jobs.push(j));
    const appt = expectOk(await send(kiosk, 'appointment:book', { serviceId: 's-ho-tich', slotAt: monday(10), requestId: 'book-print-01' }));
    const checkedIn = expectOk(await send(kiosk, 'appointment:checkIn', { code: appt.code, requestId: 'ci-print-0001', print: true }));
    const walkIn = expectOk(await send(kiosk, 'ticket:issue', { ...issue('walk-print-01'), print: true }));
    for (let i = 0; i < 200 && jobs.length < 2; i++) await new Promise((r) => setTimeout(r, 10));
    const byTicket = new Map(jobs.map((j) => [j.ticketId, j.ticket]));
    expect(byTicket.get(checkedIn.ticket.id)?.appointmentAt).toBe(monday(10));
    expect(byTicket.get(walkIn.ticket.id)?.appointmentAt).toBeNull();
    // The demo ward's counters for each service, from the counters' skills (seed.ts).
    const serving = (serviceId: string): number[] =>
      f.hub.counters
        .all()
        .filter((c) => c.primary.includes(serviceId) || c.secondary.includes(serviceId))
        .map((c) => c.number)
        .sort((a, b) => a - b);
    expect(serving('s-ho-tich').length).toBeGreaterThan(0);
    expect(byTicket.get(checkedIn.ticket.id)?.counterNumbers).toEqual(serving('s-ho-tich'));
    expect(byTicket.get(walkIn.ticket.id)?.counterNumbers).toEqual(serving('s-chung-thuc'));
  });
});
