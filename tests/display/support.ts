/**
 * A real hub (demo ward, injected clock) and Chromium showing /display, with helpers to issue
 * tickets as a kiosk and call them as clerks.
 */
import type { Browser, Page } from 'playwright-core';
import type { Ticket } from '@motcua/shared';
import { expectOk, send, type HubClient } from '@motcua/hub-server/test-client';
import { startFixture, type Fixture } from '@motcua/hub-server/test-fixture';
import { launchBrowser } from '../support/browser';

export interface BoardHarness {
  f: Fixture;
  browser: Browser;
  kiosk: HubClient;
  openBoard(query?: string, viewport?: { width: number; height: number }): Promise<Page>;
  issue(serviceId: string, count?: number): Promise<void>;
  clerk(counterId: string): Promise<HubClient>;
  callNext(counterId: string): Promise<Ticket>;
  /** Drops the cached clerk sessions (after the hub restarted). */
  forgetClerks(): void;
  close(): Promise<void>;
}

export const LANDSCAPE = { width: 1920, height: 1080 };
export const PORTRAIT = { width: 1080, height: 1920 };

let requestSeq = 0;

/** The board of the hub at `hubUrl` in a new page, once it shows live figures. */
export async function openBoardPage(browser: Browser, hubUrl: string, query = '', viewport = LANDSCAPE): Promise<Page> {
  const page = await browser.newPage({ viewport });
  await page.goto(`${hubUrl}/display/${query}`);
  await page.locator('[data-testid="board"][data-live="true"]').waitFor({ timeout: 15_000 });
  return page;
}

export async function startBoardHarness(): Promise<BoardHarness> {
  const f = await startFixture();
  const browser = await launchBrowser();
  const { socket: kiosk } = await f.kiosk();
  const clerks = new Map<string, HubClient>();
  const pages: Page[] = [];
  const h: BoardHarness = {
    f,
    browser,
    kiosk,
    async openBoard(query = '', viewport = LANDSCAPE) {
      const page = await openBoardPage(browser, f.hub.url, query, viewport);
      pages.push(page);
      return page;
    },
    async issue(serviceId, count = 1) {
      for (let i = 0; i < count; i++) {
        expectOk(await send(kiosk, 'ticket:issue', { serviceId, channel: 'kiosk', requestId: `board-test-${++requestSeq}-${Date.now()}`, print: false }));
      }
    },
    async clerk(counterId) {
      let c = clerks.get(counterId);
      if (!c) {
        const n = Number(counterId.replace(/\D/g, ''));
        c = await f.clerk(n, counterId);
        const opened = await send(c, 'counter:open', { counterId });
        // Already open (a hub restart keeps counters open) is fine.
        if (!opened.ok && opened.error.code !== 'invalid_state') expectOk(opened);
        clerks.set(counterId, c);
      }
      return c;
    },
    async callNext(counterId) {
      const c = await h.clerk(counterId);
      return expectOk(await send(c, 'counter:callNext', { counterId }));
    },
    forgetClerks() {
      for (const c of clerks.values()) c.close();
      clerks.clear();
    },
    async close() {
      for (const p of pages) await p.close().catch(() => undefined);
      await browser.close();
      await f.close();
    },
  };
  return h;
}

export interface AnnouncementView {
  key: string;
  number: string;
  counterNumber: number;
  recall: boolean;
  status: string;
  error?: string | null;
  startedAt: number | null;
  endedAt: number | null;
  steps: { kind: string; url?: string; urls?: string[]; text?: string }[];
  played: { step: { kind: string }; via: string; error?: string }[];
}

/** The board's announcement log (window.__motcuaBoard). */
export function announcements(page: Page): Promise<AnnouncementView[]> {
  return page.evaluate(() => {
    const board = (window as unknown as { __motcuaBoard?: { announcements(): unknown[] } }).__motcuaBoard;
    return JSON.parse(JSON.stringify(board?.announcements() ?? [])) as AnnouncementView[];
  });
}
