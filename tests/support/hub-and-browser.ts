/** One hub (real socket.io and SQLite, test clock) and one Chromium for a test file, started before its tests and closed after. */
import { afterAll, beforeAll } from 'vitest';
import type { Browser } from 'playwright-core';
import { startFixture, type Fixture } from '@motcua/hub-server/test-fixture';
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
