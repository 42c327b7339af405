/** One hub (real socket.io and SQLite, test clock) and one Chromium for a test file, started before its tests and closed after. */
import { afterAll, beforeAll } from 'vitest';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { startFixture, type Fixture } from '@motcua/hub-server/test-fixture';
import type { HubClient } from '@motcua/hub-server/test-client';
import { launchBrowser } from './browser';

export interface HubAndBrowser {
  readonly f: Fixture;
  readonly browser: Browser;
}

export function useHubAndBrowser(): HubAndBrowser {
  const rig = {} as { f: Fixture; browser: Browser };
  beforeAll(async () => {
    rig.f = await startFixture();
    rig.browser = await launchBrowser();
  });
  afterAll(async () => {
    await rig.browser?.close();
    await rig.f?.close();
  });
  return rig;
}

export interface HubPage extends HubAndBrowser {
  readonly context: BrowserContext;
  /** One page of the context, opened before the file's tests. */
  readonly page: Page;
  /** A paired kiosk's socket, to issue tickets without the kiosk UI. */
  readonly kiosk: HubClient;
  /** Uncaught errors of `page` (a test ends by expecting none). The same array for the whole file. */
  readonly errors: string[];
}

/** `useHubAndBrowser` with a browser context of `options`, one page in it and a kiosk socket. */
export function useHubPage(options: BrowserContextOptions): HubPage {
  const rig = { errors: [] as string[] } as { f: Fixture; browser: Browser; context: BrowserContext; page: Page; kiosk: HubClient; errors: string[] };
  beforeAll(async () => {
    rig.f = await startFixture();
    rig.kiosk = (await rig.f.kiosk()).socket;
    rig.browser = await launchBrowser();
    rig.context = await rig.browser.newContext(options);
    rig.page = await rig.context.newPage();
    rig.page.on('pageerror', (e) => rig.errors.push(e.message));
  });
  afterAll(async () => {
    await rig.browser?.close();
    await rig.f?.close();
  });
  return rig;
}
