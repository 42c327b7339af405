/** Helpers for the counter app's Chromium flows against a real hub fixture. */
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import type { CitizenInput, IssuedTicket } from '@motcua/shared';
import type { Fixture } from '@motcua/hub-server/test-fixture';
import { CALL_REPEAT_GUARD_MS } from '@motcua/counter-app/shortcuts';
import { expectOk, send, type HubClient } from '@motcua/hub-server/test-client';

/** Issues a ticket from a kiosk socket (no printing). */
export async function issue(kiosk: HubClient, serviceId: string, citizen?: CitizenInput): Promise<IssuedTicket> {
  return expectOk(await send(kiosk, 'ticket:issue', { serviceId, requestId: randomUUID(), print: false, ...(citizen ? { citizen } : {}) }));
}

/** Signs a clerk in through the UI and waits for the clerk screen. */
export async function signIn(page: Page, f: Fixture, username: string, pin: string, counterId: string): Promise<void> {
  await page.goto(`${f.hub.url}/counter/`);
  await page.locator('select[name=counter] option').first().waitFor({ state: 'attached', timeout: 15_000 });
  await page.fill('input[name=username]', username);
  await page.fill('input[name=pin]', pin);
  await page.selectOption('select[name=counter]', counterId);
  await page.click('button[type=submit]');
  await page.getByTestId('counter-status').waitFor({ timeout: 15_000 });
}

/** Polls until `fn` returns a truthy value (server state after a UI action). */
export async function until<T>(fn: () => T | null | undefined | false, what: string, timeoutMs = 8000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The ticket currently called or served at a counter, from the hub database. */
export function currentAt(f: Fixture, counterId: string) {
  return f.hub.tickets.activeAtCounter(counterId)[0] ?? null;
}

/** Presses a key with the page focused on the body (as a clerk would, not in a field). */
export async function press(page: Page, key: string): Promise<void> {
  await page.keyboard.press(key);
}

export async function expectCurrentNumber(page: Page, number: string): Promise<void> {
  await page.getByTestId('current-number').filter({ hasText: number }).waitFor({ timeout: 8000 });
  expect(await page.getByTestId('current-number').textContent()).toBe(number);
}

/** Waits until no action is in flight (buttons are disabled while a command awaits its ack). */
export async function idle(page: Page): Promise<void> {
  await page.waitForFunction(() => !document.querySelector('.action .label')?.textContent?.includes('…'), undefined, { timeout: 8000 });
}

const lastCall = new WeakMap<Page, number>();

/**
 * Presses "call next" as a clerk would between citizens: never within the screen's double-press
 * guard after the previous call on this page (that press would be ignored on purpose).
 */
export async function callNext(page: Page, key = 'F1'): Promise<void> {
  const wait = (lastCall.get(page) ?? 0) + CALL_REPEAT_GUARD_MS + 50 - Date.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  await idle(page);
  await page.keyboard.press(key);
  lastCall.set(page, Date.now());
}
