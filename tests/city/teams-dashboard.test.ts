/**
 * The city's mobile support team page in Chromium: an admin sees where to send whom (the overloaded
 * ward, the member who knows its field, the hours, the modelled effect on its late share), adds a
 * member, sends the recommended move with one click, and watches the ward's answers arrive live
 * (delivered, then accepted) on /teams and on the ward's page; a viewer sees the same advice with no
 * button. Screenshots go to test-artifacts/screenshots (city-teams*.png).
 *
 * The city's clock (and the test wards' signing clock) is today's real time moved to 09:59 in
 * Vietnam, so the wards are open whatever the hour the suite runs at.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { businessDay, hubEvent, type HubEvent } from '@motcua/shared';
import { createLogger, startCityServer, SyncClient, type CityHandle } from '@motcua/city-server';
import { startTestPostgres, type TestPostgres } from '@motcua/city-server/test-pg';
import { numbered, queueToday, sameWeekdayHistory, TEAM_CATALOG } from '@motcua/city-server/test-events';
import { launchBrowser, screenshot } from '../support/browser';
import { wardDayClock } from '../support/city';

const { now } = wardDayClock(9, 59);
let pgs: TestPostgres;
let city: CityHandle;
let browser: Browser;
const clients = new Map<string, { c: SyncClient; seq: number }>();

beforeAll(async () => {
  pgs = await startTestPostgres();
  city = await startCityServer({ port: 0, databaseUrl: await pgs.database('teams_dash'), logger: createLogger('silent'), scheduleReports: false, liveIntervalMs: 200, clock: { now } });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await city?.close();
  await pgs?.stop();
});

async function ward(hubId: string, vi: string, perHour: number, counters: number, agos: number[]): Promise<void> {
  const k = await city.registerHub({ hubId, name: { vi, en: vi.replace('Phường', 'Ward') } });
  const c = new SyncClient({ url: city.url, hubId, keyId: k.keyId, key: k.key, now });
  let seq = 0;
  const batches = [...[1, 2, 3, 4].map((weeksAgo) => sameWeekdayHistory({ prefix: hubId, now: now(), weeksAgo, perHour, serviceId: 's-ho-tich', serviceMin: 12 })), queueToday({ prefix: hubId, now: now(), counters, agos, serviceId: 's-ho-tich' })];
  for (const b of batches) {
    const events = numbered(seq, b.day, [...b.events].sort((x, y) => x.at - y.at));
    const r = await c.send(seq, events, { catalog: TEAM_CATALOG });
    if (!r.body.ok) throw new Error(r.body.error.message);
    seq += events.length;
  }
  clients.set(hubId, { c, seq });
}

/** The ward's hub answering, as its sync loop would send its events. */
async function answer(hubId: string, event: HubEvent): Promise<void> {
  const h = clients.get(hubId)!;
  const batch = numbered(h.seq, businessDay(now()), [{ at: now(), event, actor: 'system' }]);
  const r = await h.c.send(h.seq, batch);
  if (!r.body.ok) throw new Error(r.body.error.message);
  h.seq += batch.length;
}

async function signIn(page: Page, username: string, password: string, path: string): Promise<void> {
  await page.goto(`${city.url}${path}`);
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL(`${city.url}${path}`);
}

describe('mobile support team page in Chromium', () => {
  it('advises, sends with one click, and shows the ward’s answers live', async () => {
    await city.server.auth.createUser({ username: 'dieu.phoi', displayName: 'Lê Điều Phối', role: 'admin', password: 'mat-khau-dieu-phoi-1' }, 'test');
    await city.server.auth.createUser({ username: 'xem.doi', displayName: 'Võ Theo Dõi', role: 'viewer', password: 'mat-khau-xem-doi-1' }, 'test');
    // 10 citizens an hour for 2 counters at 12 minutes each, 10 waiting now; a quiet ward beside it.
    await ward('ward-qua-tai', 'Phường Quá Tải', 10, 2, [45, 42, 39, 36, 33, 30, 27, 24, 21, 18]);
    await ward('ward-yen-tinh', 'Phường Yên Tĩnh', 3, 3, []);
    await city.server.teams.createMember({ name: 'Trần Thị Bình', fieldCodes: ['DD', 'CT'] }, { username: 'test', address: null });

    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signIn(page, 'dieu.phoi', 'mat-khau-dieu-phoi-1', '/teams');
    await page.getByRole('heading', { name: 'Đề xuất điều động' }).waitFor();
    // Bình knows only land and certification, which nobody asks for: no advice yet.
    await page.locator('[data-no-advice]').waitFor();

    // The admin adds a member who knows hộ tịch.
    await page.getByLabel('Họ tên').last().fill('Nguyễn Văn An');
    await page.getByLabel('Điện thoại').last().fill('0901 234 567');
    await page.getByLabel('Lĩnh vực').last().fill('HT, CT');
    await page.getByRole('button', { name: 'Thêm thành viên' }).click();
    await page.waitForURL(`${city.url}/teams`);
    await page.locator('tr[data-member] input[name="name"][value="Nguyễn Văn An"]').waitFor();

    // The advice: An to Phường Quá Tải for CT, HT from 10:30, with the model's effect on its late share.
    const move = page.locator('tr[data-move][data-hub="ward-qua-tai"]');
    await move.waitFor();
    const cells = await move.locator('td').allInnerTexts();
    expect(cells.slice(0, 5)).toEqual(['Nguyễn Văn An', 'Trụ sở đội', 'Phường Quá Tải', 'CT, HT', expect.stringMatching(/^10:30–\d{2}:\d{2}$/)]);
    // Vietnamese percentages (decimal comma), lower with the move.
    const [without, withMove] = cells[5]!.split(' → ').map((x) => Number(x.replace('%', '').replace(',', '.').trim()));
    expect(cells[5]).toMatch(/^\d+(,\d)? % → \d+(,\d)? %$/);
    expect(withMove!).toBeLessThan(without!);
    await page.getByText('Số liệu là ước tính của mô hình').waitFor();
    await screenshot(page, 'city-teams-advice');

    // One click sends it; the page comes back with the assignment "sent".
    await move.getByRole('button', { name: 'Gửi phân công' }).click();
    await page.waitForURL(`${city.url}/teams`);
    const row = page.locator('tr[data-assignment]');
    await row.waitFor();
    expect(await row.getAttribute('data-status')).toBe('sent');
    expect(await row.locator('.status').innerText()).toBe('Đã gửi, chờ phường nhận');
    const id = (await row.getAttribute('data-assignment'))!;
    const msgs = await city.server.pool.query<{ seq: string; message: { kind: string; assignment?: { id: string } } }>('SELECT seq, message FROM city_outbox WHERE hub_id = $1 ORDER BY seq', ['ward-qua-tai']);
    expect(msgs.rows).toHaveLength(1);
    expect(msgs.rows[0]!.message).toMatchObject({ kind: 'team.assigned', assignment: { id, staffName: 'Nguyễn Văn An', fieldCodes: ['CT', 'HT'], from: '10:30' } });

    // The ward answers; the open page follows without a reload.
    await page.locator('#live:not(.off)').waitFor();
    await answer('ward-qua-tai', hubEvent('city.message_applied', null, { seq: Number(msgs.rows[0]!.seq), kind: 'team.assigned', outcome: 'applied', detail: '' }));
    await page.locator(`tr[data-assignment="${id}"][data-status="delivered"]`).waitFor({ timeout: 10_000 });
    await answer('ward-qua-tai', hubEvent('team.decided', null, { assignmentId: id, decision: 'accepted', clerkId: 'p:doi', counterId: 'c2', serviceIds: ['s-ho-tich'] }));
    await page.locator(`tr[data-assignment="${id}"][data-status="accepted"]`).waitFor({ timeout: 10_000 });
    expect(await page.locator(`tr[data-assignment="${id}"] .status`).innerText()).toBe('Phường đã chấp nhận');
    // An is at the ward now, not at the base.
    expect(await page.locator('tr[data-member] td').filter({ hasText: 'Tại Phường Quá Tải' }).count()).toBe(1);
    await screenshot(page, 'city-teams-accepted');

    // The ward's page shows who is sent there and what the ward answered.
    await page.getByRole('link', { name: 'Phường Quá Tải' }).first().click();
    await page.locator('[data-section="teams"]').getByText('Phường đã chấp nhận').waitFor();
    await screenshot(page, 'city-teams-ward');

    // A viewer sees the advice and the assignments, with no button.
    const viewerContext = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const phone = await viewerContext.newPage();
    await signIn(phone, 'xem.doi', 'mat-khau-xem-doi-1', '/teams');
    await phone.locator(`tr[data-assignment="${id}"][data-status="accepted"]`).waitFor();
    await phone.locator('[data-viewer-note]').waitFor();
    expect(await phone.getByRole('button', { name: 'Gửi phân công' }).count()).toBe(0);
    expect(await phone.getByRole('button', { name: 'Rút về' }).count()).toBe(0);
    await screenshot(phone, 'city-teams-viewer-phone');
    await viewerContext.close();
    expect(errors).toEqual([]);
    await context.close();
  });
});
