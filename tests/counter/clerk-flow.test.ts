/**
 * The clerk's day in real Chromium against a real hub: sign in, the queue coloured against the
 * 20-minute target, call next / recall / start / transfer / no-show / hold / return / pause /
 * resume by keyboard, finish → the rating view → the rating stored with the ticket, English,
 * sign out. Screenshots of every screen go to test-artifacts/screenshots/counter-*.png.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { businessDay } from '@motcua/shared';
import type { Fixture } from '@motcua/hub-server/test-fixture';
import { expectOk, send, type HubClient } from '@motcua/hub-server/test-client';
import { screenshot } from '../support/browser';
import { useHubPage } from '../support/hub-and-browser';
import { callNext, currentAt, expectCurrentNumber, idle, issue, press, signIn, until } from './support';

const MIN = 60_000;
const rig = useHubPage({ viewport: { width: 1366, height: 768 } });
const pageErrors = rig.errors;
let f: Fixture;
let context: BrowserContext;
let page: Page;
let kiosk: HubClient;
beforeAll(() => {
  ({ f, context, page, kiosk } = rig);
  page.on('dialog', (d) => void d.accept());
});

describe('counter app: the clerk flow', () => {
  it('signs in with username, PIN and counter, and opens the counter', async () => {
    await page.goto(`${f.hub.url}/counter/`);
    await page.getByText(/Trung tâm Phục vụ hành chính công/).first().waitFor({ timeout: 15_000 });
    await page.locator('select[name=counter] option').first().waitFor({ state: 'attached' });
    await screenshot(page, 'counter-01-sign-in');

    await page.fill('input[name=username]', 'canbo1');
    await page.fill('input[name=pin]', '9999');
    await page.selectOption('select[name=counter]', 'c1');
    await page.click('button[type=submit]');
    await page.getByRole('alert').filter({ hasText: 'Sai tên đăng nhập hoặc mã PIN' }).waitFor();
    await screenshot(page, 'counter-02-sign-in-wrong-pin');

    await signIn(page, f, 'canbo1', '1111', 'c1');
    await until(() => f.hub.counters.byId('c1')?.status === 'open', 'counter c1 open');
    expect(await page.getByTestId('counter-status').textContent()).toBe('Đang mở');
    expect(await page.getByTestId('current').textContent()).toContain('Chưa có công dân');
    await screenshot(page, 'counter-03-empty');
  });

  it('lists the queue this counter may serve, coloured against the 20-minute target', async () => {
    // c1: primary s-chung-thuc, secondary s-ho-tich and s-tra-ket-qua; s-dat-dai is not for c1.
    await issue(kiosk, 's-chung-thuc', { idNumber: '079085001234', fullName: 'Nguyễn Thị Mai', dateOfBirth: '1985-03-14' });
    f.clock.advance(2 * MIN);
    await issue(kiosk, 's-ho-tich');
    await issue(kiosk, 's-dat-dai');
    f.clock.advance(4 * MIN);
    await issue(kiosk, 's-chung-thuc');
    f.clock.advance(12 * MIN);
    // 18 min after the first ticket: the first is over 15 (warn); the hub time comes with each delta.
    await issue(kiosk, 's-tra-ket-qua');
    const rows = page.getByTestId('queue-ticket');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=queue-ticket]').length === 4);
    expect(await rows.evaluateAll((els) => els.map((e) => [e.getAttribute('data-number'), e.getAttribute('data-level')]))).toEqual([
      ['1001', 'warn'],
      ['2001', 'warn'],
      ['1002', 'ok'],
      ['6001', 'ok'],
    ]);
    f.clock.advance(4 * MIN);
    await issue(kiosk, 's-dat-dai'); // any change brings the hub's time: now 22 min after the first
    await page.waitForFunction(() => document.querySelector('[data-number="1001"]')?.getAttribute('data-level') === 'over');
    expect(await page.locator('[data-number="2001"]').getAttribute('data-level')).toBe('over');
    expect(await page.locator('[data-number="1002"]').getAttribute('data-level')).toBe('warn');
    expect(await page.locator('[data-number="6001"]').getAttribute('data-level')).toBe('ok');
    expect(await page.locator('[data-number="3001"]').count()).toBe(0);
    expect(await page.locator('.queue h2 .pill.over').textContent()).toContain('2');
    await screenshot(page, 'counter-04-queue-colours');
  });

  it('calls the next citizen with F1, recalls with R and starts with S', async () => {
    await callNext(page);
    const called = await until(() => currentAt(f, 'c1'), 'a ticket called at c1');
    await expectCurrentNumber(page, called.number);
    expect(called.state).toBe('called');
    expect(await page.getByTestId('notice').textContent()).toContain(`Đã gọi số ${called.number}`);
    if (called.citizenName) expect(await page.getByTestId('citizen-name').textContent()).toBe(called.citizenName);
    await screenshot(page, 'counter-05-called');

    await press(page, 'r');
    await until(() => f.hub.tickets.byId(called.id)?.recallCount === 1, 'recall stored');
    await page.getByTestId('notice').filter({ hasText: 'Đã gọi lại số' }).waitFor();

    await press(page, 's');
    await until(() => f.hub.tickets.byId(called.id)?.state === 'serving', 'serving');
    await page.locator('.current.serving').waitFor();
    await screenshot(page, 'counter-06-serving');
  });

  it('transfers the current ticket to another counter with T, Tab, a digit and Enter', async () => {
    const cur = currentAt(f, 'c1')!;
    await idle(page);
    await press(page, 't');
    await page.getByRole('dialog').waitFor();
    await screenshot(page, 'counter-07-transfer-dialog');
    await press(page, 'Tab'); // to the counters column
    await press(page, '1'); // the first other counter: Quầy 2
    await screenshot(page, 'counter-08-transfer-picked');
    await press(page, 'Enter');
    const moved = await until(() => {
      const t = f.hub.tickets.byId(cur.id);
      return t?.state === 'waiting' && t.targetCounterId === 'c2' ? t : null;
    }, 'ticket transferred to c2');
    expect(moved.queuedAt).toBe(cur.queuedAt); // keeps its place in time
    await page.getByTestId('notice').filter({ hasText: `Đã chuyển số ${cur.number}` }).waitFor();
    expect(await page.getByRole('dialog').count()).toBe(0);
  });

  it('marks a no-show with N', async () => {
    await callNext(page, 'Space');
    const t = await until(() => currentAt(f, 'c1'), 'next called');
    await expectCurrentNumber(page, t.number);
    await press(page, 'n');
    await until(() => f.hub.tickets.byId(t.id)?.state === 'no_show', 'no-show stored');
    await page.getByTestId('current').filter({ hasText: 'Chưa có công dân' }).waitFor();
  });

  it('holds with H and returns to the queue with U', async () => {
    await callNext(page);
    const t = await until(() => currentAt(f, 'c1'), 'next called');
    await expectCurrentNumber(page, t.number);
    await press(page, 'h');
    await until(() => f.hub.tickets.byId(t.id)?.state === 'held', 'held');
    await page.getByTestId('held-ticket').filter({ hasText: t.number }).waitFor();
    await screenshot(page, 'counter-09-held');
    await press(page, 'u');
    const back = await until(() => {
      const x = f.hub.tickets.byId(t.id);
      return x?.state === 'waiting' ? x : null;
    }, 'returned');
    expect(back.targetCounterId).toBe('c1');
    await page.locator(`[data-number="${t.number}"] .tag.targeted`).waitFor();
  });

  it('pauses with P and a reason, refuses to call while paused, resumes with P', async () => {
    await idle(page);
    await press(page, 'p');
    await page.getByRole('dialog').waitFor();
    await screenshot(page, 'counter-10-pause-dialog');
    await press(page, '2');
    await press(page, 'Enter');
    await until(() => f.hub.counters.byId('c1')?.status === 'paused', 'paused');
    expect(f.hub.counters.byId('c1')?.pauseReason).toBe('Họp, công tác');
    await page.getByTestId('paused-banner').waitFor();
    await press(page, 'F1');
    await page.getByTestId('error').filter({ hasText: 'tạm dừng' }).waitFor();
    expect(currentAt(f, 'c1')).toBeNull();
    await screenshot(page, 'counter-11-paused');
    await press(page, 'p');
    await until(() => f.hub.counters.byId('c1')?.status === 'open', 'resumed');
    await page.getByTestId('counter-status').filter({ hasText: 'Đang mở' }).waitFor();
  });

  it('finishes with F; the rating view asks the citizen, a low score asks a reason, and the rating is stored', async () => {
    const rating = await context.newPage();
    rating.on('pageerror', (e) => pageErrors.push(e.message));
    await rating.setViewportSize({ width: 1024, height: 600 });
    await rating.goto(`${f.hub.url}/counter/#/rating`);
    await rating.getByTestId('rating-idle').waitFor({ timeout: 15_000 });
    await screenshot(rating, 'counter-12-rating-idle');

    await page.bringToFront();
    await callNext(page);
    const t = await until(() => currentAt(f, 'c1'), 'next called');
    await expectCurrentNumber(page, t.number);
    await press(page, 'f');
    await until(() => f.hub.tickets.byId(t.id)?.state === 'done', 'finished');
    await page.getByTestId('rating-status').filter({ hasText: t.number }).waitFor();
    await screenshot(page, 'counter-13-finished-waiting-rating');

    await rating.getByTestId('rating-ask').waitFor();
    expect(await rating.locator('button.rate').allTextContents()).toEqual(['Rất hài lòng', 'Hài lòng', 'Bình thường', 'Không hài lòng']);
    await screenshot(rating, 'counter-14-rating-ask');
    await rating.click('button.rate[data-score="1"]');
    await rating.getByTestId('rating-reason').waitFor();
    await screenshot(rating, 'counter-15-rating-reason');
    await rating.getByRole('button', { name: 'Chờ quá lâu' }).click();
    await rating.getByTestId('rating-thanks').waitFor();
    await screenshot(rating, 'counter-16-rating-thanks');

    const stored = await until(() => {
      const x = f.hub.tickets.byId(t.id);
      return x?.rating !== null ? x : null;
    }, 'rating stored');
    expect(stored?.rating).toBe(1);
    expect(stored?.ratingReason).toBe('Chờ quá lâu');
    await page.getByTestId('rating-status').filter({ hasText: 'Đã nhận đánh giá' }).waitFor();
    await page.getByTestId('today').filter({ hasText: '1,0/4' }).waitFor();
    await screenshot(page, 'counter-17-after-rating');
    await rating.close();
  });

  it('ignores a double press of call next: the citizen just called is not closed', async () => {
    await issue(kiosk, 's-chung-thuc');
    await issue(kiosk, 's-chung-thuc');
    await callNext(page);
    const first = await until(() => currentAt(f, 'c1'), 'called');
    await expectCurrentNumber(page, first.number);
    await press(page, 'F1'); // a bounce, 100 ms later
    await new Promise((r) => setTimeout(r, 400));
    expect(currentAt(f, 'c1')?.id).toBe(first.id);
    expect(f.hub.tickets.byId(first.id)?.state).toBe('called');
  });

  it('shows a clear message when nobody waits and switches to English with L', async () => {
    // Empty what c1 may serve, from the manager's side.
    const m = await f.manager();
    for (const t of f.hub.queue.waiting(businessDay(f.clock.now(), 'Asia/Ho_Chi_Minh'))) expectOk(await send(m, 'ticket:cancel', { ticketId: t.id }));
    await callNext(page);
    await page.getByTestId('error').filter({ hasText: 'Không còn công dân nào chờ' }).waitFor();
    await screenshot(page, 'counter-18-no-ticket');
    await press(page, 'l');
    await page.getByTestId('counter-status').filter({ hasText: 'Open' }).waitFor();
    expect(await page.locator('[data-action=callNext] .label').textContent()).toBe('Call next');
    await screenshot(page, 'counter-19-english');
    await press(page, 'l');
    await page.getByTestId('counter-status').filter({ hasText: 'Đang mở' }).waitFor();
  });

  // "Call next" with nobody waiting finishes the current ticket, finds no one and rolls back: the
  // citizen still at the counter must stay on every screen (the hub clears its memoised live
  // tickets on rollback).
  it('still shows the citizen at the counter after "nobody waits"', async () => {
    const cur = currentAt(f, 'c1');
    expect(cur).not.toBeNull();
    await page.reload();
    await page.getByTestId('counter-status').waitFor();
    await page.getByTestId('current-number').filter({ hasText: cur!.number }).waitFor({ timeout: 2000 });
  });

  it('shows a dropped connection and recovers with the current ticket', async () => {
    await issue(kiosk, 's-chung-thuc');
    await callNext(page);
    const t = await until(() => currentAt(f, 'c1'), 'called');
    await expectCurrentNumber(page, t.number);
    f.hub.io.disconnectSockets(true);
    await page.locator('.banner.offline').waitFor();
    await screenshot(page, 'counter-20-offline');
    await page.locator('.conn.on').waitFor({ timeout: 10_000 });
    await expectCurrentNumber(page, t.number);
    // The clerk session survives the reconnect: actions still work.
    await idle(page);
    await press(page, 'f');
    await until(() => f.hub.tickets.byId(t.id)?.state === 'done', 'finished after reconnect');
  });

  it('a key pressed while "call next" still awaits its answer is not lost (the call reaches the screen first)', async () => {
    // Catches the race behind the flaky "finishes with F" (timed out waiting for `finished` under
    // load, passed alone): the hub pushes the call to the screen before it acknowledges the call,
    // so the clerk sees the citizen and presses F while "call next" is still in flight, and the
    // screen dropped that press without a word. Here every acknowledgement to the page is held
    // back 1.5 s (pushes pass at once), which makes the race certain. (Broken once on purpose by
    // dropping a press made while busy again: "timed out waiting for finished".)
    const slow = await context.newPage();
    slow.on('pageerror', (e) => pageErrors.push(e.message));
    await slow.routeWebSocket(/socket\.io/, (ws) => {
      const server = ws.connectToServer();
      ws.onMessage((m) => server.send(m));
      server.onMessage((m) => {
        // socket.io acknowledgement packets start with "43"; everything else passes at once.
        if (typeof m === 'string' && m.startsWith('43')) setTimeout(() => ws.send(m), 1500);
        else ws.send(m);
      });
    });
    await slow.goto(`${f.hub.url}/counter/`); // the clerk's stored session resumes at c1
    await slow.getByTestId('counter-status').waitFor({ timeout: 15_000 });
    // A kiosk of its own: the test kiosk's socket was dropped with the others above and does not reconnect.
    await issue((await f.kiosk()).socket, 's-chung-thuc');
    const before = currentAt(f, 'c1')?.id ?? null;
    await callNext(slow);
    const t = await until(() => {
      const c = currentAt(f, 'c1');
      return c && c.id !== before ? c : null;
    }, 'next called');
    await expectCurrentNumber(slow, t.number); // from the push; the answer is still held back
    await press(slow, 'f');
    await until(() => f.hub.tickets.byId(t.id)?.state === 'done', 'finished');
    await slow.close();
  });

  it('signs out, freeing the counter', async () => {
    await idle(page);
    await page.click('button.signout');
    await page.locator('input[name=username]').waitFor();
    await until(() => f.hub.counters.byId('c1')?.clerkId === null, 'counter freed');
    expect(f.hub.counters.byId('c1')?.status).toBe('closed');
    expect(await page.evaluate(() => localStorage.getItem('motcua.counter.session'))).toBeNull();
    expect(pageErrors).toEqual([]);
  });
});
