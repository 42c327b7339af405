/**
 * The counter's hardware through the device agent, end to end: virtual call keypad, LED digit
 * display and rating pad on PTYs (socat), the real drivers and DeviceAgent, a real hub, and the
 * clerk's screen in Chromium. A key press is a command as this counter; every call lights the
 * counter's LED; a finished visit lights the rating pad and its answer is stored with the ticket.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { AgentConfig, DeviceAgent, startVirtualDevices, type VirtualDevices } from '@motcua/drivers';
import { startFixture, type Fixture } from '@motcua/hub-server/test-fixture';
import { expectOk, send, type HubClient } from '@motcua/hub-server/test-client';
import { pairAgent } from '@motcua/counter-app/electron-pairing';
import { ARTIFACTS, launchBrowser, screenshot } from '../support/browser';
import { currentAt, expectCurrentNumber, issue, signIn, until } from './support';

let f: Fixture;
let browser: Browser;
let page: Page;
let virtual: VirtualDevices;
let agent: DeviceAgent;
let kiosk: HubClient;

beforeAll(async () => {
  f = await startFixture();
  virtual = await startVirtualDevices({ serial: true, ledCounters: { 1: 1, 2: 2 } });
  const m = await f.manager();
  const { code } = expectOk(await send(m, 'manager:createPairingCode', { kind: 'agent', counterId: 'c1' }));
  const paired = expectOk(await pairAgent(f.hub.url, code, 'Quầy 1 — máy cán bộ'));
  const { printers: _p, scanners: _s, ...counterDevices } = virtual.devicesConfig;
  agent = new DeviceAgent({ config: AgentConfig.parse({ hubUrl: f.hub.url, deviceToken: paired.token, ...counterDevices, logLevel: 'silent' }) });
  await agent.start();
  await until(() => agent.connected && agent.peripherals().every((p) => p.health === 'ready') && agent.peripherals().length === 3, 'agent connected with keypad, rating pad and LED ready', 15_000);
  kiosk = (await f.kiosk()).socket;
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  await signIn(page, f, 'canbo1', '1111', 'c1');
  await until(() => f.hub.counters.byId('c1')?.status === 'open', 'c1 open');
});

afterAll(async () => {
  await browser?.close();
  await agent?.stop();
  await virtual?.close();
  await f?.close();
});

describe('counter hardware through the agent', () => {
  it('calls the next citizen from the keypad; the screen and the LED show the number', async () => {
    await issue(kiosk, 's-chung-thuc');
    await issue(kiosk, 's-chung-thuc');
    await virtual.keypad!.press('call_next');
    const t = await until(() => currentAt(f, 'c1'), 'keypad call at c1');
    await expectCurrentNumber(page, t.number);
    await until(() => virtual.led!.digits.get(1) === Number(t.number), `LED of counter 1 shows ${t.number}`);
    expect(virtual.led!.digits.get(2) ?? null).toBeNull(); // only this counter's display changes
    await screenshot(page, 'counter-21-keypad-call');
    const dir = join(ARTIFACTS, 'screenshots');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'counter-22-led.png'), virtual.led!.renderPng());
    expect(virtual.keypad!.acks).toContain(1); // the keypad beeped for call_next
  });

  it('recalls and starts from the keypad', async () => {
    const t = currentAt(f, 'c1')!;
    await virtual.keypad!.press('recall');
    await until(() => f.hub.tickets.byId(t.id)?.recallCount === 1, 'recall from keypad');
    await virtual.keypad!.press('start');
    await until(() => f.hub.tickets.byId(t.id)?.state === 'serving', 'start from keypad');
    await page.locator('.current.serving').waitFor();
  });

  it('finishes from the keypad; the rating pad asks and its answer is stored with the ticket', async () => {
    const t = currentAt(f, 'c1')!;
    const prompted = virtual.ratingPad!.waitForPrompt(8000);
    await virtual.keypad!.press('finish');
    await until(() => f.hub.tickets.byId(t.id)?.state === 'done', 'finish from keypad');
    await prompted;
    expect(virtual.ratingPad!.prompt).toMatchObject({ scale: 4, timeoutSec: 30, ticket: t.number });
    await page.getByTestId('rating-status').filter({ hasText: t.number }).waitFor();
    await virtual.ratingPad!.rate(4);
    await until(() => f.hub.tickets.byId(t.id)?.rating === 4, 'rating from the pad stored');
    await page.getByTestId('rating-status').filter({ hasText: 'Đã nhận đánh giá' }).waitFor();
    await page.getByTestId('today').filter({ hasText: '4,0/4' }).waitFor();
    await screenshot(page, 'counter-23-pad-rating');
  });

  it('marks a no-show, pauses and resumes from the keypad', async () => {
    await virtual.keypad!.press('call_next');
    const t = await until(() => currentAt(f, 'c1'), 'second keypad call');
    await until(() => virtual.led!.digits.get(1) === Number(t.number), 'LED follows the new call');
    await virtual.keypad!.press('no_show');
    await until(() => f.hub.tickets.byId(t.id)?.state === 'no_show', 'no-show from keypad');
    await page.getByTestId('current').filter({ hasText: 'Chưa có công dân' }).waitFor();
    await virtual.keypad!.press('pause');
    await until(() => f.hub.counters.byId('c1')?.status === 'paused', 'paused from keypad');
    await page.getByTestId('paused-banner').waitFor();
    await virtual.keypad!.press('resume');
    await until(() => f.hub.counters.byId('c1')?.status === 'open', 'resumed from keypad');
    await page.getByTestId('counter-status').filter({ hasText: 'Đang mở' }).waitFor();
  });
});
