/**
 * A board that loses the hub: it says so at once, stops presenting any call as current, and once
 * the network (or the hub) is back it resynchronises by itself within 10 s — including calls
 * made while it was away — and never brings back a call that is over.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createLogger, startHub, type Hub } from '@motcua/hub-server';
import { expectOk, send } from '@motcua/hub-server/test-client';
import { screenshot } from '../support/browser';
import { announcements, startBoardHarness, type BoardHarness } from './support';

let h: BoardHarness;
let restarted: Hub | null = null;
beforeAll(async () => {
  h = await startBoardHarness();
  await h.issue('s-chung-thuc', 8);
  await h.issue('s-ho-tich', 6);
});
afterAll(async () => {
  await restarted?.close();
  await h?.close();
});

const nowCalling = (page: Page) => page.getAttribute('[data-testid="now-calling"]', 'data-number');
const banner = (page: Page) => page.locator('[data-testid="reconnecting"]');
const live = (page: Page) => page.getAttribute('[data-testid="board"]', 'data-live');

/** Polls until `check` holds; returns how long it took. */
async function within(ms: number, check: () => Promise<boolean>): Promise<number> {
  const start = Date.now();
  for (;;) {
    if (await check()) return Date.now() - start;
    if (Date.now() - start > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('reconnect', () => {
  it('after a network drop: banner at once, no stale call, resynchronised within 10 s with the calls it missed', async () => {
    const page = await h.openBoard();
    const before = await h.callNext('c1');
    await expect.poll(() => nowCalling(page)).toBe(before.number);

    await page.context().setOffline(true);
    await within(3_000, async () => (await banner(page).count()) === 1 && (await nowCalling(page)) === '');
    expect(await live(page)).toBe('false');
    await screenshot(page, 'display-reconnecting');

    // While the board is away: the citizen of the first call arrives, another is called.
    const clerk = await h.clerk('c1');
    expectOk(await send(clerk, 'ticket:start', { ticketId: before.id }));
    h.f.clock.advance(5_000);
    const missed = await h.callNext('c2');
    await page.waitForTimeout(1_000);
    expect(await nowCalling(page)).toBe('');

    await page.context().setOffline(false);
    const took = await within(10_000, async () => (await nowCalling(page)) === missed.number && (await banner(page).count()) === 0);
    expect(took).toBeLessThan(10_000);
    // The call it missed is announced (it is only seconds old); the one that is over is not shown as current.
    await expect.poll(async () => (await announcements(page)).map((a) => a.number)).toContain(missed.number);
    const listed = await page.$$eval('[data-testid="recent-calls"] li[data-number]', (els) => els.map((e) => [e.getAttribute('data-number'), e.classList.contains('recent-item--active')]));
    expect(listed).toContainEqual([before.number, false]);
    await page.close();
  });

  it('after the hub closes its sockets, the board reconnects by itself', async () => {
    const page = await h.openBoard('?sound=0');
    for (const s of await h.f.hub.io.fetchSockets()) if (s.data.role === 'public') s.disconnect(true);
    await within(3_000, async () => (await banner(page).count()) === 1);
    h.f.clock.advance(5_000);
    const t = await h.callNext('c2');
    const took = await within(10_000, async () => (await nowCalling(page)) === t.number && (await live(page)) === 'true');
    expect(took).toBeLessThan(10_000);
    await page.close();
  });

  it('after the hub restarts, the board is back within 10 s of the hub', async () => {
    const page = await h.openBoard('?sound=0');
    const url = new URL(h.f.hub.url);
    await h.f.hub.close();
    h.forgetClerks();
    await within(5_000, async () => (await banner(page).count()) === 1 && (await nowCalling(page)) === '');
    await page.waitForTimeout(4_000);
    restarted = await startHub({ config: { host: '127.0.0.1', port: Number(url.port), dataDir: h.f.dir }, clock: h.f.clock, logger: createLogger('silent') });
    const hubBack = Date.now();
    h.f.clock.advance(5_000);
    const t = await h.callNext('c1');
    await within(10_000 - (Date.now() - hubBack), async () => (await nowCalling(page)) === t.number && (await banner(page).count()) === 0);
    await page.close();
  });

  it('drops a call from "now calling" once it is old, even with nothing else happening', async () => {
    const page = await h.openBoard('?sound=0&stale=15');
    h.f.clock.advance(5_000);
    const t = await h.callNext('c2');
    await expect.poll(() => nowCalling(page)).toBe(t.number);
    await within(20_000, async () => (await nowCalling(page)) === '');
    // Still listed among recent calls.
    expect(await page.$$eval('[data-testid="recent-calls"] li[data-number]', (els) => els.map((e) => e.getAttribute('data-number')))).toContain(t.number);
    await page.close();
  });
});
