/**
 * The slot's protocol against a stand-in for vpcd on loopback (no pcscd needed): the card in the
 * worker thread answers vpcd's ATR request and APDUs, its log comes back, and `inserted` follows
 * the card in and out, including when vpcd drops the link. (Why a thread at all, and the deadlock
 * it prevents, is the medium test in src/chip/chip.medium.test.ts.)
 */
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { VIRTUAL_ATR } from './virtual-cccd-chip';
import { VpcdCardSlot } from './vpcd-card-slot';

/** A vpcd stand-in: accepts the card's connection and exchanges length-prefixed frames with it. */
class FakeVpcd {
  private server: Server | null = null;
  private waiters: ((s: Socket) => void)[] = [];
  private frames: Uint8Array[] = [];
  private frameWaiters: ((f: Uint8Array) => void)[] = [];
  socket: Socket | null = null;
  closed = false;
  port = 0;

  async listen(): Promise<void> {
    this.server = createServer((s) => {
      this.socket = s;
      this.closed = false;
      let buf = Buffer.alloc(0);
      s.on('data', (chunk: Buffer) => {
        buf = Buffer.concat([buf, chunk]);
        while (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
          const f = new Uint8Array(buf.subarray(2, 2 + buf.readUInt16BE(0)));
          buf = buf.subarray(2 + f.length);
          const w = this.frameWaiters.shift();
          if (w) w(f);
          else this.frames.push(f);
        }
      });
      s.on('close', () => (this.closed = true));
      for (const w of this.waiters.splice(0)) w(s);
    });
    await new Promise<void>((r) => this.server?.listen(0, '127.0.0.1', r));
    const a = this.server.address();
    this.port = typeof a === 'object' && a ? a.port : 0;
  }

  connection(): Promise<Socket> {
    return this.socket && !this.closed ? Promise.resolve(this.socket) : new Promise((r) => this.waiters.push(r));
  }

  /** Sends one frame to the card and resolves with its answer. */
  async ask(payload: number[]): Promise<Uint8Array> {
    const s = await this.connection();
    const head = Buffer.alloc(2);
    head.writeUInt16BE(payload.length);
    s.write(Buffer.concat([head, Buffer.from(payload)]));
    const f = this.frames.shift();
    return f ?? new Promise((r) => this.frameWaiters.push(r));
  }

  async close(): Promise<void> {
    this.socket?.destroy();
    await new Promise((r) => this.server?.close(r));
  }
}

async function until(cond: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`${what} within 5 s`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

let vpcd: FakeVpcd;
let slot: VpcdCardSlot;

afterEach(async () => {
  await slot?.close();
  await vpcd?.close();
});

describe('VpcdCardSlot: a virtual card in a worker thread, on vpcd’s socket', () => {
  it('answers the ATR request and APDUs from its thread, and keeps the card’s APDU log', async () => {
    vpcd = new FakeVpcd();
    await vpcd.listen();
    slot = new VpcdCardSlot({ port: vpcd.port, logLevel: 'silent' });
    expect(slot.inserted).toBe(false);
    await slot.insert({ kind: 'not_cccd' }, 5000);
    expect(slot.inserted).toBe(true);
    // 4: "send your ATR" (vpcd's presence poll asks this every 400 ms).
    expect(await vpcd.ask([4])).toEqual(VIRTUAL_ATR);
    // SELECT of the eMRTD application on a card without it: 6A82.
    expect(await vpcd.ask([0x00, 0xa4, 0x04, 0x0c, 0x07, 0xa0, 0x00, 0x00, 0x02, 0x47, 0x10, 0x01])).toEqual(Uint8Array.of(0x6a, 0x82));
    expect(await slot.log()).toEqual([0xa4]);
  });

  it('inserted follows the card: taken out, put back, and dropped by vpcd', async () => {
    vpcd = new FakeVpcd();
    await vpcd.listen();
    slot = new VpcdCardSlot({ port: vpcd.port, logLevel: 'silent' });
    await slot.insert({ kind: 'not_cccd' }, 5000);
    await vpcd.connection();
    await slot.remove();
    expect(slot.inserted).toBe(false);
    await until(() => vpcd.closed, 'vpcd sees the card removed');
    await slot.insert({ kind: 'not_cccd' }, 5000);
    expect(slot.inserted).toBe(true);
    (await vpcd.connection()).destroy();
    await until(() => !slot.inserted, 'the slot sees vpcd drop the link');
  });

  it('reports what goes wrong: no vpcd to connect to, a card it cannot make, a closed slot', async () => {
    vpcd = new FakeVpcd();
    await vpcd.listen();
    const port = vpcd.port;
    await vpcd.close();
    slot = new VpcdCardSlot({ port, logLevel: 'silent' });
    await expect(slot.insert({ kind: 'not_cccd' }, 300)).rejects.toThrow(`vpcd not reachable on port ${port}`);
    expect(slot.inserted).toBe(false);
    await expect(slot.insert({ kind: 'cccd' }, 300)).rejects.toThrow('a CCCD card needs its files and citizen');
    await slot.close();
    await expect(slot.insert({ kind: 'not_cccd' })).rejects.toThrow('the virtual card slot is closed');
  });
});
