/** Every web app the hub serves loads in Chromium, connects, and shows the centre in Vietnamese. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startFixture, type Fixture } from '../hub-server/test/fixture';
import { launchBrowser, screenshot } from './support/browser';

let f: Fixture;
let browser: Browser;
beforeAll(async () => {
  f = await startFixture();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await f?.close();
});

describe('web apps served by the hub', () => {
  for (const app of ['kiosk', 'counter', 'display', 'manager']) {
    it(`/${app} loads and shows the centre`, async () => {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${f.hub.url}/${app}/`);
      await page.getByText(/Trung tâm Phục vụ hành chính công/).first().waitFor({ timeout: 15_000 });
      await screenshot(page, `smoke-${app}`);
      expect(errors).toEqual([]);
      await page.close();
    });
  }
});
