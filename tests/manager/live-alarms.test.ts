/**
 * The manager's live alarm panel in real Chromium against a real hub: a stale panel says so
 * instead of "nobody is waiting past the thresholds"; 35 waiting citizens read as one line per
 * field and service (count, breaches, oldest wait), not 35 lines; a counter on one ticket past the
 * busy limit raises its own alarm; clerks appear by name, never by id.
 * Screenshots: test-artifacts/screenshots/manager-alarms-*.png.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Fixture } from '@motcua/hub-server/test-fixture';
import { expectOk, send, type HubClient } from '@motcua/hub-server/test-client';
import { screenshot } from '../support/browser';
import { useHubPage } from '../support/hub-and-browser';
import { signInManager } from './support';

const MIN = 60_000;
const rig = useHubPage({ viewport: { width: 1440, height: 900 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
const errors = rig.errors;
let f: Fixture;
let page: Page;
let kiosk: HubClient;
let req = 0;

async function issueTicket(serviceId: string) {
  return expectOk(await send(kiosk, 'ticket:issue', { serviceId, requestId: `e2e-alarms-${++req}`, print: false }));
}

const signIn = (): Promise<void> => signInManager(page, f, '#/dashboard');

beforeAll(async () => {
  ({ f, page, kiosk } = rig);
  await signIn();
});

describe('manager live alarms', () => {
  // Catches: a disconnected dashboard still saying "Không có ai chờ quá ngưỡng". Broken on purpose
  // by making alarmsFresh return true: the stale notice never appears and this times out.
  it('says the data is stale when the link to the hub is gone, instead of "nobody is waiting"', async () => {
    await page.getByTestId('no-alarms').waitFor();
    f.hub.io.in('aud:manager').disconnectSockets(true);
    await page.getByTestId('alarms-stale').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('no-alarms').count()).toBe(0);
    expect(await page.getByTestId('alarms-stale').textContent()).toContain('không biết chắc ai đang chờ quá ngưỡng');
    await screenshot(page, 'manager-alarms-01-stale');
    await page.reload();
    await page.getByTestId('no-alarms').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('alarms-stale').count()).toBe(0);
  });

  // Catches: one line per waiting ticket (the dashboard listed 240 lines at a busy ward). Broken on
  // purpose by rendering alarms.alarms one per line again: there are 35 rows, not 2, and this fails.
  it('groups 35 waiting citizens into one line per field and service, with the count and the oldest wait', async () => {
    const first = await issueTicket('s-ho-tich');
    for (let i = 0; i < 29; i++) await issueTicket('s-ho-tich');
    f.clock.advance(4 * MIN);
    for (let i = 0; i < 5; i++) await issueTicket('s-chung-thuc');
    f.clock.advance(17 * MIN); // 21 min for the first 30, 17 for the last 5
    const groups = page.getByTestId('alarm-group');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=alarm-group]').length === 2, undefined, { timeout: 15_000 });
    const ht = groups.filter({ hasText: first.ticket.number });
    await ht.getByTestId('alarm-count').filter({ hasText: '30 người chờ quá ngưỡng, 30 người quá 20 phút' }).waitFor({ timeout: 10_000 });
    await ht.getByTestId('alarm-oldest').filter({ hasText: `lâu nhất 21 phút (số ${first.ticket.number})` }).waitFor({ timeout: 10_000 });
    await groups.nth(1).getByTestId('alarm-count').filter({ hasText: '5 người chờ quá ngưỡng, 0 người quá 20 phút' }).waitFor({ timeout: 10_000 });
    expect(await groups.count()).toBe(2);
    await screenshot(page, 'manager-alarms-02-grouped');
  });

  // Catches: a counter stuck on one citizen going unnoticed, and a clerk shown as "u-1". Broken on
  // purpose by passing busyMin + 60 to busyCounters in Dashboard.tsx: no busy alarm, this times out.
  it('raises an alarm for a counter on one ticket past the limit, and names its clerk', async () => {
    const clerk = await f.clerk(1, 'c1');
    expectOk(await send(clerk, 'counter:open', { counterId: 'c1' }));
    const t = expectOk(await send(clerk, 'counter:callNext', { counterId: 'c1' }));
    expectOk(await send(clerk, 'ticket:start', { ticketId: t.id }));
    f.clock.advance(31 * MIN);
    await issueTicket('s-dat-dai'); // any change brings the hub's time to the page
    await page.getByTestId('busy-alarm').filter({ hasText: `quầy 1 đang phục vụ số ${t.number} đã 31 phút (ngưỡng 30 phút)` }).waitFor({ timeout: 15_000 });
    const row = page.getByTestId('counter-row-1');
    await row.getByText('Trần Văn An').waitFor();
    expect(await page.getByTestId('counters').textContent()).not.toMatch(/\bu-\d+\b/);
    await screenshot(page, 'manager-alarms-03-busy-counter');
    expect(errors).toEqual([]);
  });
});
