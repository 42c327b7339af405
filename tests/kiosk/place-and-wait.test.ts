/**
 * One place-and-wait model on every surface (issue 13), in Chromium against a real hub and agent:
 * the kiosk's confirm screen and screen ticket, the print job (and the QR decoded from the printed
 * paper), the status page on a phone, the kiosk's home tile and the display's tile all say the same
 * figures for the same ticket at the same moment (the fixture's clock stands still), worded by the
 * one formatter. A priority ticket's figures are its own. The status page alerts the citizen (sound
 * and vibration) at ≤ 3 people ahead, then when called.
 * Deliberate breaks seen failing: the print job worded from the stored issue-time median
 * (`Math.round(predictedWaitMin)` minutes) instead of the model fails the first test; the confirm
 * screen using the line's figures for an elderly citizen (`load.next` instead of `load.priority`)
 * fails the second; dropping `signal('near')` fails the third.
 * Screenshots: test-artifacts/screenshots/waits-*.png (kiosk portrait and landscape, TV, phone).
 */
import { join } from 'node:path';
import jsQR from 'jsqr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { bitmapToRgba } from '@motcua/drivers';
import { formatAhead, formatWait, spanOf, type PrintJob } from '@motcua/shared';
import { expectOk, send, type HubClient } from '@motcua/hub-server/test-client';
import { ARTIFACTS, launchBrowser, screenshot } from '../support/browser';
import { assertKioskBuilt, startKioskRig, until, type KioskRig } from './rig';

const PORTRAIT = { width: 1080, height: 1920 };
const LANDSCAPE = { width: 1920, height: 1080 };
const TV = { width: 1920, height: 1080 };
const PHONE = { width: 390, height: 844 };

let rig: KioskRig;
let browser: Browser;
let clerk: HubClient;
const jobs: PrintJob[] = [];
let seq = 0;

/** Records the print jobs the hub sends to the kiosk's agent (the job's data, as the printer renders it). */
function watchPrintJobs(): void {
  const publisher = rig.f.hub.publisher;
  const push = publisher.pushToDevice.bind(publisher);
  publisher.pushToDevice = ((deviceId: string, event: string, ...args: unknown[]) => {
    if (event === 'print:job') jobs.push(args[0] as PrintJob);
    (push as (d: string, e: string, ...a: unknown[]) => void)(deviceId, event, ...args);
  });
}

async function seed(serviceId: string, n: number): Promise<void> {
  for (let i = 0; i < n; i++) expectOk(await send(rig.manager, 'ticket:issue', { serviceId, channel: 'kiosk', requestId: `waits-seed-${++seq}-${Date.now()}`, print: false }));
}

async function text(p: Page, testId: string): Promise<string> {
  return ((await p.getByTestId(testId).textContent()) ?? '').trim();
}

async function toConfirm(p: Page, field: string, procedure: string): Promise<void> {
  await p.reload();
  await p.getByTestId('screen-home').waitFor({ timeout: 15_000 });
  await p.getByTestId(`field-${field}`).click();
  await p.getByTestId(`procedure-${procedure}`).click();
  await p.getByTestId('screen-confirm').waitFor();
}

beforeAll(async () => {
  assertKioskBuilt();
  rig = await startKioskRig({ printedDir: join(ARTIFACTS, 'printed-waits') });
  browser = await launchBrowser();
  watchPrintJobs();
  // Civil status (Hộ tịch): counter 2 open and busy, six citizens waiting.
  clerk = await rig.f.clerk(2, 'c2');
  expectOk(await send(clerk, 'counter:open', { counterId: 'c2' }));
  await seed('s-ho-tich', 7);
  expectOk(await send(clerk, 'counter:callNext', { counterId: 'c2' }));
});

afterAll(async () => {
  clerk?.close();
  await browser?.close();
  await rig?.close();
});

describe('one place-and-wait model on every surface', () => {
  it('the confirm screen, the screen ticket, the print job, the printed QR and the status page say the same figures', async () => {
    const page = await rig.openKiosk(browser, PORTRAIT);
    await screenshot(page, 'waits-kiosk-home-portrait');
    // The home tile: the span of what a new ticket of the field's services is told now.
    const snap = await rig.snapshot();
    const htServices = new Set(snap.services.filter((s) => s.fieldId === 'f-ho-tich').map((s) => s.id));
    const span = spanOf(snap.loads.filter((l) => htServices.has(l.serviceId)).map((l) => l.next));
    expect(span).not.toBeNull();
    expect(await text(page, 'field-wait-HT')).toBe(`${formatWait(span!.wait, 'vi')} · ${formatAhead(span!)} người chờ trước`);

    await toConfirm(page, 'HT', '1.001193');
    // Six waiting for one counter: past the target, said with the apology and the booking offer.
    await page.getByTestId('long-wait').waitFor();
    const confirm = (await page.getByTestId('long-wait').locator('.notice-title').textContent()) ?? '';
    await screenshot(page, 'waits-kiosk-confirm-portrait');
    const printed = rig.printer.nextTicket(15_000);
    const before = jobs.length;
    await page.getByTestId('take-ticket').click();
    await page.getByTestId('screen-ticket').waitFor({ timeout: 15_000 });
    const number = await text(page, 'ticket-number');
    const ahead = await text(page, 'people-ahead');
    const wait = await text(page, 'estimated-wait');
    const qrUrl = (await page.getByTestId('ticket-qr').getAttribute('data-url')) ?? '';
    await page.getByTestId('print-status').waitFor();
    await screenshot(page, 'waits-kiosk-ticket-portrait');

    // Six waiting for civil status before this one, one counter: a range, never "0 phút".
    expect(Number(ahead)).toBe(6);
    expect(wait).toMatch(/^(\d+–\d+ phút|dưới \d+ phút|hơn \d+ phút)$/);
    expect(wait).not.toMatch(/(^|\D)0 phút/);
    // The confirm screen said what the ticket then said (issue 13: "3 người chờ" then "12 … trước bạn").
    expect(confirm).toBe(`${ahead} người được gọi trước Ông/Bà, chờ dự kiến: ${wait}, lâu hơn mức 20 phút mà trung tâm cam kết.`);
    await page.getByTestId('long-wait-sorry').waitFor();

    // The print job: the same figures, worded by the same formatter; the paper's QR is the screen's.
    await until(() => jobs.length > before, 10_000, 'print job');
    const job = jobs.at(-1)!;
    expect(job.ticket.number).toBe(number);
    expect(String(job.ticket.peopleAhead)).toBe(ahead);
    expect(job.ticket.wait.vi).toBe(wait);
    const paper = await printed;
    const img = paper.image!;
    expect(jsQR(bitmapToRgba(img), img.width, img.height)?.data).toBe(qrUrl);
    expect(job.ticket.statusUrl).toBe(qrUrl);

    // The status page the QR opens, at the same moment.
    const phone = await browser.newPage({ viewport: PHONE });
    await phone.goto(qrUrl);
    await phone.getByTestId('status-number').waitFor({ timeout: 15_000 });
    expect(await text(phone, 'status-number')).toBe(number);
    expect(await text(phone, 'status-ahead')).toBe(ahead);
    expect(await text(phone, 'status-wait')).toBe(wait);
    await screenshot(phone, 'waits-status-phone');
    await phone.close();

    // Landscape kiosk and the TV board show the same model.
    const wide = await rig.openKiosk(browser, LANDSCAPE);
    await screenshot(wide, 'waits-kiosk-home-landscape');
    await toConfirm(wide, 'HT', '1.001193');
    await screenshot(wide, 'waits-kiosk-confirm-landscape');
    await wide.close();
    const board = await browser.newPage({ viewport: TV });
    await board.goto(`${rig.f.hub.url}/display/`);
    await board.locator('[data-testid="board"][data-live="true"]').waitFor({ timeout: 15_000 });
    const now = await rig.snapshot();
    const tile = spanOf(now.loads.filter((l) => htServices.has(l.serviceId)).map((l) => l.next))!;
    await until(async () => (await board.locator('[data-field-id="f-ho-tich"]').getAttribute('data-wait')) === formatWait(tile.wait, 'vi'), 10_000, 'the board’s civil-status tile');
    await screenshot(board, 'waits-display-tv');
    await board.close();
    await page.close();
  });

  it('a priority ticket’s figures are its own: an elderly citizen at the front is not offered another time', async () => {
    // A long line for civil status: a walk-in is told it waits past the target and offered a booking…
    await seed('s-ho-tich', 12);
    const page = await rig.openKiosk(browser, PORTRAIT);
    await toConfirm(page, 'HT', '1.001193');
    await page.getByTestId('long-wait').waitFor();
    expect(await text(page, 'long-wait')).toContain('lâu hơn mức 20 phút');
    await screenshot(page, 'waits-kiosk-long-line');
    // …an elderly citizen goes before the line: nobody ahead, no apology, no "Hẹn giờ khác".
    await page.getByTestId('priority-ask').click();
    await page.getByTestId('priority-elderly').click();
    await page.getByTestId('wait-now').waitFor();
    expect(await page.getByTestId('long-wait').count()).toBe(0);
    expect(await page.getByTestId('book-later').count()).toBe(0);
    const own = (await rig.snapshot()).loads.find((l) => l.serviceId === 's-ho-tich')!.priority;
    expect(own.peopleAhead).toBe(0);
    expect(own.long).toBe(false);
    expect(await text(page, 'wait-now')).toBe(own.wait.kind === 'soon' ? 'Hiện không có ai đang chờ trước Ông/Bà.' : `0 người được gọi trước Ông/Bà, chờ dự kiến: ${formatWait(own.wait, 'vi')}.`);
    await screenshot(page, 'waits-kiosk-elderly');
    await page.getByTestId('take-ticket').click();
    await page.getByTestId('screen-ticket').waitFor({ timeout: 15_000 });
    expect(await text(page, 'people-ahead')).toBe('0');
    expect(await page.getByTestId('long-wait-sorry').count()).toBe(0);
    await page.close();
  });

  it('the status page vibrates and sounds once at ≤ 3 people ahead, then again when called', async () => {
    // Land (Đất đai), served by counter 3 (and 4, closed): six citizens before this one.
    await seed('s-dat-dai', 6);
    const page = await rig.openKiosk(browser, PORTRAIT);
    await toConfirm(page, 'DD', '1.004227');
    await page.getByTestId('take-ticket').click();
    await page.getByTestId('screen-ticket').waitFor({ timeout: 15_000 });
    const number = await text(page, 'ticket-number');
    const url = (await page.getByTestId('ticket-qr').getAttribute('data-url')) ?? '';
    await page.close();
    const c3 = await rig.f.clerk(3, 'c3');
    expectOk(await send(c3, 'counter:open', { counterId: 'c3' }));
    const phone = await browser.newPage({ viewport: PHONE });
    await phone.addInitScript(() => {
      const w = window as Window & { vibrations?: number[][] };
      w.vibrations = [];
      Object.defineProperty(navigator, 'vibrate', { configurable: true, value: (p: number | number[]) => (w.vibrations!.push(Array.isArray(p) ? p : [p]), true) });
    });
    await phone.goto(url);
    await phone.getByTestId('status-number').waitFor({ timeout: 15_000 });
    await screenshot(phone, 'waits-status-far-phone');
    const vibrations = (): Promise<number[][]> => phone.evaluate(() => (window as Window & { vibrations?: number[][] }).vibrations ?? []);
    expect(Number(await text(phone, 'status-ahead'))).toBe(6);
    expect(await vibrations()).toEqual([]);
    expect(await phone.getByTestId('status-near').count()).toBe(0);
    // Counter 3 calls until this ticket is at most 3 from the front.
    for (let i = 0; i < 60 && Number(await text(phone, 'status-ahead')) > 3; i++) {
      expectOk(await send(c3, 'counter:callNext', { counterId: 'c3' }));
      await new Promise((r) => setTimeout(r, 300));
    }
    await phone.getByTestId('status-near').waitFor({ timeout: 10_000 });
    await until(async () => (await vibrations()).length === 1, 5_000, 'one vibration when near');
    expect(await vibrations()).toEqual([[200, 100, 200]]);
    await screenshot(phone, 'waits-status-near-phone');
    // Called: a second, longer alert (and no repeat of the first on later updates).
    for (let i = 0; i < 20; i++) {
      const r = expectOk(await send(c3, 'counter:callNext', { counterId: 'c3' }));
      if (r.number === number) break;
    }
    await until(async () => (await vibrations()).length === 2, 10_000, 'vibration when called');
    expect((await vibrations())[1]).toEqual([400, 150, 400, 150, 400]);
    expect(await text(phone, 'status-state')).toBe('Mời Ông/Bà đến Quầy 3');
    await screenshot(phone, 'waits-status-called-phone');
    await phone.close();
    c3.close();
  });
});
