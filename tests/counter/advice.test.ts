/** Staffing advice addressed to a counter: the clerk sees it on the counter screen and accepts it. */
import { describe, expect, it } from 'vitest';
import { expectOk, send } from '@motcua/hub-server/test-client';
import { screenshot } from '../support/browser';
import { useHubAndBrowser } from '../support/hub-and-browser';
import { issue, signIn, until } from './support';

const rig = useHubAndBrowser();

describe('counter: staffing advice', () => {
  it('shows the advice for this counter and applies it on accept', async () => {
    const c1 = await rig.f.clerk(1, 'c1');
    expectOk(await send(c1, 'counter:open', { counterId: 'c1' }));
    // Counter 3 is open before its screen asks (advice is a forecast the hub keeps for a few minutes).
    const m = await rig.f.manager();
    expectOk(await send(m, 'counter:open', { counterId: 'c3' }));
    const { socket: kiosk } = await rig.f.kiosk();
    for (let i = 0; i < 25; i++) await issue(kiosk, 's-chung-thuc');

    const page = await rig.browser.newPage({ viewport: { width: 1366, height: 768 } });
    await signIn(page, rig.f, 'canbo3', '3333', 'c3');
    const item = page.getByTestId('advice-item').first();
    await item.waitFor({ timeout: 15_000 });
    expect(await item.textContent()).toMatch(/Quầy 3: nhận thêm lĩnh vực Chứng thực/);
    await screenshot(page, 'counter-27-advice');
    await page.getByTestId('advice-accept').first().click();
    await until(() => rig.f.hub.counters.byId('c3')?.secondary.includes('s-chung-thuc'), 'skill applied');
    await page.getByTestId('advice').getByRole('status').waitFor();
    await page.close();
  });

  it('the manager\'s advice card: "chờ quá 20 phút" with checkable figures, and never silent while citizens wait past the target', async () => {
    const m = await rig.f.manager();
    expectOk(await send(m, 'counter:open', { counterId: 'c1' }));
    expectOk(await send(m, 'counter:open', { counterId: 'c3' }));
    const { socket: kiosk } = await rig.f.kiosk();
    for (let i = 0; i < 25; i++) await issue(kiosk, 's-chung-thuc');
    rig.f.clock.advance(25 * 60_000); // the first ones are now over the 20-minute target

    const page = await rig.browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(`${rig.f.hub.url}/manager/`);
    await page.getByLabel('Tên đăng nhập').fill('quanly');
    await page.getByLabel('Mật khẩu').fill('quanly2025');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    const summary = page.getByTestId('advice-summary');
    await summary.waitFor({ timeout: 15_000 });
    // The queue now, as the manager can check it on the live list.
    expect(await summary.textContent()).toMatch(/^25 công dân đang chờ, \d+ người đã chờ quá 20 phút \(lâu nhất 25 phút\)\./);
    const advice = page.getByTestId('advice').first();
    await advice.waitFor({ timeout: 15_000 });
    const text = (await advice.textContent()) ?? '';
    expect(text).toMatch(/Quầy 3: nhận thêm lĩnh vực Chứng thực/);
    expect(text).toMatch(/dự kiến chờ quá 20 phút: \d+% → \d+% số công dân/);
    expect(text).not.toContain('trễ hẹn');
    for (const mm of text.matchAll(/(\d+) phút/g)) expect(Number(mm[1])).toBeLessThanOrEqual(145);
    await screenshot(page, 'manager-advice-card');
    await page.close();
  });
});
