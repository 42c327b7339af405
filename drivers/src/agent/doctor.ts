/**
 * `motcua-agent doctor`: what is attached and whether each configured device works. Returns a
 * structured report (the CLI prints it); never throws for a missing device or a missing udevadm.
 */
import { formatWaitBoth, type TicketPrintData } from '@motcua/shared';
import type { Logger } from 'pino';
import { SerialPort } from 'serialport';
import { createDevices } from '../compose';
import type { DevicesConfig } from '../config';
import { toDeviceError } from '../errors';
import { listUsbPrinters } from '../transport/usb';

export interface DoctorReport {
  serialPorts: { path: string; manufacturer?: string; vendorId?: string; productId?: string }[];
  serialPortsError: string | null;
  usbPrinters: { vendorId: string; productId: string; name: string | null; serialNumber: string | null }[];
  usbError: string | null;
  devices: { name: string; kind: string; health: string; detail: string | null }[];
  testPrints: { printer: string; ok: boolean; detail: string }[];
}

export function testTicket(now: number): TicketPrintData {
  return {
    centreName: { vi: 'Kiểm tra máy in — Một Cửa', en: 'Printer test — Mot Cua' },
    serviceName: { vi: 'Phiếu thử: tiếng Việt có dấu đầy đủ ắằẳẵặ ỡợ ữự', en: 'Test ticket' },
    number: '0000',
    peopleAhead: 0,
    wait: formatWaitBoth({ kind: 'soon' }),
    issuedAt: now,
    statusUrl: 'https://example.invalid/motcua/test',
    priority: null,
    appointmentAt: null,
    counterNumbers: [],
    footer: { vi: 'Nếu đọc được dòng này, máy in hoạt động tốt.', en: 'If you can read this, the printer works.' },
  };
}

export async function runDoctor(config: DevicesConfig, opts: { print?: boolean; settleMs?: number; logger?: Logger; now?: () => number } = {}): Promise<DoctorReport> {
  const report: DoctorReport = { serialPorts: [], serialPortsError: null, usbPrinters: [], usbError: null, devices: [], testPrints: [] };
  try {
    // Typed locally: the bindings package's PortInfo type does not resolve for every tool.
    const list = SerialPort.list.bind(SerialPort) as unknown as () => Promise<{ path: string; manufacturer?: string; vendorId?: string; productId?: string }[]>;
    const ports = await list();
    report.serialPorts = ports.map((p) => ({ path: p.path, manufacturer: p.manufacturer, vendorId: p.vendorId, productId: p.productId }));
  } catch (e) {
    // SerialPort.list() needs udevadm on Linux and rejects without it.
    report.serialPortsError = `${e instanceof Error ? e.message : String(e)} (install udev for port listing)`;
  }
  try {
    const printers = await listUsbPrinters();
    report.usbPrinters = printers.map((d) => ({ vendorId: d.vendorId.toString(16).padStart(4, '0'), productId: d.productId.toString(16).padStart(4, '0'), name: d.productName ?? null, serialNumber: d.serialNumber ?? null }));
  } catch (e) {
    report.usbError = e instanceof Error ? e.message : String(e);
  }
  const set = await createDevices(config, { logger: opts.logger });
  try {
    await set.start();
    await new Promise((r) => setTimeout(r, opts.settleMs ?? 300));
    for (const [name, p] of set.printers) {
      const s = await p.getStatus();
      report.devices.push({ name, kind: 'printer', health: s.state, detail: s.detail });
      if (opts.print !== false) {
        try {
          const r = await p.printTicket(testTicket((opts.now ?? Date.now)()));
          report.testPrints.push({ printer: name, ok: true, detail: `${r.widthDots}×${r.heightDots} dots, ${r.bytes} bytes, ${Math.round(r.durationMs)} ms` });
        } catch (e) {
          const err = toDeviceError('printer', e);
          report.testPrints.push({ printer: name, ok: false, detail: `${err.code}: ${err.messageVi}` });
        }
      }
    }
    const others = [
      ...[...set.scanners].map(([n, d]) => [n, 'scanner', d.health()] as const),
      ...[...set.keypads].map(([n, d]) => [n, 'keypad', d.health()] as const),
      ...[...set.ratingPads].map(([n, d]) => [n, 'rating_pad', d.health()] as const),
      ...[...set.leds].map(([n, d]) => [n, 'led', d.health()] as const),
      ...[...set.chipReaders].map(([n, d]) => [n, 'chip_reader', d.health()] as const),
    ];
    for (const [name, kind, h] of others) report.devices.push({ name, kind, health: h.health, detail: h.detail });
  } finally {
    await set.close();
  }
  return report;
}
