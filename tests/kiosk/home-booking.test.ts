/**
 * A booking made from home, checked in at the kiosk: the booking reaches the hub through the city →
 * hub channel (the hub's side of it, `ChannelService`, as the uploader's pull hands it over; the
 * pull itself against a real city is tests/city/channel.test.ts), the citizen's printed QR
 * (`MOTCUA:APPT:<code>`) is read by the virtual serial scanner (socat PTY → serial driver → agent →
 * hub → kiosk), the kiosk shows the ticket marked "Đặt lịch từ xa", and a clerk calls it.
 * Screenshot: test-artifacts/screenshots/kiosk-home-booking.png.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { bookingQrPayload, businessDay } from '@motcua/shared';
import { expectOk, send } from '@motcua/hub-server/test-client';
import { ARTIFACTS, launchBrowser, screenshot } from '../support/browser';
import { assertKioskBuilt, startKioskRig, until, type KioskRig } from './rig';

const MIN = 60_000;
let rig: KioskRig;
let browser: Browser;
let page: Page & { errors: string[] };

beforeAll(async () => {
  assertKioskBuilt();
  rig = await startKioskRig({ printedDir: join(ARTIFACTS, 'printed-home-booking') });
  browser = await launchBrowser();
  page = await rig.openKiosk(browser, { width: 1080, height: 1920 });
});

afterAll(async () => {
  await browser?.close();
  await rig?.close();
});

describe('a home booking at the kiosk', () => {
  it('is checked in by scanning its QR, marked "booked online", and called at a counter', async () => {
    expect(rig.scanner, 'socat is needed for the virtual serial scanner').not.toBeNull();
    const hub = rig.f.hub;
    const slotStart = hub.clock.now() + 30 * MIN;
    const code = 'HQ7K2M9P4T';
    const r = hub.channel.applyAll([
      { seq: hub.channel.cursor() + 1, createdAt: Date.now(), message: { kind: 'booking.created', booking: { code, serviceId: 's-ho-tich', procedureCode: '1.001193', slotStart, day: businessDay(slotStart), slotMinutes: 15, name: 'Võ Thị Lan', bookedAt: Date.now() } } },
    ]);
    expect(r.stopped).toBeNull();
    expect(hub.channel.publicBooking(code)?.status).toBe('booked');

    await page.getByTestId('screen-home').waitFor({ timeout: 15_000 });
    const printedBefore = rig.printer.tickets.length;
    await rig.scanner!.scan(bookingQrPayload(code));
    await page.getByTestId('screen-ticket').waitFor({ timeout: 15_000 });
    const badge = (await page.getByTestId('ticket-appointment').textContent()) ?? '';
    // Catches a home booking's ticket shown as a plain kiosk appointment (seen failing with the
    // 'remote' branch of kiosk-app/src/screens/Ticket.tsx removed: "Lịch hẹn 09:30").
    expect(badge).toContain('Đặt lịch từ xa');
    const number = (await page.getByTestId('ticket-number').textContent()) ?? '';
    await screenshot(page, 'kiosk-home-booking');
    const ticket = hub.tickets.live(hub.days.today()).find((t) => t.number === number);
    expect(ticket).toMatchObject({ channel: 'remote', slotAt: slotStart, serviceId: 's-ho-tich' });
    await until(() => rig.printer.tickets.length > printedBefore, 10_000, 'the ticket printed');
    expect(hub.channel.publicBooking(code)).toMatchObject({ status: 'checked_in', ticketNumber: number });

    const clerk = await rig.f.clerk(2, 'c2');
    expectOk(await send(clerk, 'counter:open', { counterId: 'c2' }));
    const called = expectOk(await send(clerk, 'counter:callNext', { counterId: 'c2' }));
    expect(called).toMatchObject({ id: ticket?.id, number });
    expect(page.errors).toEqual([]);
  });
});
