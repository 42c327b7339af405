/**
 * A kiosk on a bench: a real hub (fixture), the kiosk paired to it, a real device agent paired as
 * an agent bound to that kiosk, driving a virtual TCP printer and (with socat) a virtual serial
 * CCCD scanner through the real drivers — and the kiosk page in Chromium. Used by the kiosk's
 * end-to-end tests and by kiosk-app/bench/tap-to-print.ts.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { AgentConfig, DeviceAgent, socatAvailable, VirtualPrinter, VirtualScanner } from '@motcua/drivers';
import type { CentreSettings, Snapshot } from '@motcua/shared';
import { MONDAY_9AM, startFixture, type Fixture } from '@motcua/hub-server/test-fixture';
import { expectOk, send, type HubClient } from '@motcua/hub-server/test-client';

export const KIOSK_BUILD = join(import.meta.dirname, '..', '..', 'hub-server', 'public', 'kiosk', 'index.html');

export function assertKioskBuilt(): void {
  if (!existsSync(KIOSK_BUILD)) throw new Error('The kiosk app is not built: run `node scripts/build-web.mjs` first.');
}

export interface KioskRigOptions {
  /** Save printed tickets as PNG here. */
  printedDir?: string;
  /** Start the virtual serial scanner (needs socat). Default: when socat is installed. */
  scanner?: boolean;
  print?: { attempts: number; retryDelayMs: number; retryWithinMs?: number };
  /** A CCCD chip reader on the agent (PC/SC, e.g. the vpcd reader of `startVirtualChip`). */
  chip?: { reader: string; cscaDir: string | null };
  /** The hub's configuration (e.g. its id and the city it syncs with), as `startFixture` takes it. */
  hub?: Parameters<typeof startFixture>[0];
  /** The hub's test clock at start (default: the fixture's Monday 09:00). */
  startAt?: number;
}

export interface KioskRig {
  readonly f: Fixture;
  readonly manager: HubClient;
  readonly kiosk: { deviceId: string; token: string };
  readonly agentDeviceId: string;
  readonly printer: VirtualPrinter;
  readonly scanner: VirtualScanner | null;
  readonly agent: DeviceAgent;
  /** Stops the hub and starts a new one on the same port and data folder (tokens, tickets survive). */
  restartHub(between?: () => Promise<void>): Promise<void>;
  /** The hub's current state as a manager sees it (devices included). */
  snapshot(): Promise<Snapshot>;
  openKiosk(browser: Browser, viewport: { width: number; height: number }, query?: string): Promise<Page & { errors: string[] }>;
  close(): Promise<void>;
}

export async function until(cond: () => boolean | Promise<boolean>, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function startKioskRig(opts: KioskRigOptions = {}): Promise<KioskRig> {
  let f = await startFixture(opts.hub ?? {}, opts.startAt);
  const port = Number(new URL(f.hub.url).port);
  let manager = await f.manager();
  const kiosk = await f.kiosk();
  kiosk.socket.close();
  const { code } = expectOk(await send(manager, 'manager:createPairingCode', { kind: 'agent', boundDeviceId: kiosk.deviceId }));
  const pairing = await f.connect();
  const paired = expectOk(await send(pairing, 'device:pair', { code, name: 'Agent máy lấy số' }));
  pairing.close();

  const printer = new VirtualPrinter(opts.printedDir ? { outputDir: opts.printedDir } : {});
  await printer.listen();
  const scanner = (opts.scanner ?? socatAvailable()) ? await new VirtualScanner().start() : null;
  const config = AgentConfig.parse({
    hubUrl: f.hub.url,
    deviceToken: paired.token,
    printers: [{ name: 'printer', transport: { type: 'tcp', host: '127.0.0.1', port: printer.port }, widthDots: 576, statusPollMs: 500 }],
    scanners: scanner ? [{ name: 'scanner', transport: { type: 'serial', path: scanner.hostPath } }] : [],
    chipReaders: opts.chip ? [{ name: 'chip', reader: opts.chip.reader, cscaDir: opts.chip.cscaDir }] : [],
    print: opts.print ?? { attempts: 2, retryDelayMs: 200, retryWithinMs: 1000 },
    statusIntervalMs: 1000,
    logLevel: 'silent',
  });
  const agent = new DeviceAgent({ config });
  await agent.start();
  await until(() => agent.connected, 10_000, 'agent connected');
  const pages: Page[] = [];

  const rig: KioskRig = {
    get f() {
      return f;
    },
    get manager() {
      return manager;
    },
    kiosk: { deviceId: kiosk.deviceId, token: kiosk.token },
    agentDeviceId: paired.deviceId,
    printer,
    scanner,
    agent,
    async restartHub(between) {
      const old = f;
      for (const s of old.sockets) s.close();
      // Hub.close() waits for every HTTP connection to end; a client reconnecting at that very
      // moment can hold it open. Give it 3 s, then cut what is left (a real restart would too).
      const closing = old.hub.close();
      const cut = setTimeout(() => {
        console.warn('hub.close() still waiting after 3 s: closing its remaining connections');
        old.hub.http.server.closeAllConnections();
      }, 3000);
      await closing;
      clearTimeout(cut);
      await between?.();
      f = await startFixture({ ...opts.hub, port }, old.clock.t, old.dir);
      manager = await f.manager();
    },
    async snapshot() {
      return expectOk(await send(manager, 'state:snapshot', {}));
    },
    async openKiosk(browser, viewport, query = '') {
      const page = (await browser.newPage({ viewport })) as Page & { errors: string[] };
      page.errors = [];
      page.on('pageerror', (e) => page.errors.push(e.message));
      await page.addInitScript((token) => localStorage.setItem('motcua.kiosk.token', token), kiosk.token);
      await page.goto(`${f.hub.url}/kiosk/${query}`);
      await page.getByTestId('screen-home').waitFor({ timeout: 15_000 });
      pages.push(page);
      return page;
    },
    async close() {
      for (const p of pages) await p.close().catch(() => undefined);
      await agent.stop();
      await scanner?.close();
      await printer.close();
      await f.close();
    },
  };
  return rig;
}

/** A local (UTC+7) wall-clock time on the fixture's Monday, 2026-11-23. */
export const monday = (h: number, m = 0): number => MONDAY_9AM + ((h - 9) * 60 + m) * 60_000;

/**
 * Saves the centre's hours: a real ward's week (Monday–Friday 07:30–17:00 with lunch 11:30–13:00,
 * Saturday morning, closed Sunday; check-in from 60 minutes before a slot to 15 after, 10 minutes'
 * grace), or the demo's around the clock. Every screen resyncs.
 */
export async function saveOpeningHours(rig: Pick<KioskRig, 'manager'>, real: boolean): Promise<void> {
  const current = expectOk(await send(rig.manager, 'manager:config', {})).settings;
  const weekday = { open: '07:30', close: '17:00', lunch: { start: '11:30', end: '13:00' } };
  const always = { open: '00:00', close: '24:00', lunch: null };
  const s: CentreSettings = {
    ...current,
    openingHours: real ? [weekday, weekday, weekday, weekday, weekday, { open: '07:30', close: '11:30', lunch: null }, null] : Array.from({ length: 7 }, () => always),
    opening: { graceMin: 10, checkInEarlyMin: 60, checkInLateMin: 15 },
  };
  expectOk(await send(rig.manager, 'manager:saveSettings', s));
}
