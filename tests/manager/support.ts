/** Helpers for the manager app's Chromium tests against a real hub fixture. */
import type { Page } from 'playwright-core';
import type { Fixture } from '@motcua/hub-server/test-fixture';

/** Signs the demo manager in on `hash` (e.g. `#/dashboard`) and waits for the dashboard; `beforeSubmit` runs on the filled form. */
export async function signInManager(page: Page, f: Fixture, hash = '', beforeSubmit?: () => Promise<unknown>): Promise<void> {
  await page.goto(`${f.hub.url}/manager/${hash}`);
  await page.getByLabel('Tên đăng nhập').fill('quanly');
  await page.getByLabel('Mật khẩu').fill('quanly2025');
  await beforeSubmit?.();
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByTestId('counters').waitFor({ timeout: 15_000 });
}
