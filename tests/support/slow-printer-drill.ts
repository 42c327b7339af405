/**
 * The slow-printer drill (`npm run drills`): a real hub, a kiosk issuing tickets with printing,
 * and a real device agent bound to it whose printer is the virtual printer in slow mode (60,000
 * B/s: 1.2 s per 576-dot ticket) on a socat PTY through the serial transport. Every paper copy is
 * decoded (its QR names the ticket) and counted: `lost` = tickets with no copy, `duplicated` =
 * copies beyond one per ticket.
 */
import { AgentConfig, bitmapToRgba, DeviceAgent, openPtyPair, VirtualPrinter, type PrintedTicket } from '@motcua/drivers';
import { expectOk, send } from '@motcua/hub-server/test-client';
import { startFixture } from '@motcua/hub-server/test-fixture';
import jsQR from 'jsqr';
import { SerialPort } from 'serialport';
import type { DrillOutcome } from './drill-report';

export interface SlowPrinterDrillReport extends DrillOutcome {
  name: 'slow-printer';
  tickets: number;
  copies: number;
  printed_ok: number;
  print_failed: number;
  bytes_per_ticket: number;
  seconds_per_ticket_on_paper: number;
  seconds: number;
  problems: string[];
}

const BYTES_PER_SECOND = 60_000;
const BAUD = 576_000;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function ticketIdOf(t: PrintedTicket): string | null {
  const img = t.image;
  if (!img) return null;
  const url = jsQR(bitmapToRgba(img), img.width, img.height)?.data;
  return url?.split('/t/')[1] ?? null;
}

export async function runSlowPrinterDrill(opts: { tickets: number }): Promise<SlowPrinterDrillReport> {
  const t0 = Date.now();
  const problems: string[] = [];
  const f = await startFixture();
  const vp = new VirtualPrinter({ bytesPerSecond: BYTES_PER_SECOND });
  const pty = await openPtyPair({ name: 'drill-printer' });
  const port = new SerialPort({ path: pty.devicePath, baudRate: BAUD, autoOpen: false });
  let agent: DeviceAgent | null = null;
  try {
    await new Promise<void>((res, rej) => port.open((e) => (e ? rej(e) : res())));
    const feed = vp.session((reply) => port.write(Buffer.from(reply)));
    port.on('data', (d: Buffer) => feed(d));

    const manager = await f.manager();
    const kiosk = await f.kiosk();
    const { code } = expectOk(await send(manager, 'manager:createPairingCode', { kind: 'agent', boundDeviceId: kiosk.deviceId }));
    const pairing = await f.connect();
    const paired = expectOk(await send(pairing, 'device:pair', { code, name: 'Agent máy lấy số' }));
    pairing.close();
    agent = new DeviceAgent({
      config: AgentConfig.parse({
        hubUrl: f.hub.url,
        deviceToken: paired.token,
        printers: [{ name: 'printer', transport: { type: 'serial', path: pty.hostPath, baudRate: BAUD }, widthDots: 576, statusPollMs: 60_000 }],
        logLevel: 'silent',
      }),
    });
    await agent.start();
    for (let i = 0; i < 200 && !agent.connected; i++) await sleep(50);

    const printed = new Set<string>();
    const failed = new Set<string>();
    kiosk.socket.on('print:printed', (p) => printed.add(p.ticketId));
    kiosk.socket.on('print:failed', (p) => failed.add(p.ticketId));
    const issued: string[] = [];
    // Citizens one after another, faster than the printer: jobs queue at the agent.
    for (let i = 0; i < opts.tickets; i++) {
      const r = expectOk(await send(kiosk.socket, 'ticket:issue', { serviceId: i % 2 ? 's-ho-tich' : 's-chung-thuc', channel: 'kiosk', requestId: `slow-printer-${String(i).padStart(4, '0')}`, print: true }));
      issued.push(r.ticket.id);
      await sleep(400);
    }
    const deadline = Date.now() + opts.tickets * 2500 + 10_000;
    while (printed.size + failed.size < issued.length && Date.now() < deadline) await sleep(100);
    await sleep(2500); // a late second copy would come within one ticket's time
    const copies = new Map<string, number>();
    for (const t of vp.tickets) {
      const id = ticketIdOf(t);
      if (!id) {
        problems.push(`a paper copy without a readable QR (${t.bytes} bytes)`);
        continue;
      }
      copies.set(id, (copies.get(id) ?? 0) + 1);
    }
    let lost = 0;
    let duplicated = 0;
    for (const id of issued) {
      const n = copies.get(id) ?? 0;
      if (n === 0) lost++;
      if (n > 1) duplicated += n - 1;
    }
    for (const id of copies.keys()) if (!issued.includes(id)) problems.push(`a copy of ticket ${id}, which this drill did not issue`);
    if (failed.size) problems.push(`${failed.size} jobs reported failed`);
    const bytes = vp.tickets[0]?.bytes ?? 0;
    const secondsEach = bytes / BYTES_PER_SECOND;
    if (secondsEach < 1 || secondsEach > 1.5) problems.push(`a ticket takes ${secondsEach.toFixed(2)} s on paper, not 1–1.5 s`);
    const report: SlowPrinterDrillReport = {
      name: 'slow-printer',
      passed: false,
      lost,
      duplicated,
      hub_exits: 0,
      tickets: issued.length,
      copies: vp.tickets.length,
      printed_ok: printed.size,
      print_failed: failed.size,
      bytes_per_ticket: bytes,
      seconds_per_ticket_on_paper: Math.round(secondsEach * 100) / 100,
      seconds: Math.round((Date.now() - t0) / 100) / 10,
      problems,
    };
    report.passed = lost === 0 && duplicated === 0 && printed.size === issued.length && problems.length === 0;
    return report;
  } finally {
    await agent?.stop();
    if (port.isOpen) await new Promise<void>((res) => port.close(() => res()));
    await pty.close();
    await vp.close();
    await f.close();
  }
}
