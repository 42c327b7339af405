/**
 * The manager app after a hub restart (issue 13 item 7): it says it is reconnecting, then comes
 * back by itself still signed in — no sign-in form — and its dashboard follows what happens after
 * the restart.
 *
 * Catches: a manager who signed in on the page (not from a stored token) reconnecting as a guest.
 * The socket kept the anonymous handshake it was created with, so after any disconnect the hub
 * saw a guest and the dashboard fell back to the sign-in form. (Seen failing before the fix: the
 * sign-in form came back after the restart and counter 2's row never showed it open.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createLogger, startHub, type Hub } from '@motcua/hub-server';
import { startFixture, type Fixture } from '@motcua/hub-server/test-fixture';
import { connect, expectOk, send } from '@motcua/hub-server/test-client';
import { launchBrowser, screenshot } from '../support/browser';

let f: Fixture;
let browser: Browser;
let page: Page;
let restarted: Hub | null = null;
const errors: string[] = [];

beforeAll(async () => {
  f = await startFixture();
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  page = await context.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${f.hub.url}/manager/`);
  await page.getByLabel('Tên đăng nhập').fill('quanly');
  await page.getByLabel('Mật khẩu').fill('quanly2025');
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByTestId('counters').waitFor({ timeout: 15_000 });
});

afterAll(async () => {
  await browser?.close();
  await restarted?.close();
  await f?.close();
});

describe('manager app reconnects', () => {
  it('after a hub restart the dashboard comes back signed in, by itself, and follows new changes', async () => {
    const url = new URL(f.hub.url);
    await f.hub.close();
    await page.getByText('Đang kết nối lại với máy chủ…').first().waitFor({ timeout: 15_000 });
    await screenshot(page, 'manager-reconnecting');
    restarted = await startHub({ config: { host: '127.0.0.1', port: Number(url.port), dataDir: f.dir }, clock: f.clock, logger: createLogger('silent') });

    // After the restart a clerk opens counter 2; the manager's dashboard must show it.
    const clerk = await connect(restarted.url);
    expectOk(await send(clerk, 'auth:login', { username: 'canbo2', password: '2222', counterId: 'c2' }));
    expectOk(await send(clerk, 'counter:open', { counterId: 'c2' }));
    await page.locator('[data-testid="counter-row-2"] .status.idle').waitFor({ timeout: 15_000 });
    expect(await page.getByLabel('Mật khẩu').count()).toBe(0);
    await screenshot(page, 'manager-after-restart');
    clerk.close();
    expect(errors).toEqual([]);
  });
});
