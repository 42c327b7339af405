/**
 * Contract suite for TicketPrinter: always against the virtual printer (over TCP, and over a
 * socat PTY through the serial and device-file transports); against real hardware when
 * PRINTER_URL names one (tcp://host:9100, file:/dev/usb/lp0, serial:/dev/ttyUSB0, usb:VID:PID).
 */
import jsQR from 'jsqr';
import { SerialPort } from 'serialport';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeviceError } from '../errors';
import { openPtyPair, type PtyPair } from '../serial/pty';
import { DeviceFileTransport } from '../transport/device-file';
import { SerialTransport } from '../transport/serial';
import { TcpTransport } from '../transport/tcp';
import type { ByteTransport } from '../transport/transport';
import { UsbTransport } from '../transport/usb';
import { VirtualPrinter } from '../virtual/virtual-printer';
import { bitmapToRgba } from './bitmap';
import { EscPosPrinter } from './escpos-printer';
import { pngToRgba } from './png';
import type { TicketPrinter } from './types';
import { sampleTicket } from './sample-ticket';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';


interface Variant {
  name: string;
  widthDots: 384 | 576;
  setup(): Promise<{ printer: TicketPrinter; virtual: VirtualPrinter | null; teardown(): Promise<void> }>;
}

/** Serves a virtual printer on the device end of a PTY pair. */
async function printerOnPty(vp: VirtualPrinter): Promise<{ pty: PtyPair; close(): Promise<void> }> {
  const pty = await openPtyPair({ name: 'printer' });
  const port = new SerialPort({ path: pty.devicePath, baudRate: 115200, autoOpen: false });
  await new Promise<void>((res, rej) => port.open((e) => (e ? rej(e) : res())));
  const feed = vp.session((reply) => port.write(Buffer.from(reply)));
  port.on('data', (d: Buffer) => feed(d));
  return {
    pty,
    async close() {
      await new Promise<void>((res) => port.close(() => res()));
      await pty.close();
    },
  };
}

const variants: Variant[] = [
  {
    name: 'virtual printer over TCP (576 dots)',
    widthDots: 576,
    async setup() {
      const vp = new VirtualPrinter();
      await vp.listen();
      const printer = new EscPosPrinter({ transport: new TcpTransport('printer', '127.0.0.1', vp.port), widthDots: 576 });
      return { printer, virtual: vp, teardown: async () => (await printer.close(), await vp.close()) };
    },
  },
  {
    name: 'virtual printer over a PTY, serial transport (384 dots)',
    widthDots: 384,
    async setup() {
      const vp = new VirtualPrinter();
      const link = await printerOnPty(vp);
      const printer = new EscPosPrinter({ transport: new SerialTransport('printer', { path: link.pty.hostPath, baudRate: 115200 }), widthDots: 384 });
      return { printer, virtual: vp, teardown: async () => (await printer.close(), await link.close()) };
    },
  },
  {
    name: 'virtual printer over a PTY, device-file transport',
    widthDots: 576,
    async setup() {
      const vp = new VirtualPrinter();
      const link = await printerOnPty(vp);
      const printer = new EscPosPrinter({ transport: new DeviceFileTransport('printer', link.pty.hostPath), widthDots: 576 });
      return { printer, virtual: vp, teardown: async () => (await printer.close(), await link.close()) };
    },
  },
];

function realTransport(url: string): ByteTransport {
  const [scheme, ...rest] = url.split(':');
  const arg = rest.join(':');
  if (scheme === 'tcp') {
    const u = new URL(url);
    return new TcpTransport('printer', u.hostname, Number(u.port || 9100));
  }
  if (scheme === 'file') return new DeviceFileTransport('printer', arg);
  if (scheme === 'serial') return new SerialTransport('printer', { path: arg, baudRate: Number(process.env.PRINTER_BAUD ?? 9600) });
  if (scheme === 'usb') {
    const [vid, pid] = arg.split(':').map((h) => parseInt(h, 16));
    return new UsbTransport('printer', { vendorId: vid, productId: pid });
  }
  throw new Error(`PRINTER_URL ${url}: use tcp://, file:, serial: or usb:VID:PID`);
}

if (process.env.PRINTER_URL) {
  const url = process.env.PRINTER_URL;
  const width = Number(process.env.PRINTER_WIDTH ?? 576) === 384 ? 384 : 576;
  variants.push({
    name: `real printer at ${url}`,
    widthDots: width,
    setup() {
      const printer = new EscPosPrinter({ transport: realTransport(url), widthDots: width });
      return Promise.resolve({ printer, virtual: null, teardown: () => printer.close() });
    },
  });
}

for (const v of variants) {
  describe(`TicketPrinter contract: ${v.name}`, () => {
    let ctx: Awaited<ReturnType<Variant['setup']>>;
    beforeAll(async () => {
      ctx = await v.setup();
    });
    afterAll(async () => {
      await ctx.teardown();
    });

    it('reports ready (or a paper warning) when idle', async () => {
      const s = await ctx.printer.getStatus();
      expect(['ready', 'paper_near_end']).toContain(s.state);
      expect(s.raw.printer).not.toBeNull();
    });

    it('prints a ticket whose raster decodes back to the ticket, with a QR of its status URL', async () => {
      const t = sampleTicket(7);
      const next = ctx.virtual?.nextTicket(10_000);
      const report = await ctx.printer.printTicket(t);
      expect(report.widthDots).toBe(v.widthDots);
      expect(report.statusAfter?.state).toMatch(/ready|paper_near_end/);
      if (!next) return;
      const printed = await next;
      const img = printed.image!;
      expect(img.width).toBe(v.widthDots);
      expect(img.height).toBe(report.heightDots);
      const qr = jsQR(bitmapToRgba(img), img.width, img.height);
      expect(qr?.data).toBe(t.statusUrl);
    });

    if (v.name.startsWith('virtual')) {
      it('refuses to print when out of paper, says so, and prints nothing', async () => {
        const vp = ctx.virtual!;
        const before = vp.tickets.length;
        vp.set({ paperOut: true });
        const err = await ctx.printer.printTicket(sampleTicket(8)).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(DeviceError);
        expect((err as DeviceError).code).toBe('paper_out');
        expect((err as DeviceError).messageVi).toMatch(/hết giấy/);
        expect(vp.tickets.length).toBe(before);
        vp.set({ paperOut: false });
      });

      it('reports cover open and paper near end as events', async () => {
        const vp = ctx.virtual!;
        const seen: string[] = [];
        const off = ctx.printer.onStatus((s) => seen.push(s.state));
        vp.set({ coverOpen: true });
        expect((await ctx.printer.getStatus()).state).toBe('cover_open');
        vp.set({ coverOpen: false, paperNearEnd: true });
        expect((await ctx.printer.getStatus()).state).toBe('paper_near_end');
        vp.set({ paperNearEnd: false });
        expect((await ctx.printer.getStatus()).state).toBe('ready');
        off();
        expect(seen).toEqual(['cover_open', 'paper_near_end', 'ready']);
      });

      it('a printer that stops answering is offline', async () => {
        ctx.virtual!.set({ silent: true });
        const s = await ctx.printer.getStatus();
        expect(s.state).toBe('offline');
        expect(s.detail).toMatch(/no answer/);
        ctx.virtual!.set({ silent: false });
        expect((await ctx.printer.getStatus()).state).toBe('ready');
      });
    }
  });
}

describe('virtual printer over TCP: link failures', () => {
  it('a printer that disappears mid-job is reported (disconnected), and the next job reconnects', async () => {
    const vp = new VirtualPrinter();
    await vp.listen();
    const printer = new EscPosPrinter({ transport: new TcpTransport('printer', '127.0.0.1', vp.port), widthDots: 576 });
    try {
      vp.dropConnectionsAfter(5000);
      const err = await printer.printTicket(sampleTicket(1)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DeviceError);
      expect((err as DeviceError).disconnected).toBe(true);
      expect(vp.tickets).toHaveLength(0);
      const ok = await printer.printTicket(sampleTicket(2));
      expect(ok.bytes).toBeGreaterThan(1000);
      expect(vp.tickets).toHaveLength(1);
    } finally {
      await printer.close();
      await vp.close();
    }
  });

  it('no printer listening: status offline, print rejects disconnected', async () => {
    const vp = new VirtualPrinter();
    const port = await vp.listen();
    await vp.close();
    const printer = new EscPosPrinter({ transport: new TcpTransport('printer', '127.0.0.1', port), widthDots: 576 });
    const s = await printer.getStatus();
    expect(s.state).toBe('offline');
    expect(s.detail).toMatch(/disconnected/);
    const err = await printer.printTicket(sampleTicket(3)).catch((e: unknown) => e);
    expect((err as DeviceError).code).toBe('disconnected');
    await printer.close();
  });

  it('saves each ticket as a PNG whose QR reads back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'motcua-printed-'));
    const vp = new VirtualPrinter({ outputDir: dir });
    await vp.listen();
    const printer = new EscPosPrinter({ transport: new TcpTransport('printer', '127.0.0.1', vp.port), widthDots: 576 });
    try {
      const next = vp.nextTicket();
      await printer.printTicket(sampleTicket(42));
      const t = await next;
      expect(readdirSync(dir)).toHaveLength(1);
      const png = pngToRgba(readFileSync(t.pngPath!));
      expect(jsQR(png.data, png.width, png.height)?.data).toBe(sampleTicket(42).statusUrl);
    } finally {
      await printer.close();
      await vp.close();
    }
  });
});
