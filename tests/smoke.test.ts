/** Every web app the hub serves loads in Chromium, connects, and shows the centre in Vietnamese. */
import { describe, expect, it } from 'vitest';
import { screenshot } from './support/browser';
import { useHubAndBrowser } from './support/hub-and-browser';

const rig = useHubAndBrowser();

describe('web apps served by the hub', () => {
  for (const app of ['kiosk', 'counter', 'display', 'manager']) {
    it(`/${app} loads and shows the centre`, async () => {
      const page = await rig.browser.newPage({ viewport: { width: 1280, height: 800 } });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${rig.f.hub.url}/${app}/`);
      await page.getByText(/Trung tâm Phục vụ hành chính công/).first().waitFor({ timeout: 15_000 });
      await screenshot(page, `smoke-${app}`);
      expect(errors).toEqual([]);
      await page.close();
    });
  }
});
