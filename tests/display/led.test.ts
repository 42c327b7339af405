/**
 * LED boards driven from the same calls as the TV board: the display shell starts the drivers'
 * device agent (a virtual RS-485 LED bus on a socat PTY), the hub pushes `led:show` on every
 * call and recall, and the counter's digit display and the main text board show what the TV
 * board shows.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDevices, socatAvailable, startAgent, type DeviceAgent, type DeviceSet, type VirtualLedBoard } from '@motcua/drivers';
import { expectOk, send } from '@motcua/hub-server/test-client';
import { startDisplayShell } from '@motcua/display-board/electron-shell';
import { ARTIFACTS } from '../support/browser';
import { fakeElectron, silentLog } from './shell-fakes';
import { startBoardHarness, type BoardHarness } from './support';

let h: BoardHarness;
let devices: DeviceSet | null = null;
let agent: DeviceAgent | null = null;
let led: VirtualLedBoard;

beforeAll(async () => {
  if (!socatAvailable()) throw new Error('socat is needed for the virtual LED bus: apt-get install -y socat');
  h = await startBoardHarness();
  await h.issue('s-chung-thuc', 3);
  await h.issue('s-ho-tich', 2);
  const manager = await h.f.manager();
  const { code } = expectOk(await send(manager, 'manager:createPairingCode', { kind: 'agent' }));
  const pairing = await h.f.connect();
  const { token } = expectOk(await send(pairing, 'device:pair', { code, name: 'Bảng LED sảnh chính' }));
  const config = {
    hubUrl: h.f.hub.url,
    board: { sound: 0 },
    agent: { deviceToken: token, leds: [{ name: 'led', transport: { type: 'virtual' }, protocol: 'addressed', counters: { '1': 11, '2': 12 }, mainBoardAddress: 100 }], logLevel: 'silent' },
  };
  const fake = fakeElectron();
  await startDisplayShell({
    electron: fake.electron,
    env: {},
    preloadPath: '/app/preload.cjs',
    readFile: () => JSON.stringify(config),
    // The drivers' real agent, with the devices built here so the test can read the virtual bus.
    startAgent: async (opts) => {
      devices = await createDevices(opts.config);
      agent = await startAgent({ config: opts.config, devices });
      return agent;
    },
    log: silentLog,
    probe: () => Promise.resolve(true),
  });
  const bus = devices?.virtual.leds.get('led');
  if (!bus) throw new Error('the agent did not start the virtual LED bus');
  led = bus;
  for (let i = 0; i < 100 && !agent?.connected; i++) await new Promise((r) => setTimeout(r, 100));
  if (!agent?.connected) throw new Error('the LED agent did not connect to the hub');
});
afterAll(async () => {
  await agent?.stop();
  await h?.close();
});

describe('LED boards', () => {
  it('show the call on the counter display and the main board, as the TV board does', async () => {
    const page = await h.openBoard('?sound=0');
    const t = await h.callNext('c1');
    await expect.poll(() => led.digits.get(11), { timeout: 5_000 }).toBe(Number(t.number));
    await expect.poll(() => led.lines.get(100)?.get(0), { timeout: 5_000 }).toBe(`${t.number} → Quầy 1`);
    await expect.poll(() => page.getAttribute('[data-testid="now-calling"]', 'data-number')).toBe(t.number);

    h.f.clock.advance(10_000);
    const t2 = await h.callNext('c2');
    await expect.poll(() => led.digits.get(12), { timeout: 5_000 }).toBe(Number(t2.number));
    await expect.poll(() => led.lines.get(100)?.get(0), { timeout: 5_000 }).toBe(`${t2.number} → Quầy 2`);
    // Counter 1's display keeps its own number.
    expect(led.digits.get(11)).toBe(Number(t.number));
    expect(led.garbageBytes).toBe(0);
    mkdirSync(join(ARTIFACTS, 'screenshots'), { recursive: true });
    writeFileSync(join(ARTIFACTS, 'screenshots', 'display-led-boards.png'), led.renderPng());
    await page.close();
  });

  it('show a recall again', async () => {
    const clerk = await h.clerk('c1');
    const current = h.f.hub.snapshot('public').tickets.find((x) => x.counterId === 'c1' && x.state === 'called');
    if (!current) throw new Error('counter 1 has no called ticket');
    h.f.clock.advance(10_000);
    const change = led.nextChange(5_000);
    expectOk(await send(clerk, 'ticket:recall', { ticketId: current.id }));
    await change;
    await expect.poll(() => led.lines.get(100)?.get(0), { timeout: 5_000 }).toBe(`${current.number} → Quầy 1`);
    expect(led.renderText()).toContain(`[011] ${current.number.padStart(4, ' ')}`);
  });
});
