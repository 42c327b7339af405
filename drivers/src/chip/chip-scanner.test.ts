/** ChipScanner's request/card bookkeeping with a stand-in for the PC/SC monitor (no pcscd). */
import { EventEmitter } from 'node:events';
import type { CardInterface } from 'smartcard';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TEST_CITIZEN } from '../virtual/cccd-test-data';
import { createTestPki } from '../virtual/test-pki';
import { cccdCardFiles, VirtualCccdCard, type CccdCardFiles } from '../virtual/virtual-cccd-chip';
import { ChipScanner } from './chip-scanner';
import { cccdBacKey } from './mrz';

class FakeDevices extends EventEmitter {
  started = 0;
  start(): void {
    this.started++;
  }
  stop(): void {}
}

function fakeCard(card: VirtualCccdCard): CardInterface {
  return {
    protocol: 2,
    connected: true,
    atr: null,
    transmit: (cmd: Buffer | number[]) => Promise.resolve(Buffer.from(card.transmit(Uint8Array.from(cmd)))),
    control: () => Promise.reject(new Error('no control')),
    getStatus: () => ({ state: 0x34, protocol: 2, atr: Buffer.alloc(0) }),
    disconnect: () => undefined,
    reconnect: () => {
      card.reset();
      return Promise.resolve(2);
    },
  };
}

const key = cccdBacKey(TEST_CITIZEN.idNumber, TEST_CITIZEN.dateOfBirth, TEST_CITIZEN.expiryDate);
let files: CccdCardFiles;
let scanner: ChipScanner | null = null;
beforeAll(async () => {
  files = await cccdCardFiles(TEST_CITIZEN, await createTestPki());
});
afterEach(async () => {
  await scanner?.close();
  scanner = null;
});

function setup(): { dev: FakeDevices; s: ChipScanner } {
  const dev = new FakeDevices();
  scanner = new ChipScanner({ pseudonymKey: new Uint8Array(16).fill(3), devices: () => dev, reconnectMs: 20 });
  return { dev, s: scanner };
}

describe('ChipScanner without pcscd', () => {
  it('no reader: offline, and a read fails at once with no_reader (the kiosk uses the QR)', async () => {
    const { s } = setup();
    await s.start();
    expect(s.health()).toMatchObject({ health: 'offline' });
    const e = await s.read(key);
    expect(e.result).toMatchObject({ ok: false, error: { code: 'no_reader', fallbackToQr: true } });
  });

  it('a read waits for the card, then reads it; the event carries only the minimal data', async () => {
    const { dev, s } = setup();
    await s.start();
    dev.emit('reader-attached', { name: 'ACS ACR1252 1S CL Reader PICC 0' });
    expect(s.health().health).toBe('ready');
    const seen: unknown[] = [];
    s.onRead((e) => seen.push(e));
    const p = s.read(key, { timeoutMs: 5000 });
    dev.emit('card-inserted', { reader: { name: 'ACS ACR1252 1S CL Reader PICC 0' }, card: fakeCard(new VirtualCccdCard({ files, citizen: TEST_CITIZEN })) });
    const e = await p;
    expect(e.result).toMatchObject({ ok: true, verified: false, verification: 'consistent_issuer_not_verified', citizen: { fullName: 'Trần Thị Bình' } });
    expect(seen).toEqual([e]);
    expect(JSON.stringify(e)).not.toContain(TEST_CITIZEN.idNumber);
  });

  it('a newer request replaces one still waiting (canceled); cancel() ends a wait', async () => {
    const { dev, s } = setup();
    await s.start();
    dev.emit('reader-attached', { name: 'r' });
    const first = s.read(key, { timeoutMs: 5000 });
    const second = s.read(key, { timeoutMs: 5000 });
    expect((await first).result).toMatchObject({ ok: false, error: { code: 'canceled' } });
    s.cancel();
    expect((await second).result).toMatchObject({ ok: false, error: { code: 'canceled' } });
  });

  it('pcscd going away restarts the monitor and reports pcsc_unavailable; a reader coming back is ready again', async () => {
    const devs: FakeDevices[] = [];
    scanner = new ChipScanner({ pseudonymKey: new Uint8Array(16).fill(3), devices: () => (devs[devs.push(new FakeDevices()) - 1] as FakeDevices), reconnectMs: 20 });
    const s = scanner;
    await s.start();
    devs[0]!.emit('reader-attached', { name: 'r' });
    devs[0]!.emit('error', new Error('PC/SC service not running'));
    expect(s.health()).toMatchObject({ health: 'offline', detail: expect.stringMatching(/^pcsc_unavailable/) as unknown });
    expect((await s.read(key)).result).toMatchObject({ ok: false, error: { code: 'pcsc_unavailable' } });
    await new Promise((r) => setTimeout(r, 60));
    expect(devs.length).toBeGreaterThanOrEqual(2);
    // Events from the old monitor are ignored; the new one is listened to.
    devs[0]!.emit('reader-attached', { name: 'stale' });
    expect(s.health().health).toBe('offline');
    devs.at(-1)!.emit('reader-attached', { name: 'r' });
    expect(s.health().health).toBe('ready');
  });
});
