/**
 * Starts a full set of virtual devices for the demo (`npm start`) and tests: a TCP ESC/POS
 * printer saving tickets as PNG, and — when socat is installed — a scanner, keypad, rating pad
 * and LED bus on PTYs. Returns the handles and a devices config that points real drivers at them.
 */
import { spawnSync } from 'node:child_process';
import type { Logger } from 'pino';
import { HUB_TIME_ZONE } from '@motcua/shared';
import type { DevicesConfig } from '../config';
import type { LedProtocolId } from '../led/protocols';
import { componentLogger } from '../logger';
import { VirtualKeypad } from './virtual-keypad';
import { VirtualLedBoard } from './virtual-led-board';
import { VirtualPrinter } from './virtual-printer';
import { VirtualRatingPad } from './virtual-rating-pad';
import { VirtualScanner } from './virtual-scanner';

export { VirtualPrinter, type PrintedTicket, type PrinterCondition, type VirtualPrinterOptions } from './virtual-printer';
export { VirtualScanner } from './virtual-scanner';
export { VirtualKeypad } from './virtual-keypad';
export { VirtualRatingPad } from './virtual-rating-pad';
export { VirtualLedBoard } from './virtual-led-board';
export { VirtualSerialDevice } from './virtual-serial';

export interface VirtualDevices {
  printer: VirtualPrinter;
  scanner: VirtualScanner | null;
  keypad: VirtualKeypad | null;
  ratingPad: VirtualRatingPad | null;
  led: VirtualLedBoard | null;
  /** Config for the agent's devices, pointing the real drivers at these. */
  devicesConfig: DevicesConfig;
  close(): Promise<void>;
}

export interface StartVirtualDevicesOptions {
  /** Folder for printed tickets as PNG (the demo uses ./data/printed). */
  printedDir?: string;
  printerPort?: number;
  widthDots?: 384 | 576;
  /** Start the PTY devices (needs socat). Default: when socat is on PATH. */
  serial?: boolean;
  ledProtocol?: LedProtocolId;
  /** Counter number → LED address for the virtual bus. Default counters 1..10 at addresses 1..10. */
  ledCounters?: Record<number, number>;
  logger?: Logger;
}

export function socatAvailable(): boolean {
  return spawnSync('sh', ['-c', 'command -v socat'], { stdio: 'ignore' }).status === 0;
}

export async function startVirtualDevices(opts: StartVirtualDevicesOptions = {}): Promise<VirtualDevices> {
  const log = componentLogger('virtual', opts.logger);
  const printer = new VirtualPrinter({ outputDir: opts.printedDir, port: opts.printerPort, logger: opts.logger });
  await printer.listen();
  const serial = opts.serial ?? socatAvailable();
  if (!serial) log.warn('socat not found: virtual scanner, keypad, rating pad and LED bus are not started (apt-get install socat)');
  const started: { close(): Promise<void> }[] = [printer];
  const protocol = opts.ledProtocol ?? 'addressed';
  const counters = opts.ledCounters ?? Object.fromEntries(Array.from({ length: 10 }, (_, i) => [i + 1, i + 1]));
  try {
    const scanner = serial ? await new VirtualScanner().start() : null;
    if (scanner) started.push(scanner);
    const keypad = serial ? await new VirtualKeypad(1).start() : null;
    if (keypad) started.push(keypad);
    const ratingPad = serial ? await new VirtualRatingPad(1).start() : null;
    if (ratingPad) started.push(ratingPad);
    const led = serial ? await new VirtualLedBoard(protocol).start() : null;
    if (led) started.push(led);
    const devicesConfig: DevicesConfig = {
      printers: [{ name: 'printer', transport: { type: 'tcp', host: '127.0.0.1', port: printer.port }, widthDots: opts.widthDots ?? 576, timeZone: HUB_TIME_ZONE, bidirectional: true, statusPollMs: 5000 }],
      scanners: scanner ? [{ name: 'scanner', transport: { type: 'serial', path: scanner.hostPath, baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 }, interCharTimeoutMs: 100 }] : [],
      keypads: keypad ? [{ name: 'keypad', transport: { type: 'serial', path: keypad.hostPath, baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 }, address: 1 }] : [],
      ratingPads: ratingPad ? [{ name: 'rating', transport: { type: 'serial', path: ratingPad.hostPath, baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 }, address: 1 }] : [],
      leds: led
        ? [{ name: 'led', transport: { type: 'serial', path: led.hostPath, baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 }, protocol, counters: Object.fromEntries(Object.entries(counters).map(([k, v]) => [String(k), v])), mainBoardAddress: protocol === 'addressed' ? 100 : undefined }]
        : [],
    };
    log.info({ printer: printer.url, serial }, 'virtual devices started');
    return {
      printer,
      scanner,
      keypad,
      ratingPad,
      led,
      devicesConfig,
      async close() {
        await Promise.allSettled(started.map((d) => d.close()));
      },
    };
  } catch (e) {
    await Promise.allSettled(started.map((d) => d.close()));
    throw e;
  }
}
