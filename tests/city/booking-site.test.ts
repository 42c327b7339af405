/**
 * The citizen booking site in Chromium at phone size (390×844), in Vietnamese and in English: find
 * a ward, choose a service, procedure, day and time, enter a name, get the code and QR; view, move
 * and cancel by code. Page weight is measured (bytes over the wire per page). Screenshots go to
 * test-artifacts/screenshots (booking-site-*.png).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { businessDay, type DayHours, type SyncCatalog } from '@motcua/shared';
import { SyncClient, type CityHandle } from '@motcua/city-server';
import { counterEvent, issuedEvent, numbered, TEST_CATALOG } from '@motcua/city-server/test-events';
import { launchBrowser, screenshot } from '../support/browser';
import { startTestCity, wardDayClock, type TestCity } from '../support/city';

/** The city's clock (and the wards' signing clock): today 09:00 in Vietnam, whatever the hour the suite runs at. */
const clock = wardDayClock(9);

const open: DayHours = { open: '07:30', close: '17:00', lunch: { start: '11:30', end: '13:30' } };
const CATALOG: SyncCatalog = {
  ...TEST_CATALOG,
  procedures: [{ code: '2.000815', serviceId: 's-chung-thuc', name: { vi: 'Chứng thực bản sao từ bản chính', en: 'Certified copy from the original' } }],
  booking: { openingHours: [open, open, open, open, open, open, open], share: 0.5, horizonDays: 14, slotMinutes: 30, services: { 's-chung-thuc': { counters: 2, expectedServiceMin: 10 }, 's-ho-tich': { counters: 1, expectedServiceMin: 15 } } },
};
let tc: TestCity;
let city: CityHandle;
let browser: Browser;

beforeAll(async () => {
  tc = await startTestCity('booksite', { clock });
  city = tc.city;
  for (const [hubId, vi, en, waiting] of [
    ['tan-dinh', 'Phường Tân Định', 'Tan Dinh Ward', 4],
    ['ben-thanh', 'Phường Bến Thành', 'Ben Thanh Ward', 9],
  ] as const) {
    const k = await city.registerHub({ hubId, name: { vi, en }, address: `${vi}, TP.HCM` });
    const c = new SyncClient({ url: city.url, hubId, keyId: k.keyId, key: k.key, now: clock.now });
    const now = clock.now();
    const ev = [{ at: now - 60 * 60_000, event: counterEvent('counter.opened', 'c1') }, ...Array.from({ length: waiting }, (_, i) => ({ at: now - (30 - i) * 60_000, event: issuedEvent(`${hubId}-${i}`, { serviceId: 's-chung-thuc', queuedAt: now - (30 - i) * 60_000, predictedWaitMin: 25 }) }))];
    expect((await c.send(0, numbered(0, businessDay(now), ev), { catalog: CATALOG })).status).toBe(200);
  }
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await tc?.close();
});

/** Bytes of the page after a navigation: the document and everything it loaded (as Chromium's Resource Timing counts them). */
async function weighed(page: Page, go: () => Promise<unknown>): Promise<number> {
  await go();
  await page.waitForLoadState('load');
  return page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
    const res = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
    return (nav?.transferSize ?? 0) + res.reduce((a, r) => a + r.transferSize, 0);
  });
}

describe('booking site at phone size', () => {
  for (const lang of ['vi', 'en'] as const) {
    it(`books, shows the code and QR, moves and cancels (${lang})`, async () => {
      const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: lang === 'vi' ? 'vi-VN' : 'en-GB' });
      const page = await ctx.newPage();
      const weights: Record<string, number> = {};
      try {
        weights.home = await weighed(page, () => page.goto(`${city.url}/dat-lich${lang === 'en' ? '?lang=en' : ''}`));
        await expect.poll(() => page.locator('.ward').count()).toBe(2);
        // Live waits are shown per field; the search filters as one types.
        expect(await page.locator('body').innerText()).toContain(lang === 'vi' ? '9 người đang chờ' : '9 people waiting');
        await screenshot(page, `booking-site-home-${lang}`);
        await page.fill('#q', 'tân');
        await expect.poll(() => page.locator('.ward:visible').count()).toBe(1);
        weights.ward = await weighed(page, () => page.locator('.ward:visible a.btn').click());
        await page.selectOption('#serviceId', 's-chung-thuc');
        await page.locator('button[type=submit]').first().click();
        await page.waitForSelector('#procedureCode');
        await page.selectOption('#procedureCode', '2.000815');
        const days = await page.locator('#day option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
        expect(days).toHaveLength(14);
        await page.selectOption('#day', days[1] as string);
        weights.slots = await weighed(page, () => page.locator('button[type=submit]').first().click());
        await page.waitForSelector('.slots input[type=radio]');
        await page.locator('.slots label').nth(2).click();
        await page.fill('#name', lang === 'vi' ? 'Nguyễn Thị Hoa' : 'Tran Van Minh');
        await screenshot(page, `booking-site-slots-${lang}`);
        weights.booked = await weighed(page, () => page.locator('form[method=post] button[type=submit]').click());
        const code = (await page.locator('#booking-code').innerText()).trim();
        expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{12}$/);
        expect(await page.locator('.qr svg').count()).toBe(1);
        expect(await page.locator('#booking-status').innerText()).toContain(lang === 'vi' ? 'Đã đặt' : 'Booked');
        await screenshot(page, `booking-site-booked-${lang}`);
        // The API sees the same booking.
        const api = (await (await fetch(`${city.url}/api/public/bookings/${code}`)).json()) as { data: { status: string; procedureCode: string; slotStart: number } };
        expect(api.data).toMatchObject({ status: 'booked', procedureCode: '2.000815' });
        // Move to the first free time of the list, then cancel.
        await page.locator('section.card .slots label').first().click();
        await page.locator('form[action$="/doi"] button').click();
        await page.waitForSelector('.okmsg');
        const moved = (await (await fetch(`${city.url}/api/public/bookings/${code}`)).json()) as { data: { slotStart: number } };
        expect(moved.data.slotStart).not.toBe(api.data.slotStart);
        await page.locator('form[action$="/huy"] button').click();
        await page.waitForSelector('.okmsg');
        expect(await page.locator('#booking-status').innerText()).toContain(lang === 'vi' ? 'Đã huỷ' : 'Cancelled');
        await screenshot(page, `booking-site-cancelled-${lang}`);
        // Light enough for a cheap phone on 3G: every page under 40 KB on the wire, no script bundle.
        for (const [name, bytes] of Object.entries(weights)) {
          expect(bytes, `${name}: ${bytes} B`).toBeGreaterThan(1000);
          expect(bytes, `${name}: ${bytes} B`).toBeLessThan(40_000);
        }
        process.stderr.write(`booking site page weight (${lang}): ${JSON.stringify(weights)}\n`);
      } finally {
        await ctx.close();
      }
    });
  }

  it('a wrong code is refused in both languages without showing anything', async () => {
    const ctx = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await ctx.newPage();
    try {
      const r = await page.goto(`${city.url}/dat-lich/ma/ABCDEFGHJK12`);
      expect(r?.status()).toBe(404);
      expect(await page.locator('.err').innerText()).toContain('Không tìm thấy');
      const en = await page.goto(`${city.url}/dat-lich/ma/ABCDEFGHJK12?lang=en`);
      expect(en?.status()).toBe(404);
      expect(await page.locator('.err').innerText()).toContain('No booking');
    } finally {
      await ctx.close();
    }
  });
});
