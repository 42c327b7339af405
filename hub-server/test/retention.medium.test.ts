/** The retention policy on a real hub and SQLite file: personal data goes first, history later, events only once the city has them. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseConfig } from '../src/config';
import { RetentionRepo } from '../src/db/retention';
import { expectOk, send } from './client';
import { MONDAY_9AM, startFixture, type Fixture } from './fixture';

let f: Fixture;
afterEach(async () => {
  await f?.close();
});

const DAY = 86_400_000;
const MONDAY = '2026-11-23';
const citizen = { idNumber: '079203001234', fullName: 'Trần Thị Bình', dateOfBirth: '1950-04-12' };

interface Counts {
  named: number;
  hashed: number;
  tickets: number;
  bookings: number;
  namedBookings: number;
  mondayEvents: number;
  sessions: number;
}

function counts(): Counts {
  const n = (sql: string, ...args: unknown[]): number => Number((f.hub.db.prepare(sql).get(...args) as { n: number }).n);
  return {
    named: n('SELECT COUNT(*) AS n FROM tickets WHERE citizen_name IS NOT NULL'),
    hashed: n('SELECT COUNT(*) AS n FROM tickets WHERE citizen_id_hash IS NOT NULL'),
    tickets: n('SELECT COUNT(*) AS n FROM tickets'),
    bookings: n('SELECT COUNT(*) AS n FROM appointments'),
    namedBookings: n('SELECT COUNT(*) AS n FROM appointments WHERE citizen_name IS NOT NULL'),
    mondayEvents: n('SELECT COUNT(*) AS n FROM events WHERE day = ?', MONDAY),
    sessions: n('SELECT COUNT(*) AS n FROM sessions'),
  };
}

/** Monday: a citizen scans their ID card and is served; another books a slot by name and checks in. */
async function mondayWithCitizens(): Promise<void> {
  const { socket: kiosk } = await f.kiosk();
  const clerk = await f.clerk(1, 'c1');
  expectOk(await send(clerk, 'counter:open', { counterId: 'c1' }));
  expectOk(await send(kiosk, 'ticket:issue', { serviceId: 's-chung-thuc', channel: 'kiosk', requestId: 'ret-cccd-0001', print: false, citizen }));
  expectOk(await send(clerk, 'counter:callNext', { counterId: 'c1' }));
  const slots = expectOk(await send(kiosk, 'appointment:slots', { serviceId: 's-ho-tich' }));
  const appt = expectOk(await send(kiosk, 'appointment:book', { serviceId: 's-ho-tich', slotAt: slots[0]!.slotAt, requestId: 'ret-book-0001', citizenName: 'Lê Văn Cường' }));
  f.clock.advance(30 * 60_000);
  expectOk(await send(kiosk, 'appointment:checkIn', { code: appt.code, requestId: 'ret-checkin-01', print: false }));
  expectOk(await send(clerk, 'counter:callNext', { counterId: 'c1' }));
}

/** The next business day arrives: the hub's day timer would do this within 30 seconds. */
function nextDays(n: number): void {
  f.clock.advance(n * DAY);
  f.hub.rollDayIfNeeded();
}

function purgeEvents(): Record<string, unknown>[] {
  return f.hub.events
    .after(0, 10_000)
    .filter((e) => e.type === 'data.purged')
    .map((e) => e.payload as Record<string, unknown>);
}

describe('retention policy (Decree 13/2023: personal data only as long as needed)', () => {
  it('erases names and ID hashes after personalDataDays, deletes the day after historyDays, and records each purge', async () => {
    f = await startFixture({ retention: { personalDataDays: 2, historyDays: 28 } });
    await mondayWithCitizens();
    const monday = counts();
    expect(monday).toMatchObject({ named: 2, hashed: 1, tickets: 2, bookings: 1, namedBookings: 1 });
    expect(monday.mondayEvents).toBeGreaterThan(5);

    // Tuesday and Wednesday: within two whole days, the clerk's records still name the citizen.
    nextDays(2);
    expect(counts()).toMatchObject({ named: 2, hashed: 1, tickets: 2, namedBookings: 1 });

    // Thursday: the names and the ID hash are gone, the visits stay for the reports.
    nextDays(1);
    const thursday = counts();
    expect(thursday).toMatchObject({ named: 0, hashed: 0, tickets: 2, bookings: 1, namedBookings: 0, mondayEvents: monday.mondayEvents });
    // Monday's clerk session (12 hours) has expired and is gone too.
    expect(thursday.sessions).toBe(0);
    // Two tickets and one booking; the pairing codes and the session went earlier, as they expired.
    expect(purgeEvents().filter((p) => p.personalData !== 0)).toEqual([expect.objectContaining({ personalData: 3, tickets: 0, events: 0, personalBefore: '2026-11-24' })]);
    // Nothing is erased twice: another pass finds nothing and records nothing.
    const recorded = purgeEvents().length;
    expect(Object.values(f.hub.applyRetention()).every((n) => n === 0)).toBe(true);
    expect(purgeEvents()).toHaveLength(recorded);

    // Four weeks and a day later: Monday is older than 28 whole days and is deleted, events included.
    nextDays(26);
    expect(counts()).toMatchObject({ tickets: 0, bookings: 0, mondayEvents: 0 });
    expect(purgeEvents().at(-1)).toMatchObject({ tickets: 2, appointments: 1, historyBefore: '2026-11-24' });
    expect(purgeEvents().at(-1)!.events).toBe(monday.mondayEvents);
    // Later days' events (the day changes, the purges themselves) stay, and seqs are never reused.
    expect(f.hub.events.after(0, 10_000).every((e) => e.day > MONDAY)).toBe(true);
  });

  it('keeps events the city does not have yet while the city is unreachable, and applies the rest', async () => {
    // Port 9 on loopback: nothing listens, so the city's high-water mark is never known.
    f = await startFixture({ retention: { personalDataDays: 0, historyDays: 28 }, city: { url: 'http://127.0.0.1:9', key: 'k'.repeat(40), intervalMs: 60_000, backoffBaseMs: 60_000 } });
    await mondayWithCitizens();
    const monday = counts();
    nextDays(1);
    // personalDataDays 0: the names go as soon as the day is over.
    expect(counts()).toMatchObject({ named: 0, hashed: 0, namedBookings: 0, tickets: 2 });
    nextDays(28);
    const later = counts();
    expect(later).toMatchObject({ tickets: 0, bookings: 0 });
    expect(later.mondayEvents).toBe(monday.mondayEvents);
    expect(purgeEvents().every((p) => p.events === 0)).toBe(true);
  });

  it('deletes the housekeeping rows of old days too (city messages but the cursor, team assignments with names, the priority streak)', async () => {
    f = await startFixture({ retention: { personalDataDays: 1, historyDays: 28 } });
    const db = f.hub.db;
    const n = (table: string): number => Number((db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n);
    const at = f.clock.now();
    db.prepare("INSERT INTO city_messages (seq, kind, outcome, detail, applied_at) VALUES (1, 'booking.created', 'applied', '', ?), (2, 'team.assigned', 'applied', '', ?)").run(at, at);
    db.prepare("INSERT INTO team_assignments (id, staff_ref, staff_name, field_codes, day, from_hm, to_hm, note, state, received_at) VALUES ('t1', 'NV-1', 'Phạm Minh Đức', '[\"DD\"]', ?, '09:00', '11:00', '', 'declined', ?)").run(MONDAY, at);
    db.prepare('INSERT INTO dispatch_state (day, priority_streak, updated_at) VALUES (?, 2, ?)').run(MONDAY, at);
    nextDays(28);
    expect({ messages: n('city_messages'), teams: n('team_assignments'), streak: n('dispatch_state') }).toEqual({ messages: 2, teams: 1, streak: 1 });
    // Monday is older than 28 whole days: its rows go, but the newest city message stays, as it is
    // the channel's cursor (catches a purge that would make the hub pull every message again).
    // Seen failing with the housekeeping deletes left out of purgeHistory: 2 messages, 1 team, 1 streak.
    nextDays(1);
    expect({ messages: n('city_messages'), teams: n('team_assignments'), streak: n('dispatch_state') }).toEqual({ messages: 1, teams: 0, streak: 0 });
    expect(f.hub.channel.cursor()).toBe(2);
    expect(purgeEvents().at(-1)).toMatchObject({ housekeeping: 3 });
  });

  it('restarting the hub applies the policy at once', async () => {
    f = await startFixture({ retention: { personalDataDays: 1, historyDays: 28 } });
    await mondayWithCitizens();
    const dir = f.dir;
    await f.hub.close();
    f = await startFixture({ retention: { personalDataDays: 1, historyDays: 28 } }, MONDAY_9AM + 3 * DAY, dir);
    expect(counts()).toMatchObject({ named: 0, hashed: 0, tickets: 2 });
  });

  it('a purge that fails is logged and rolled back, and the hub keeps serving', async () => {
    f = await startFixture({ retention: { personalDataDays: 0, historyDays: 28 } });
    await mondayWithCitizens();
    // The last step of the purge fails (the hub's one RetentionRepo, through its prototype).
    const failing = vi.spyOn(RetentionRepo.prototype, 'purgeCredentials').mockImplementation(() => {
      throw new Error('disk I/O error');
    });
    try {
      nextDays(1);
      expect(failing).toHaveBeenCalled();
    } finally {
      failing.mockRestore();
    }
    // Nothing of the failed pass stayed (one transaction), and the hub still issues tickets.
    expect(counts()).toMatchObject({ named: 2, hashed: 1, namedBookings: 1 });
    const { socket: kiosk } = await f.kiosk();
    expectOk(await send(kiosk, 'ticket:issue', { serviceId: 's-chung-thuc', channel: 'kiosk', requestId: 'ret-after-fail', print: false }));
  });

  it('refuses a policy that keeps names longer than the visits they belong to, naming the field', () => {
    expect(() => parseConfig({ retention: { personalDataDays: 60, historyDays: 30 } })).toThrow(/retention.*personalDataDays must not exceed historyDays/);
    expect(() => parseConfig({ retention: { personalDataDays: -1, historyDays: 30 } })).toThrow(/retention\.personalDataDays/);
    // The staffing forecast reads four weeks back: less history is refused.
    expect(() => parseConfig({ retention: { personalDataDays: 1, historyDays: 7 } })).toThrow(/retention\.historyDays/);
    expect(parseConfig({}).retention).toEqual({ personalDataDays: 30, historyDays: 400 });
  });

  it('a clock two years ahead at start deletes nothing, alerts the manager, and purges only once confirmed', async () => {
    // Catches: retention run from the wall clock alone (issue 15, item 3): a forward jump at start
    // erased every name and deleted every ticket, event and day counter. Break seen failing:
    // services/retention.ts without the clock_ahead check → "expected { named: +0, hashed: +0, … } to match object { named: 2, hashed: 1, tickets: 2 }" (a single day ages out, so the backlog rule alone lets the jump through).
    f = await startFixture({ retention: { personalDataDays: 1, historyDays: 28 } });
    await mondayWithCitizens();
    const monday = counts();
    const dir = f.dir;
    await f.hub.close();
    f = await startFixture({ retention: { personalDataDays: 1, historyDays: 28 } }, MONDAY_9AM + 730 * DAY, dir);
    expect(counts()).toMatchObject({ named: monday.named, hashed: monday.hashed, tickets: monday.tickets });
    expect(counts().mondayEvents).toBeGreaterThanOrEqual(monday.mondayEvents); // (+ the devices' offline events at close)
    const m = await f.manager();
    const hold = expectOk(await send(m, 'manager:retention', {}));
    expect(hold).toMatchObject({ reason: 'clock_ahead' });
    const cleared = new Promise((resolve) => m.once('manager:retention', resolve));
    const purged = expectOk(await send(m, 'manager:confirmRetention', {}));
    expect(purged).toMatchObject({ tickets: 2, appointments: 1 });
    expect(await cleared).toBeNull();
    expect(counts()).toMatchObject({ named: 0, tickets: 0, mondayEvents: 0 });
    expect(expectOk(await send(m, 'manager:retention', {}))).toBeNull();
  });

  it('more than one day at once (the hub was off) waits for the manager; one day at a time runs by itself', async () => {
    // Catches: a pass that deletes several days at once without asking. Break seen failing:
    // services/retention.ts without the backlog check → "expected { named: +0, hashed: +0, … } to match object { named: 3 }".
    f = await startFixture({ retention: { personalDataDays: 0, historyDays: 28 } });
    f.hub.dayCycle.stop(); // the day changes only when the test says (as a hub switched off would see it)
    await mondayWithCitizens();
    f.clock.advance(DAY); // Tuesday, the day not started: Monday's names are still there
    const { socket: kiosk } = await f.kiosk();
    expectOk(await send(kiosk, 'ticket:issue', { serviceId: 's-chung-thuc', channel: 'kiosk', requestId: 'ret-cccd-0002', print: false, citizen: { ...citizen, idNumber: '079203001235' } }));
    // Thursday: Monday's and Tuesday's names would both go at once.
    f.clock.advance(2 * DAY);
    const m = await f.manager();
    const alerts: unknown[] = [];
    m.on('manager:retention', (h) => alerts.push(h));
    f.hub.rollDayIfNeeded();
    expect(counts()).toMatchObject({ named: 3 });
    await new Promise((r) => setTimeout(r, 100));
    expect(alerts).toEqual([expect.objectContaining({ reason: 'backlog', personalDays: ['2026-11-23', '2026-11-24'] })]);
    expectOk(await send(m, 'manager:confirmRetention', {}));
    expect(counts()).toMatchObject({ named: 0 });
  });
});

