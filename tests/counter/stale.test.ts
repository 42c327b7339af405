/**
 * An action on a ticket that changed elsewhere meanwhile: the clerk's screen has not heard of the
 * change yet (its deltas are held back), the hub refuses, and the screen says so and refreshes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startFixture, type Fixture } from '@motcua/hub-server/test-fixture';
import { expectOk, send, type HubClient } from '@motcua/hub-server/test-client';
import { launchBrowser, screenshot } from '../support/browser';
import { callNext, currentAt, expectCurrentNumber, issue, signIn, until } from './support';

let f: Fixture;
let browser: Browser;
let page: Page;
let kiosk: HubClient;
let manager: HubClient;
let holdDeltas = false;

beforeAll(async () => {
  f = await startFixture();
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  // Sits between the page and the hub and, when asked, drops the hub's state:delta pushes.
  await page.routeWebSocket(/socket\.io/, (ws) => {
    const server = ws.connectToServer();
    ws.onMessage((m) => server.send(m));
    server.onMessage((m) => {
      if (holdDeltas && typeof m === 'string' && m.includes('"state:delta"')) return;
      ws.send(m);
    });
  });
  kiosk = (await f.kiosk()).socket;
  manager = await f.manager();
  await signIn(page, f, 'canbo3', '3333', 'c3');
});
afterAll(async () => {
  await browser?.close();
  await f?.close();
});

describe('acting on a stale screen', () => {
  it('shows the hub’s refusal and refreshes to the real state', async () => {
    await issue(kiosk, 's-dat-dai');
    await callNext(page);
    const t = await until(() => currentAt(f, 'c3'), 'called at c3');
    await expectCurrentNumber(page, t.number);

    holdDeltas = true;
    // The manager sets the ticket aside from the dashboard; the clerk's screen does not know yet.
    expectOk(await send(manager, 'ticket:hold', { ticketId: t.id }));
    await new Promise((r) => setTimeout(r, 300));
    await expectCurrentNumber(page, t.number);

    await page.keyboard.press('f');
    await page.getByTestId('error').filter({ hasText: 'Không thể làm thao tác này ở trạng thái hiện tại của số' }).waitFor();
    expect(await page.getByTestId('error').textContent()).toContain('Màn hình đã được làm mới');
    // The refresh is a snapshot (an acknowledged request), so it arrives even with deltas held back.
    await page.getByTestId('held-ticket').filter({ hasText: t.number }).waitFor();
    await page.getByTestId('current').filter({ hasText: 'Chưa có công dân' }).waitFor();
    expect(f.hub.tickets.byId(t.id)?.state).toBe('held');
    await screenshot(page, 'counter-26-stale-refused');
    holdDeltas = false;
  });
});
