/**
 * Contract suites for the serial input/output peripherals over real PTYs from socat: scanner,
 * call keypad, rating pad and LED bus (both protocols). Real hardware variants run when
 * SCANNER_PORT / KEYPAD_PORT / RATING_PORT / LED_PORT (+ LED_PROTOCOL) name a port; with
 * hardware only what needs no person in front of it is checked (opens, reports ready, writes).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KeypadKey } from '@motcua/shared';
import type { DeviceError } from '../errors';
import { SerialKeypad, type KeyEvent } from '../keypad/keypad';
import { SerialLedBus } from '../led/led-board';
import type { LedProtocolId } from '../led/protocols';
import type { HealthReport } from '../peripheral';
import { SerialRatingPad, type RatingEvent } from '../rating/rating-pad';
import { SerialScanner } from '../scanner/serial-scanner';
import type { ScanEvent } from '../scanner/types';
import { SerialTransport } from '../transport/serial';
import { VirtualKeypad } from '../virtual/virtual-keypad';
import { VirtualLedBoard } from '../virtual/virtual-led-board';
import { VirtualRatingPad } from '../virtual/virtual-rating-pad';
import { VirtualScanner } from '../virtual/virtual-scanner';

const CCCD = '079304004567||Trần Thị Ứng Hoà|29022004|Nữ|Ấp 3, Xã Bình Chánh, TP. Hồ Chí Minh|10102022';

function collect<T>(subscribe: (l: (e: T) => void) => () => void): { items: T[]; next(timeoutMs?: number): Promise<T>; off(): void } {
  const items: T[] = [];
  let waiters: ((e: T) => void)[] = [];
  const off = subscribe((e) => {
    items.push(e);
    const w = waiters;
    waiters = [];
    for (const f of w) f(e);
  });
  return {
    items,
    off,
    next(timeoutMs = 3000) {
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error('timed out waiting for event')), timeoutMs);
        waiters.push((e) => {
          clearTimeout(t);
          resolve(e);
        });
      });
    },
  };
}

// A wait, not a bound: a re-plugged PTY is noticed by the scanner's reopen poll, which at load ~18 on
// 2 cores (the fresh-clone suite beside five agents) took more than 5 s; no test here times the reopen.
async function until(cond: () => boolean, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('IdScanner contract: virtual scanner on a PTY', () => {
  let dev: VirtualScanner;
  let scanner: SerialScanner;
  let scans: ReturnType<typeof collect<ScanEvent>>;
  const dir = mkdtempSync(join(tmpdir(), 'motcua-scan-'));
  beforeAll(async () => {
    dev = await new VirtualScanner().start({ dir });
    scanner = new SerialScanner({ transport: new SerialTransport('scanner', { path: dev.hostPath }), interCharTimeoutMs: 80, reconnectMs: 200 });
    scans = collect<ScanEvent>((l) => scanner.onScan(l));
    await scanner.start();
  });
  afterAll(async () => {
    await scanner.close();
    await dev.close();
  });

  it('is ready once the port is open', () => {
    expect(scanner.health().health).toBe('ready');
  });

  it.each(['\r\n', '\r', '\n'] as const)('reads a CCCD ending with %j, Vietnamese intact', async (suffix) => {
    const next = scans.next();
    await dev.scan(CCCD, suffix);
    const s = await next;
    expect(s.raw).toBe(CCCD);
    expect(s.cccd.ok && s.cccd.data.fullName).toBe('Trần Thị Ứng Hoà');
  });

  it('ends a scan without suffix by the inter-character timeout, even when it arrives in slow pieces', async () => {
    const next = scans.next();
    await dev.scan(CCCD, 'none', { chunkSize: 9, gapMs: 10 });
    expect((await next).raw).toBe(CCCD);
  });

  it('skips invalid UTF-8 garbage and resynchronises on the next scan', async () => {
    const errors = collect<DeviceError>((l) => scanner.onError(l));
    const before = scans.items.length;
    await dev.writeRaw(Uint8Array.of(0xff, 0xfe, 0xc3, 0x0d));
    await dev.scan(CCCD, '\r\n');
    await until(() => scans.items.length === before + 1);
    expect(scans.items.at(-1)!.raw).toBe(CCCD);
    expect(errors.items[0]?.code).toBe('protocol');
    errors.off();
  });

  it('delivers a malformed QR with the reason, naming the field', async () => {
    const next = scans.next();
    await dev.scan('079303004567||Trần Thị B|31022004|Nữ|HCM|10102022', '\n');
    const s = await next;
    expect(s.cccd.ok).toBe(false);
    expect(!s.cccd.ok && s.cccd.error.field).toBe('dateOfBirth');
  });

  it('goes offline when unplugged and reads again when the device comes back', async () => {
    const health = collect<HealthReport>((l) => scanner.onHealth(l));
    await dev.close();
    await until(() => scanner.health().health === 'offline');
    dev = await new VirtualScanner().start({ dir }); // same link path, like a re-plugged /dev/ttyACM0
    await until(() => scanner.health().health === 'ready');
    const next = scans.next();
    await dev.scan(CCCD);
    expect((await next).cccd.ok).toBe(true);
    expect(health.items.map((h) => h.health)).toEqual(['offline', 'ready']);
    health.off();
  });
});

if (process.env.SCANNER_PORT) {
  describe(`IdScanner contract: real scanner at ${process.env.SCANNER_PORT}`, () => {
    it('opens and reports ready', async () => {
      const scanner = new SerialScanner({ transport: new SerialTransport('scanner', { path: process.env.SCANNER_PORT!, baudRate: Number(process.env.SCANNER_BAUD ?? 9600) }) });
      await scanner.start();
      expect(scanner.health().health).toBe('ready');
      await scanner.close();
    });
  });
}

describe('CallKeypad contract: virtual keypad on a PTY', () => {
  let dev: VirtualKeypad;
  let keypad: SerialKeypad;
  beforeAll(async () => {
    dev = await new VirtualKeypad(3).start();
    keypad = new SerialKeypad({ transport: new SerialTransport('keypad', { path: dev.hostPath }), address: 3 });
    await keypad.start();
  });
  afterAll(async () => {
    await keypad.close();
    await dev.close();
  });

  it('delivers every key of its address, acknowledges it, ignores other addresses and garbage', async () => {
    const keys = collect<KeyEvent>((l) => keypad.onKey(l));
    const all: KeypadKey[] = ['call_next', 'recall', 'start', 'finish', 'no_show', 'hold', 'pause', 'resume'];
    await dev.press('call_next', 4); // another keypad on the bus
    await dev.writeRaw(Uint8Array.of(0x02, 0x03, 0x4b, 0x01, 0x01, 0x00, 0x03, 0xaa, 0x02)); // bad BCC + noise
    for (const k of all) await dev.press(k);
    await until(() => keys.items.length === all.length);
    expect(keys.items.map((k) => k.key)).toEqual(all);
    await until(() => dev.acks.length === all.length);
    keys.off();
  });

  it('shows text on the keypad display (ASCII only)', async () => {
    await keypad.showText('Số 1023');
    await until(() => dev.display === 'So 1023');
  });
});

if (process.env.KEYPAD_PORT) {
  describe(`CallKeypad contract: real keypad at ${process.env.KEYPAD_PORT}`, () => {
    it('opens and accepts display text', async () => {
      const keypad = new SerialKeypad({ transport: new SerialTransport('keypad', { path: process.env.KEYPAD_PORT! }), address: Number(process.env.KEYPAD_ADDRESS ?? 1) });
      await keypad.start();
      expect(keypad.health().health).toBe('ready');
      await keypad.showText('1023');
      await keypad.close();
    });
  });
}

describe('RatingPad contract: virtual rating pad on a PTY', () => {
  let dev: VirtualRatingPad;
  let pad: SerialRatingPad;
  beforeAll(async () => {
    dev = await new VirtualRatingPad(2).start();
    pad = new SerialRatingPad({ transport: new SerialTransport('rating_pad', { path: dev.hostPath }), address: 2 });
    await pad.start();
  });
  afterAll(async () => {
    await pad.close();
    await dev.close();
  });

  it('asks, and delivers the score', async () => {
    const ratings = collect<RatingEvent>((l) => pad.onRating(l));
    await pad.ask({ scale: 4, timeoutSec: 30, ticketNumber: '1023' });
    await dev.waitForPrompt();
    expect(dev.prompt).toEqual({ scale: 4, timeoutSec: 30, ticket: '1023' });
    const next = ratings.next();
    await dev.rate(3);
    expect((await next).score).toBe(3);
    ratings.off();
  });

  it('drops a score above the scale and garbage lines; reports a timeout', async () => {
    const ratings = collect<RatingEvent>((l) => pad.onRating(l));
    const timeouts = collect<{ address: number }>((l) => pad.onTimeout(l));
    await pad.ask({ scale: 4, timeoutSec: 30, ticketNumber: 'A001' });
    await dev.rate(5);
    await dev.writeRaw(new TextEncoder().encode('$RATE,2,1*00\r\n\u0001\u0002garbage\r\n'));
    const t = timeouts.next();
    await dev.expire();
    await t;
    expect(ratings.items).toHaveLength(0);
    ratings.off();
    timeouts.off();
  });

  it('cancel turns the prompt off', async () => {
    await pad.ask({ scale: 5, timeoutSec: 30, ticketNumber: '7' });
    await dev.waitForPrompt();
    await pad.cancel();
    await until(() => dev.prompt === null);
  });
});

if (process.env.RATING_PORT) {
  describe(`RatingPad contract: real pad at ${process.env.RATING_PORT}`, () => {
    it('opens and reports ready', async () => {
      const pad = new SerialRatingPad({ transport: new SerialTransport('rating_pad', { path: process.env.RATING_PORT! }), address: Number(process.env.RATING_ADDRESS ?? 1) });
      await pad.start();
      expect(pad.health().health).toBe('ready');
      await pad.close();
    });
  });
}

const ledVariants: { name: string; protocol: LedProtocolId; path?: string }[] = [
  { name: 'virtual addressed board on a PTY', protocol: 'addressed' },
  { name: 'virtual Modbus RTU module on a PTY', protocol: 'modbus' },
];
if (process.env.LED_PORT) ledVariants.push({ name: `real board at ${process.env.LED_PORT}`, protocol: process.env.LED_PROTOCOL === 'modbus' ? 'modbus' : 'addressed', path: process.env.LED_PORT });

for (const v of ledVariants) {
  describe(`LedBoard contract: ${v.name}`, () => {
    let dev: VirtualLedBoard | null = null;
    let bus: SerialLedBus;
    beforeAll(async () => {
      if (!v.path) dev = await new VirtualLedBoard(v.protocol).start();
      const counterAddr = Number(process.env.LED_COUNTER_ADDRESS ?? 5);
      bus = new SerialLedBus({ transport: new SerialTransport('led', { path: v.path ?? dev!.hostPath }), protocol: v.protocol, counters: { 3: counterAddr }, mainBoardAddress: v.protocol === 'addressed' ? 100 : undefined, replyTimeoutMs: 300 });
      await bus.start();
    });
    afterAll(async () => {
      await bus.close();
      await dev?.close();
    });

    it('shows a ticket number on the counter display, and blanks it', async () => {
      await bus.showCounter(3, '999');
      if (dev) await until(() => dev!.digits.get(5) === 999);
      await bus.showCounter(3, 'A023');
      if (dev) await until(() => dev!.digits.get(5) === 23);
      await bus.showCounter(3, null);
      if (dev) {
        await until(() => dev!.digits.get(5) === null);
        expect(dev.renderText()).toContain('[005] ----');
      }
      expect(bus.health().health).toBe('ready');
    });

    it('a counter without an address is an error, not a silent no-op', async () => {
      await expect(bus.showCounter(9, '1')).rejects.toMatchObject({ code: 'not_found' });
    });

    if (v.protocol === 'addressed') {
      it('writes main-board lines in Vietnamese and renders them', async () => {
        await bus.showLines(['Mời công dân số 1023', 'đến quầy số 3']);
        if (dev) {
          await until(() => dev!.lines.get(100)?.get(1) === 'đến quầy số 3');
          expect(dev.renderText()).toContain('[100:0] Mời công dân số 1023');
          expect(dev.renderPng().subarray(1, 4).toString()).toBe('PNG');
        }
      });
    } else {
      it('main-board text is unsupported on digit modules', async () => {
        await expect(bus.showLines(['x'])).rejects.toMatchObject({ code: 'unsupported' });
      });
      if (!v.path) {
        it('a module that does not answer is reported offline, then ready again', async () => {
          dev!.mute = true;
          await expect(bus.showCounter(3, '1')).rejects.toMatchObject({ code: 'timeout' });
          expect(bus.health().health).toBe('offline');
          dev!.mute = false;
          await bus.showCounter(3, '2');
          expect(bus.health().health).toBe('ready');
        });
      }
    }
  });
}
