/**
 * The waiting-room board in Chromium against a real hub: the current call flashes (number →
 * counter), recent calls and per-field waiting figures match the hub, filtered boards show only
 * their fields, and both TV orientations render (screenshots in test-artifacts/screenshots).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot } from '../support/browser';
import { LANDSCAPE, PORTRAIT, startBoardHarness, type BoardHarness } from './support';

let h: BoardHarness;
beforeAll(async () => {
  h = await startBoardHarness();
  await h.issue('s-chung-thuc', 7);
  await h.issue('s-ho-tich', 5);
  await h.issue('s-dat-dai', 4);
  await h.issue('s-kinh-doanh', 2);
  await h.issue('s-lao-dong', 3);
  await h.issue('s-tra-ket-qua', 3);
});
afterAll(async () => {
  await h?.close();
});

async function fieldFigures(page: Page): Promise<Record<string, number>> {
  return page.$$eval('[data-testid="field-loads"] [data-field-id]', (els) => Object.fromEntries(els.map((e) => [e.getAttribute('data-field-id') ?? '', Number(e.getAttribute('data-waiting'))])));
}

describe('display board', () => {
  it('shows a call as it is made, flashing, then lists it among recent calls', async () => {
    const page = await h.openBoard('?sound=0');
    await expect.poll(() => page.getAttribute('[data-testid="now-calling"]', 'data-number')).toBe('');
    await page.getByText('Vui lòng chờ đến lượt').first().waitFor();

    const t1 = await h.callNext('c1');
    const now = page.locator('[data-testid="now-calling"]');
    await expect.poll(() => now.getAttribute('data-number')).toBe(t1.number);
    expect(await now.getAttribute('data-counter')).toBe('1');
    expect(await now.getAttribute('data-flashing')).toBe('true');
    expect(await now.evaluate((el) => getComputedStyle(el).animationName)).toBe('flash');
    expect(await now.locator('.now-number').innerText()).toBe(t1.number);

    h.f.clock.advance(30_000);
    const t2 = await h.callNext('c2');
    await expect.poll(() => now.getAttribute('data-number')).toBe(t2.number);
    expect(await now.getAttribute('data-counter')).toBe('2');
    const recent = page.locator('[data-testid="recent-calls"] li[data-number]');
    await expect.poll(() => recent.first().getAttribute('data-number')).toBe(t1.number);
    expect(await recent.first().getAttribute('data-counter')).toBe('1');
    await page.close();
  });

  it('shows waiting counts per field as the hub computes them', async () => {
    const page = await h.openBoard('?sound=0');
    const snap = h.f.hub.snapshot('public');
    const expected: Record<string, number> = {};
    for (const sv of snap.services) expected[sv.fieldId] = (expected[sv.fieldId] ?? 0) + (snap.loads.find((l) => l.serviceId === sv.id)?.waiting ?? 0);
    await expect.poll(() => fieldFigures(page)).toEqual(expected);
    expect(Object.keys(expected)).toHaveLength(6);

    await h.issue('s-ho-tich', 2);
    // Loads are pushed by the hub every 2 s when they change.
    await expect.poll(async () => (await fieldFigures(page))['f-ho-tich'], { timeout: 6_000 }).toBe((expected['f-ho-tich'] ?? 0) + 2);
    // The clock and date are the centre's (Asia/Ho_Chi_Minh): the fixture hub starts at 09:00 on Monday 23/11/2026.
    expect(await page.locator('[data-testid="clock"]').innerText()).toMatch(/09:0\d[\s\S]*Thứ Hai, 23\/11\/2026[\s\S]*Monday, 23 November 2026/);
    await page.close();
  });

  it('a board filtered to a field shows only that field and its calls', async () => {
    const page = await h.openBoard('?sound=0&fields=f-ho-tich&title=Khu%20B%20%E2%80%93%20H%E1%BB%99%20t%E1%BB%8Bch');
    expect(Object.keys(await fieldFigures(page))).toEqual(['f-ho-tich']);
    await expect.poll(() => page.locator('.hdr-title').innerText()).toBe('Khu B – Hộ tịch');
    const now = page.locator('[data-testid="now-calling"]');
    h.f.clock.advance(10_000);
    const other = await h.callNext('c3'); // đất đai or kinh doanh: not for this board
    expect(other.serviceId).not.toBe('s-ho-tich');
    // Counter 2 serves hộ tịch first but may take chứng thực when that queue is older: call until hộ tịch.
    let mine = other;
    for (let i = 0; i < 12 && mine.serviceId !== 's-ho-tich'; i++) {
      h.f.clock.advance(10_000);
      mine = await h.callNext('c2');
    }
    expect(mine.serviceId).toBe('s-ho-tich');
    await expect.poll(() => now.getAttribute('data-number')).toBe(mine.number);
    const listed = await page.$$eval('[data-testid="recent-calls"] li[data-number]', (els) => els.map((e) => e.getAttribute('data-number')));
    expect(listed).not.toContain(other.number);
    const hoTich = new Set(h.f.hub.snapshot('public').recentCalls.filter((c) => c.serviceId === 's-ho-tich').map((c) => c.number));
    for (const n of listed) expect(hoTich.has(n ?? ''), `${n} is a hộ tịch call`).toBe(true);
    await page.close();
  });

  it('renders for 1920×1080 and 1080×1920 TVs', async () => {
    // A busy morning: every counter open, several calls made.
    for (const c of ['c3', 'c4', 'c5', 'c2', 'c1', 'c4', 'c5', 'c3']) {
      h.f.clock.advance(25_000);
      await h.callNext(c);
    }
    h.f.clock.advance(20_000);
    const last = await h.callNext('c1');
    for (const [name, viewport] of [
      ['display-1920x1080', LANDSCAPE],
      ['display-1080x1920', PORTRAIT],
    ] as const) {
      const page = await h.openBoard('?sound=0', viewport);
      const now = page.locator('[data-testid="now-calling"]');
      await expect.poll(() => now.getAttribute('data-number')).toBe(last.number);
      await page.evaluate(() => document.fonts.ready.then(() => undefined));
      expect(await page.locator('[data-testid="recent-calls"] li[data-number]').count()).toBe(8);
      // Freeze the flash and the ticker at a known moment, so screenshots compare run to run.
      await page.evaluate(() =>
        document.getAnimations().forEach((a) => {
          a.pause();
          a.currentTime = 0;
        }),
      );
      await screenshot(page, name);
      // Nothing spills out of the screen.
      const overflow = await page.evaluate(() => {
        const out: string[] = [];
        for (const el of Array.from(document.querySelectorAll<HTMLElement>('.hdr, .now, .recent, .field, .recent-item'))) {
          const r = el.getBoundingClientRect();
          if (r.right > innerWidth + 1 || r.bottom > innerHeight + 1 || el.scrollWidth > el.clientWidth + 1) out.push(el.className);
        }
        return out;
      });
      expect(overflow).toEqual([]);
      await page.close();
    }
  });
});
