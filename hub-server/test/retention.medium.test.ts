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
});
