/**
 * The city dashboard in Chromium: sign-in (a wrong password, then the right one, back to the page
 * asked for), every ward sorted by load, in Vietnamese, updating live over socket.io when a
 * ward's batch arrives, a drill-down per ward, and sign-out elsewhere sending the open page back
 * to the sign-in form. Screenshots go to test-artifacts/screenshots (city-login*.png, city-dashboard*.png).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { businessDay, hubEvent, type HubEvent, type SyncEvent } from '@motcua/shared';
import { createLogger, startCityServer, SyncClient, type CityHandle } from '@motcua/city-server';
import { startTestPostgres, type TestPostgres } from '@motcua/city-server/test-pg';
import { counterEvent, issuedEvent, moved, numbered, TEST_CATALOG } from '@motcua/city-server/test-events';
import { launchBrowser, screenshot } from '../support/browser';

const MIN = 60_000;
let pgs: TestPostgres;
let city: CityHandle;
let browser: Browser;

beforeAll(async () => {
  pgs = await startTestPostgres();
  city = await startCityServer({ port: 0, databaseUrl: await pgs.database('dash'), logger: createLogger('silent'), scheduleReports: false, liveIntervalMs: 200 });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await city?.close();
  await pgs?.stop();
});

const WARDS: { hubId: string; vi: string; district: string; waiting: number[] }[] = [
  { hubId: 'ben-thanh', vi: 'Phường Bến Thành', district: 'khu vực Quận 1 cũ', waiting: [42, 35, 31, 26, 22, 18, 12, 9, 6, 3, 1] },
  { hubId: 'sai-gon', vi: 'Phường Sài Gòn', district: 'khu vực Quận 1 cũ', waiting: [15, 9, 4] },
  { hubId: 'tan-dinh', vi: 'Phường Tân Định', district: 'khu vực Quận 1 cũ', waiting: [28, 24, 21, 14, 8, 2] },
  { hubId: 'xuan-hoa', vi: 'Phường Xuân Hòa', district: 'khu vực Quận 3 cũ', waiting: [] },
  { hubId: 'cho-lon', vi: 'Phường Chợ Lớn', district: 'khu vực Quận 5 cũ', waiting: [33, 25, 19, 11, 7, 5, 2] },
  { hubId: 'an-khanh', vi: 'Phường An Khánh', district: 'khu vực TP Thủ Đức', waiting: [6] },
];

function morning(hubId: string, waiting: number[], startSeq = 0): SyncEvent[] {
  const now = Date.now();
  const day = businessDay(now);
  const services = ['s-chung-thuc', 's-ho-tich', 's-dat-dai'];
  const ev: { at: number; event: HubEvent; actor: string }[] = [1, 2, 3].map((c) => ({ at: now - 180 * MIN, event: counterEvent('counter.opened', `c${c}`), actor: 'clerk' }));
  for (let i = 0; i < 20; i++) {
    const q = now - (170 - i * 6) * MIN;
    const id = `${hubId}-s${startSeq}-${i}`;
    const serviceId = services[i % 3]!;
    ev.push({ at: q, event: issuedEvent(id, { serviceId, queuedAt: q, predictedWaitMin: 10 }), actor: 'kiosk' });
    ev.push({ at: q + (5 + (i % 5) * 6) * MIN, event: hubEvent('ticket.called', id, { ...moved('waiting', 'called', { serviceId }), reason: 'oldest' }), actor: 'clerk' });
    ev.push({ at: q + (12 + (i % 5) * 6) * MIN, event: hubEvent('ticket.finished', id, moved('called', 'done', { serviceId })), actor: 'clerk' });
    if (i % 2) ev.push({ at: q + (13 + (i % 5) * 6) * MIN, event: hubEvent('ticket.rated', id, { ...moved('done', 'done', { serviceId }), score: 3 + (i % 2), reason: null }), actor: 'clerk' });
  }
  waiting.forEach((ago, i) => ev.push({ at: now - ago * MIN, event: issuedEvent(`${hubId}-s${startSeq}-w${i}`, { serviceId: services[i % 3]!, queuedAt: now - ago * MIN, predictedWaitMin: ago }), actor: 'kiosk' }));
  ev.sort((a, b) => a.at - b.at);
  return numbered(startSeq, day, ev);
}

const STAFF = { username: 'dieu.hanh', password: 'mat-khau-dieu-hanh-1' };

describe('city dashboard in Chromium', () => {
  it('shows every ward by load, live, with a drill-down', async () => {
    await city.server.auth.createUser({ ...STAFF, displayName: 'Trần Điều Hành', role: 'viewer' }, 'test');
    const clients = new Map<string, SyncClient>();
    for (const w of WARDS) {
      const k = await city.registerHub({ hubId: w.hubId, name: { vi: w.vi, en: w.vi.replace('Phường', 'Ward') }, district: w.district });
      const c = new SyncClient({ url: city.url, hubId: w.hubId, keyId: k.keyId, key: k.key });
      clients.set(w.hubId, c);
      const r = await c.send(0, morning(w.hubId, w.waiting), { catalog: TEST_CATALOG });
      expect(r.status).toBe(200);
    }
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    // Phường Bến Thành's kiosk printer runs out of paper: the hub's device events reach the city.
    const bt = clients.get('ben-thanh')!;
    const btHw = (await bt.state()).highWater ?? 0;
    const now = Date.now();
    const devices = numbered(btHw, businessDay(now), [
      { at: now - 30 * MIN, event: hubEvent('device.paired', null, { deviceId: 'agent-kiosk-1', kind: 'agent', name: '' }) },
      { at: now - 29 * MIN, event: hubEvent('device.online', null, { deviceId: 'agent-kiosk-1', kind: 'agent' }) },
      { at: now - 3 * MIN, event: hubEvent('device.health', null, { deviceId: 'agent-kiosk-1', peripheral: 'printer', kind: 'printer', health: 'paper_out', detail: null }) },
    ]);
    expect((await bt.send(btHw, devices)).status).toBe(200);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // Not signed in: the dashboard sends the browser to the sign-in form, which refuses a wrong
    // password in Vietnamese first and then lets the right one in, back to the page asked for.
    await page.goto(`${city.url}/ward/ben-thanh`);
    await page.waitForURL(/\/login\?next=%2Fward%2Fben-thanh$/);
    await page.getByLabel('Tên đăng nhập').fill(STAFF.username);
    await page.getByLabel('Mật khẩu').fill('mat-khau-sai');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('alert').getByText('Sai tên đăng nhập hoặc mật khẩu / Wrong username or password').waitFor();
    await screenshot(page, 'city-login-refused');
    await page.getByLabel('Tên đăng nhập').fill(STAFF.username);
    await page.getByLabel('Mật khẩu').fill(STAFF.password);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForURL(`${city.url}/ward/ben-thanh`);
    await page.getByText('Hôm nay theo lĩnh vực').waitFor();
    expect((await page.context().cookies()).find((c) => c.name === 'motcua_city_session')).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    expect(await page.evaluate(() => document.cookie)).toBe(''); // no script can read the session
    await page.goto(`${city.url}/`);
    await page.getByText('Trung tâm điều hành — Hàng chờ các phường').waitFor();
    await page.getByText('Trần Điều Hành').waitFor();
    await page.locator('#live:not(.off)').waitFor();
    const order = await page.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-hub')));
    // Most at risk first: over 20 minutes now (by people late), then the rest by people waiting.
    expect(order).toEqual(['ben-thanh', 'tan-dinh', 'cho-lon', 'sai-gon', 'an-khanh', 'xuan-hoa']);
    await expect.poll(() => page.locator('tr[data-hub="ben-thanh"] [data-alarm="over_now"]').innerText()).toBe('Quá 20 phút: 5 người, lâu nhất 42 phút');
    expect(await page.locator('[data-summary]').innerText()).toBe('3 phường đang quá 20 phút · 0 phường dự báo quá trong 1 giờ tới · 0 phường có sự cố đồng bộ hoặc thiết bị');
    // No same-weekday history at this city yet: no forecast figure is made up.
    expect(await page.locator('tr[data-hub="sai-gon"] td').nth(5).innerText()).toBe('chưa đủ dữ liệu');
    await screenshot(page, 'city-dashboard');
    const phone = await context.newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto(`${city.url}/`);
    await phone.locator('[data-alarm="over_now"]').first().waitFor();
    await screenshot(phone, 'city-dashboard-phone');

    // A batch from Phường Xuân Hòa arrives: its row updates without a reload and moves up.
    const c = clients.get('xuan-hoa')!;
    const more = morning('xuan-hoa', [40, 38, 36, 34, 30, 28, 26, 24, 22, 21, 20, 10], 1000);
    const hw = (await c.state()).highWater ?? 0;
    const r = await c.send(hw, more.map((e, k) => ({ ...e, seq: hw + k + 1 })));
    expect(r.status).toBe(200);
    await page.waitForFunction(() => document.querySelector('tbody tr')?.getAttribute('data-hub') === 'xuan-hoa', null, { timeout: 10_000 });
    expect(await page.locator('tbody tr').first().locator('td').nth(2).innerText()).toBe('12');
    await screenshot(page, 'city-dashboard-live');

    await page.getByRole('link', { name: 'Phường Bến Thành' }).click();
    await page.getByText('Hôm nay theo lĩnh vực').waitFor();
    await page.getByText('Chứng thực').first().waitFor();
    await page.locator('.alarm-box [data-alarm="over_now"]').waitFor();
    expect(await page.locator('.alarm-box [data-alarm="device_problem"]').innerText()).toBe('Máy in agent-kiosk-1/printer: hết giấy');
    await page.locator('.devices .device.paper_out').waitFor();
    await page.getByText('Xu hướng theo tuần (ISO, thứ Hai – Chủ nhật)').waitFor();
    expect(await page.locator('figure.chart svg').count()).toBe(2);
    await screenshot(page, 'city-dashboard-ward');
    await phone.goto(`${city.url}/ward/ben-thanh`);
    await phone.locator('.alarm-box [data-alarm="over_now"]').waitFor();
    await screenshot(phone, 'city-dashboard-ward-phone');
    await phone.close();

    // Signed out in another tab: this page's live socket is ended and the page goes to sign-in.
    await page.locator('#live:not(.off)').waitFor();
    const other = await context.newPage();
    await other.goto(`${city.url}/`);
    await other.getByRole('button', { name: 'Đăng xuất' }).click();
    await other.waitForURL(/\/login$/);
    await page.waitForURL(/\/login\?next=%2Fward%2Fben-thanh$/, { timeout: 5000 });
    await other.close();
    expect(errors).toEqual([]);
    await context.close();
  });
});
