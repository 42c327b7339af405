/**
 * The composition root: the only place that turns configuration into drivers and transports.
 * Everything else sees the device-class interfaces.
 */
import type { Logger } from 'pino';
import type { DevicesConfig, PrinterConfig } from './config';
import { SerialKeypad, type CallKeypad } from './keypad/keypad';
import { SerialLedBus, type LedBoard } from './led/led-board';
import { componentLogger } from './logger';
import { EscPosPrinter } from './printer/escpos-printer';
import type { TicketPrinter } from './printer/types';
import { SerialRatingPad, type RatingPad } from './rating/rating-pad';
import { SerialScanner } from './scanner/serial-scanner';
import type { IdScanner } from './scanner/types';
import { DeviceFileTransport } from './transport/device-file';
import { SerialTransport } from './transport/serial';
import { TcpTransport } from './transport/tcp';
import type { ByteTransport } from './transport/transport';
import { UsbTransport } from './transport/usb';
import { VirtualKeypad } from './virtual/virtual-keypad';
import { VirtualLedBoard } from './virtual/virtual-led-board';
import { VirtualPrinter } from './virtual/virtual-printer';
import { VirtualRatingPad } from './virtual/virtual-rating-pad';
import { VirtualScanner } from './virtual/virtual-scanner';
import type { DeviceClass } from './errors';
import type { ChipScanner } from './chip/chip-scanner';
import { randomBytes } from 'node:crypto';

export interface DeviceSet {
  printers: Map<string, TicketPrinter>;
  scanners: Map<string, IdScanner>;
  keypads: Map<string, CallKeypad>;
  ratingPads: Map<string, RatingPad>;
  leds: Map<string, LedBoard>;
  /** CCCD chip readers (PC/SC), by name. */
  chipReaders: Map<string, ChipScanner>;
  /** Virtual devices started for `transport: { type: 'virtual' }`, by device name. */
  virtual: {
    printers: Map<string, VirtualPrinter>;
    scanners: Map<string, VirtualScanner>;
    keypads: Map<string, VirtualKeypad>;
    ratingPads: Map<string, VirtualRatingPad>;
    leds: Map<string, VirtualLedBoard>;
  };
  /** Starts input devices (opening ports; absent devices retry by themselves). */
  start(): Promise<void>;
  close(): Promise<void>;
}

export function printerTransport(t: Exclude<PrinterConfig['transport'], { type: 'virtual' }>, device: DeviceClass = 'printer'): ByteTransport {
  switch (t.type) {
    case 'tcp':
      return new TcpTransport(device, t.host, t.port);
    case 'file':
      return new DeviceFileTransport(device, t.path);
    case 'serial':
      return new SerialTransport(device, t);
    case 'usb':
      return new UsbTransport(device, { vendorId: t.vendorId, productId: t.productId, serialNumber: t.serialNumber });
  }
}

/**
 * `chipPseudonymKey`: the key of the chip reader's ID pseudonym (the agent derives it from its own
 * secret); default a random key per run (pseudonyms then do not survive a restart).
 */
export async function createDevices(config: DevicesConfig, opts: { logger?: Logger; chipPseudonymKey?: Uint8Array } = {}): Promise<DeviceSet> {
  const logger = opts.logger ?? componentLogger('compose');
  const set: DeviceSet = {
    printers: new Map(),
    scanners: new Map(),
    keypads: new Map(),
    ratingPads: new Map(),
    leds: new Map(),
    chipReaders: new Map(),
    virtual: { printers: new Map(), scanners: new Map(), keypads: new Map(), ratingPads: new Map(), leds: new Map() },
    async start() {
      await Promise.all([...set.scanners.values(), ...set.keypads.values(), ...set.ratingPads.values(), ...set.leds.values(), ...set.chipReaders.values()].map((d) => d.start()));
    },
    async close() {
      const all = [...set.printers.values(), ...set.scanners.values(), ...set.keypads.values(), ...set.ratingPads.values(), ...set.leds.values(), ...set.chipReaders.values()];
      await Promise.allSettled(all.map((d) => d.close()));
      const v = set.virtual;
      await Promise.allSettled([...v.printers.values(), ...v.scanners.values(), ...v.keypads.values(), ...v.ratingPads.values(), ...v.leds.values()].map((d) => d.close()));
    },
  };
  try {
    for (const p of config.printers) {
      let transport: ByteTransport;
      if (p.transport.type === 'virtual') {
        const vp = new VirtualPrinter({ outputDir: p.outputDir, logger });
        await vp.listen();
        set.virtual.printers.set(p.name, vp);
        transport = new TcpTransport('printer', '127.0.0.1', vp.port);
      } else transport = printerTransport(p.transport);
      // How fast the printer takes bytes: said in the config, else a serial link's baud / 10, else the driver's default.
      const linkBytesPerSecond = p.linkBytesPerSecond ?? (p.transport.type === 'serial' ? p.transport.baudRate / 10 : undefined);
      set.printers.set(p.name, new EscPosPrinter({ name: p.name, transport, widthDots: p.widthDots, timeZone: p.timeZone, bidirectional: p.bidirectional, linkBytesPerSecond, logger }));
    }
    const serialPath = async <V extends VirtualScanner | VirtualKeypad | VirtualRatingPad | VirtualLedBoard>(
      t: DevicesConfig['scanners'][number]['transport'],
      name: string,
      map: Map<string, V>,
      make: () => V,
    ): Promise<{ path: string; baudRate?: number }> => {
      if (t.type === 'serial') return t;
      const v = make();
      await v.start();
      map.set(name, v);
      return { path: v.hostPath };
    };
    for (const s of config.scanners) {
      const t = await serialPath(s.transport, s.name, set.virtual.scanners, () => new VirtualScanner());
      set.scanners.set(s.name, new SerialScanner({ name: s.name, transport: new SerialTransport('scanner', t), interCharTimeoutMs: s.interCharTimeoutMs, logger }));
    }
    for (const k of config.keypads) {
      const t = await serialPath(k.transport, k.name, set.virtual.keypads, () => new VirtualKeypad(k.address));
      set.keypads.set(k.name, new SerialKeypad({ name: k.name, transport: new SerialTransport('keypad', t), address: k.address, logger }));
    }
    for (const r of config.ratingPads) {
      const t = await serialPath(r.transport, r.name, set.virtual.ratingPads, () => new VirtualRatingPad(r.address));
      set.ratingPads.set(r.name, new SerialRatingPad({ name: r.name, transport: new SerialTransport('rating_pad', t), address: r.address, logger }));
    }
    for (const l of config.leds) {
      const t = await serialPath(l.transport, l.name, set.virtual.leds, () => new VirtualLedBoard(l.protocol));
      const counters = Object.fromEntries(Object.entries(l.counters).map(([k, v]) => [Number(k), v]));
      set.leds.set(l.name, new SerialLedBus({ name: l.name, transport: new SerialTransport('led', t), protocol: l.protocol, counters, mainBoardAddress: l.mainBoardAddress, logger }));
    }
    if (config.chipReaders?.length) {
      // Loaded only when a chip reader is configured: `smartcard` is an optional dependency.
      const { ChipScanner } = await import('./chip/chip-scanner');
      const pseudonymKey = opts.chipPseudonymKey ?? randomBytes(32);
      for (const c of config.chipReaders) {
        set.chipReaders.set(c.name, new ChipScanner({ name: c.name, reader: c.reader ? new RegExp(c.reader) : undefined, cscaDir: c.cscaDir, pseudonymKey, ageEdges: c.ageEdges, logger }));
      }
    }
  } catch (e) {
    await set.close();
    throw e;
  }
  return set;
}
