/**
 * The city → hub channel end to end: a real city server (embedded PostgreSQL) and a real hub
 * (SQLite, its sync loop pulling through a loopback link that can be cut). A booking made while the
 * hub is not running arrives within one sync cycle of its start; a cancellation made while the link
 * is cut arrives when it returns; a pull whose answer is lost is pulled again and applied once; the
 * whole outbox delivered a second time changes nothing; a refusal travels back up to the city.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createLogger, enqueueForHub, readOutbox, startCityServer, type CityHandle } from '@motcua/city-server';
import { startTestPostgres, type TestPostgres } from '@motcua/city-server/test-pg';
import { businessDay, type CityBooking } from '@motcua/shared';
import { startFixture, type Fixture } from '@motcua/hub-server/test-fixture';
import { startLinkProxy, type LinkProxy } from './proxy';
import { waitFor as until } from '../support/wait-for';

const MIN = 60_000;
const HUB = 'ward-channel';
const INTERVAL_MS = 1000;
let pgs: TestPostgres;
let city: CityHandle;
let db: pg.Pool;
let link: LinkProxy;
let f: Fixture | null = null;
let key = '';

beforeAll(async () => {
  pgs = await startTestPostgres();
  const url = await pgs.database('channel_e2e');
  city = await startCityServer({ port: 0, databaseUrl: url, logger: createLogger('silent'), scheduleReports: false, socketAdapter: 'memory' });
  db = new pg.Pool({ connectionString: url, max: 4 });
  // An idle client's connection ended by the database stopping at teardown (57P01) is an 'error' on
  // the pool; unheard, it is an uncaught exception that fails the run. Queries in flight still reject.
  db.on('error', () => undefined);
  link = await startLinkProxy(Number(new URL(city.url).port));
  key = (await city.registerHub({ hubId: HUB, name: { vi: 'Phường Thử Kênh', en: 'Channel Test Ward' } })).key;
});
afterAll(async () => {
  await f?.close();
  await link?.close();
  await db?.end();
  await city?.close();
  await pgs?.stop();
});

describe('city → hub channel, end to end', () => {
  it('delivers bookings across a hub that was off and a cut link, once each, and carries refusals back up', async () => {
    // The hub's business clock starts now, rounded down to a quarter hour; the demo ward is open around the clock.
    const start = Math.floor(Date.now() / (15 * MIN)) * 15 * MIN;
    const booking = (code: string, slotStart: number): CityBooking => ({ code, serviceId: 's-ho-tich', procedureCode: null, slotStart, day: businessDay(slotStart), slotMinutes: 15, name: 'Lê Thị Hoa', bookedAt: Date.now() });

    // Booked while the hub is not running.
    const bookedAt = Date.now();
    await enqueueForHub(db, HUB, { kind: 'booking.created', booking: booking('E2EBK00001', start + 120 * MIN) });
    f = await startFixture({ hubId: HUB, city: { url: link.url, key, intervalMs: INTERVAL_MS, backoffBaseMs: 50, backoffMaxMs: 500, requestTimeoutMs: 2000 } }, start);
    const hub = f.hub;
    const arrived = await until('the booking at the hub', () => hub.channel.publicBooking('E2EBK00001'));
    const arrivalMs = Date.now() - bookedAt;
    expect(arrived).toMatchObject({ status: 'booked', slotStart: start + 120 * MIN, initials: 'L. T. H.' });
    // Within one sync cycle of the hub's start (the first pull is the first step of its loop). Catches a
    // hub whose sync loop does not pull (seen failing with `channel` left out of the uploader in hub.ts).
    expect(arrivalMs).toBeLessThan(10_000);

    // Cancelled while the link is cut: the hub keeps working, and the cancellation arrives when the link is back.
    link.cut();
    await enqueueForHub(db, HUB, { kind: 'booking.cancelled', code: 'E2EBK00001', by: 'citizen' });
    await new Promise((r) => setTimeout(r, 3 * INTERVAL_MS));
    expect(hub.channel.publicBooking('E2EBK00001')?.status).toBe('booked');
    // The hub noticed (the upload of its answers, or the pull, failed and backs off) and keeps working.
    const down = hub.sync?.getStatus();
    expect((down?.consecutiveFailures ?? 0) > 0 || (down?.channel?.lastError ?? null) !== null).toBe(true);
    link.restore();
    await until('the cancellation at the hub', () => hub.channel.publicBooking('E2EBK00001')?.status === 'cancelled');

    // The answer to a pull is lost on the way back: the hub pulls again and applies it once.
    link.dropAnswers(1);
    await enqueueForHub(db, HUB, { kind: 'booking.created', booking: booking('E2EBK00002', start + 150 * MIN) });
    await until('the second booking', () => hub.channel.publicBooking('E2EBK00002'));

    // A booking the hub cannot honour (its slot has passed) is refused, and the refusal reaches the city.
    await enqueueForHub(db, HUB, { kind: 'booking.created', booking: booking('E2EBK00003', start - 60 * MIN) });
    const refused = await until('the refusal at the city', async () => {
      const r = await db.query<{ payload: { code: string; reason: string } }>("SELECT payload FROM city_events WHERE hub_id = $1 AND type = 'booking.refused'", [HUB]);
      return r.rows.length ? r.rows : null;
    });
    expect(refused.map((r) => r.payload)).toMatchObject([{ code: 'E2EBK00003', reason: 'past' }]);

    // Every message applied exactly once, in order; the city knows the hub's cursor.
    const applied = hub.events.after(0, 100_000).filter((e) => e.type === 'city.message_applied').map((e) => (e.payload as { seq: number }).seq);
    expect(applied).toEqual([1, 2, 3, 4]);
    expect(hub.events.after(0, 100_000).filter((e) => e.type === 'booking.accepted').length).toBe(2);
    // The whole outbox delivered again (a city restored from a backup, a retried answer) changes nothing.
    const { messages } = await readOutbox(db, HUB, 0, 500);
    const before = hub.events.lastSeq();
    expect(hub.channel.applyAll(messages)).toMatchObject({ applied: 0, cursor: 4 });
    expect(hub.events.lastSeq()).toBe(before);
    await until('the cursor at the city', async () => {
      const r = await db.query<{ outbox_acked: string }>('SELECT outbox_acked FROM city_hubs WHERE hub_id = $1', [HUB]);
      return Number(r.rows[0]?.outbox_acked) === 4;
    });
    console.info(`channel: booking → hub arrival ${arrivalMs} ms (hub started after the booking; sync interval ${INTERVAL_MS} ms)`);
  });

  it('a move the ward cannot honour comes back as a refused move: the slot the booking keeps and the one asked for', async () => {
    // Bug this catches: a refused move reached the city like a refused booking (no slot it keeps), so the
    // city marked the booking refused although the ward still holds it (seen failing with `keptAt`/`movedTo`
    // left out of the booking.refused export in hub-server/src/sync/export.ts).
    if (!f) throw new Error('the hub of the first test is not running');
    const hub = f.hub;
    const kept = hub.channel.publicBooking('E2EBK00002');
    expect(kept?.status).toBe('booked');
    const keptAt = kept?.slotStart ?? 0;
    const movedTo = keptAt - 6 * 60 * MIN; // hours before the hub's clock: past
    await enqueueForHub(db, HUB, { kind: 'booking.moved', code: 'E2EBK00002', slotStart: movedTo, day: businessDay(movedTo) });
    const refused = await until('the refused move at the city', async () => {
      const r = await db.query<{ payload: Record<string, unknown> }>("SELECT payload FROM city_events WHERE hub_id = $1 AND type = 'booking.refused' AND payload->>'code' = 'E2EBK00002'", [HUB]);
      return r.rows[0]?.payload ?? null;
    });
    expect(refused).toMatchObject({ code: 'E2EBK00002', reason: 'past', keptAt, movedTo });
    // Not a refused new booking: the ward's report does not count it (no serviceId / slotAt).
    expect(refused).not.toHaveProperty('slotAt');
    // At the ward the booking is untouched.
    expect(hub.channel.publicBooking('E2EBK00002')).toMatchObject({ status: 'booked', slotStart: keptAt });
  });
});
