/**
 * The rating view on a separate tablet: paired once by the clerk's sign-in (its own session, in its
 * own browser), on a 5-level scale with a short timeout configured at the hub. An unanswered prompt
 * times out and stores nothing; an answer is stored with the ticket.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startFixture, type Fixture } from '@motcua/hub-server/test-fixture';
import type { HubClient } from '@motcua/hub-server/test-client';
import { launchBrowser, screenshot } from '../support/browser';
import { callNext, currentAt, expectCurrentNumber, idle, issue, signIn, until } from './support';

let f: Fixture;
let browser: Browser;
let clerk: Page;
let tablet: Page;
let kiosk: HubClient;

beforeAll(async () => {
  f = await startFixture({ rating: { scale: 5, timeoutSec: 5, askReasonAtOrBelow: 2 } });
  browser = await launchBrowser();
  clerk = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
  clerk.on('dialog', (d) => void d.accept());
  // A different browser context: nothing shared with the clerk's PC.
  tablet = await (await browser.newContext({ viewport: { width: 1024, height: 600 } })).newPage();
  kiosk = (await f.kiosk()).socket;
  await signIn(clerk, f, 'canbo2', '2222', 'c2');
});
afterAll(async () => {
  await browser?.close();
  await f?.close();
});

async function callAndFinish(): Promise<string> {
  await issue(kiosk, 's-ho-tich');
  await callNext(clerk);
  const t = await until(() => currentAt(f, 'c2'), 'called at c2');
  await expectCurrentNumber(clerk, t.number);
  await clerk.keyboard.press('f');
  await until(() => f.hub.tickets.byId(t.id)?.state === 'done', 'finished');
  return t.id;
}

describe('rating tablet', () => {
  it('is paired to the counter by the clerk signing in on it', async () => {
    await tablet.goto(`${f.hub.url}/counter/#/rating`);
    await tablet.getByText('Ghép màn hình đánh giá với quầy').waitFor({ timeout: 15_000 });
    await screenshot(tablet, 'counter-24-tablet-pair');
    await tablet.locator('select[name=counter] option').first().waitFor({ state: 'attached' });
    await tablet.fill('input[name=username]', 'canbo2');
    await tablet.fill('input[name=pin]', '2222');
    await tablet.selectOption('select[name=counter]', 'c2');
    await tablet.click('button[type=submit]');
    await tablet.getByTestId('rating-idle').waitFor();
    expect(await tablet.evaluate(() => localStorage.getItem('motcua.counter.ratingSession'))).toContain('"counterId":"c2"');
    // Pairing the tablet does not disturb the clerk's counter.
    expect(f.hub.counters.byId('c2')).toMatchObject({ status: 'open', clerkId: 'u-2' });
  });

  it('times out after the configured seconds and stores nothing', async () => {
    const id = await callAndFinish();
    await tablet.getByTestId('rating-ask').waitFor();
    expect(await tablet.locator('button.rate').count()).toBe(5);
    await screenshot(tablet, 'counter-25-tablet-five-levels');
    const asked = Date.now();
    await tablet.getByTestId('rating-idle').waitFor({ timeout: 10_000 });
    expect(Date.now() - asked).toBeGreaterThan(3500);
    expect(f.hub.tickets.byId(id)?.rating).toBeNull();
  });

  it('stores the answer of the next citizen with their ticket', async () => {
    const id = await callAndFinish();
    await tablet.getByTestId('rating-ask').waitFor();
    await tablet.click('button.rate[data-score="5"]');
    await tablet.getByTestId('rating-thanks').waitFor();
    await until(() => f.hub.tickets.byId(id)?.rating === 5, 'rating 5 stored');
    await clerk.getByTestId('rating-status').filter({ hasText: 'Đã nhận đánh giá' }).waitFor();
  });

  it('follows the clerk signing out: the tablet keeps its own session and still rates', async () => {
    await idle(clerk);
    await clerk.click('button.signout');
    await clerk.locator('input[name=username]').waitFor();
    await signIn(clerk, f, 'canbo2', '2222', 'c2');
    const id = await callAndFinish();
    await tablet.getByTestId('rating-ask').waitFor();
    await tablet.click('button.rate[data-score="4"]');
    await until(() => f.hub.tickets.byId(id)?.rating === 4, 'rating 4 stored');
  });
});
