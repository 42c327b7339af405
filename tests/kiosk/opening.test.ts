/**
 * Opening hours and appointment check-in windows in Chromium, against a real hub and agent: outside
 * hours the kiosk and the display show the closed state in Vietnamese and English with the next
 * opening; an appointment checked in too early or too late gets a message naming the time, and one
 * on time gets a ticket marked as an appointment. Screens under test-artifacts/screenshots/.
 *
 * Bugs these catch: a kiosk that ignores the hours in its snapshot (it would show the field tiles
 * at 19:00: seen failing by making `centreOpen` return true), a display without the closed banner,
 * a check-in message that drops the time (`AppError.at`), a ticket screen that does not mark the
 * appointment.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { expectOk, send } from '@motcua/hub-server/test-client';
import { ARTIFACTS, launchBrowser, screenshot } from '../support/browser';
import { assertKioskBuilt, monday, saveOpeningHours, startKioskRig, until, type KioskRig } from './rig';

const PORTRAIT = { width: 1080, height: 1920 };
const LANDSCAPE = { width: 1920, height: 1080 };

let rig: KioskRig;
let browser: Browser;
let page: Page & { errors: string[] };

beforeAll(async () => {
  assertKioskBuilt();
  rig = await startKioskRig({ printedDir: join(ARTIFACTS, 'printed-opening') });
  browser = await launchBrowser();
  page = await rig.openKiosk(browser, PORTRAIT);
});

afterAll(async () => {
  await browser?.close();
  await rig?.close();
});

describe('opening hours in Chromium', () => {
  it('outside hours the kiosk and the display say the centre is closed, in both languages, with the next opening', async () => {
    rig.f.clock.t = monday(19);
    await saveOpeningHours(rig, true);
    const closed = page.getByTestId('screen-closed');
    await closed.waitFor({ timeout: 10_000 });
    await expect(page.getByTestId('closed-vi').textContent()).resolves.toBe('Trung tâm đang ngoài giờ làm việcKiosk phát số trở lại lúc 07:20, Thứ Ba 24/11.');
    await expect(page.getByTestId('closed-en').textContent()).resolves.toBe('The centre is closedThe kiosk issues tickets again at 07:20, Tuesday 24/11.');
    await expect(page.getByTestId('closed-hours').textContent()).resolves.toContain('Thứ Hai / Monday07:30–11:30, 13:00–17:00');
    expect(await page.getByTestId('screen-home').count()).toBe(0); // no tiles to tap
    await screenshot(page, 'kiosk-closed-portrait');
    const wide = await browser.newPage({ viewport: LANDSCAPE });
    await wide.addInitScript((token) => localStorage.setItem('motcua.kiosk.token', token), rig.kiosk.token);
    await wide.goto(`${rig.f.hub.url}/kiosk/`);
    await wide.getByTestId('screen-closed').waitFor({ timeout: 15_000 });
    await screenshot(wide, 'kiosk-closed-landscape');
    await wide.close();

    const board = await browser.newPage({ viewport: LANDSCAPE });
    await board.goto(`${rig.f.hub.url}/display/`);
    await board.getByTestId('board-closed').waitFor({ timeout: 15_000 });
    const text = (await board.getByTestId('board-closed').textContent()) ?? '';
    expect(text).toContain('Trung tâm đang ngoài giờ làm việc. Phát số trở lại lúc 07:20, Thứ Ba 24/11.');
    expect(text).toContain('The centre is closed. Tickets are issued again at 07:20, Tuesday 24/11.');
    await screenshot(board, 'display-closed');

    // Back in hours the kiosk offers the tiles again and the banner goes.
    rig.f.clock.t = monday(9);
    await saveOpeningHours(rig, true);
    await page.getByTestId('screen-home').waitFor({ timeout: 10_000 });
    await until(async () => (await board.getByTestId('board-closed').count()) === 0, 10_000, 'closed banner gone');
    await board.close();
    expect(page.errors).toEqual([]);
  });

  it('an appointment checked in too early or too late is told when; on time its ticket is marked as an appointment', async () => {
    rig.f.clock.t = monday(9);
    await saveOpeningHours(rig, true);
    const book = async (slotAt: number) => expectOk(await send(rig.manager, 'appointment:book', { serviceId: 's-chung-thuc', slotAt, requestId: `open-book-${slotAt}-${Math.random()}`, citizenName: 'Phạm Thị Dung' }));
    const checkIn = async (code: string): Promise<void> => {
      await page.reload();
      await page.getByTestId('screen-home').waitFor({ timeout: 15_000 });
      await page.getByTestId('open-checkin').click();
      for (const k of code) await page.locator(`[data-key="${k}"]`).click();
      await page.getByTestId('checkin-submit').click();
    };

    const early = await book(monday(14, 30));
    await checkIn(early.code);
    await page.getByTestId('checkin-error').waitFor();
    await expect(page.getByTestId('checkin-error').textContent()).resolves.toBe('Chưa đến giờ nhận số cho lịch hẹn này. Mời Ông/Bà quay lại nhận số từ 13:30.');
    await screenshot(page, 'kiosk-checkin-too-early');

    const late = await book(monday(9, 45));
    rig.f.clock.t = monday(10, 1); // 16 minutes after the slot: the window closed at 10:00
    await checkIn(late.code);
    await page.getByTestId('checkin-error').waitFor();
    await expect(page.getByTestId('checkin-error').textContent()).resolves.toBe('Lịch hẹn này đã quá giờ nhận số (10:00). Mời Ông/Bà lấy số thường hoặc đặt lịch hẹn khác.');
    await screenshot(page, 'kiosk-checkin-too-late');

    rig.f.clock.t = monday(13, 45); // 45 minutes before the 14:30 slot: inside the window
    await checkIn(early.code);
    await page.getByTestId('screen-ticket').waitFor({ timeout: 15_000 });
    await expect(page.getByTestId('ticket-appointment').textContent()).resolves.toBe('Lịch hẹn 14:30');
    await screenshot(page, 'kiosk-ticket-appointment');
    expect(page.errors).toEqual([]);
    // Leave the demo's hours for any later test in this file.
    await saveOpeningHours(rig, false);
  });
});
