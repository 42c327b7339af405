/**
 * The agent against a real socket.io server (typed with the shared protocol) on an ephemeral
 * port, with virtual devices behind real drivers (TCP printer, PTY scanner/keypad/rating/LED).
 */
import { PROTOCOL_VERSION, fail, ok, type ClientToServerEvents, type DeviceInput, type PeripheralStatus, type PrintResultInput, type ServerToClientEvents } from '@motcua/shared';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket } from 'socket.io';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentConfig } from '../config';
import { sampleTicket } from '../printer/sample-ticket';
import { startVirtualDevices, type VirtualDevices } from '../virtual';
import { DeviceAgent } from './agent';

type ServerSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

async function until(cond: () => boolean, timeoutMs = 8000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('DeviceAgent with a real socket.io hub', () => {
  const http = createServer();
  const hub = new Server<ClientToServerEvents, ServerToClientEvents>(http);
  let port = 0;
  let virtual: VirtualDevices;
  let agent: DeviceAgent;
  const results: PrintResultInput[] = [];
  const inputs: DeviceInput[] = [];
  const statuses: PeripheralStatus[][] = [];
  let connections = 0;
  let current: ServerSocket | null = null;
  let refuseResults = 0;

  beforeAll(async () => {
    hub.use((socket, next) => {
      const auth = socket.handshake.auth as { protocolVersion?: number; token?: string };
      if (auth.protocolVersion !== PROTOCOL_VERSION) return next(new Error('protocol_mismatch'));
      if (auth.token !== 'device-token-123') return next(new Error('unauthenticated'));
      next();
    });
    hub.on('connection', (s: ServerSocket) => {
      connections++;
      current = s;
      s.on('print:result', (r, ack) => {
        if (refuseResults > 0) {
          refuseResults--;
          return ack(fail('internal'));
        }
        results.push(r);
        ack(ok(null));
      });
      s.on('device:input', (i, ack) => {
        inputs.push(i);
        ack(ok(null));
      });
      s.on('device:status', (st, ack) => {
        statuses.push(st.peripherals);
        ack(ok(null));
      });
    });
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', () => r()));
    port = (http.address() as AddressInfo).port;
    virtual = await startVirtualDevices({ serial: true, ledCounters: { 3: 5 } });
    const config = AgentConfig.parse({ hubUrl: `http://127.0.0.1:${port}`, deviceToken: 'device-token-123', ...virtual.devicesConfig, print: { attempts: 2, retryDelayMs: 100, retryWithinMs: 1000 }, logLevel: 'silent' });
    agent = new DeviceAgent({ config });
    await agent.start();
    await until(() => agent.connected);
  });

  afterAll(async () => {
    await agent.stop();
    await virtual.close();
    await hub.close();
  });

  it('authenticates with the device token and reports every device', async () => {
    await until(() => statuses.some((s) => s.length === 5 && s.every((p) => p.health === 'ready')));
    const last = statuses.at(-1)!;
    expect(last.map((p) => p.kind).sort()).toEqual(['keypad', 'led', 'printer', 'rating_pad', 'scanner']);
  });

  it('prints a job and reports success', async () => {
    const next = virtual.printer.nextTicket();
    current!.emit('print:job', { jobId: 'job-1', peripheral: 'printer', ticketId: 't1', ticket: sampleTicket(1) });
    await next;
    await until(() => results.some((r) => r.jobId === 'job-1'));
    expect(results.find((r) => r.jobId === 'job-1')).toEqual({ jobId: 'job-1', ok: true });
  });

  it('a job sent twice is printed once', async () => {
    const before = virtual.printer.tickets.length;
    current!.emit('print:job', { jobId: 'job-1', peripheral: 'printer', ticketId: 't1', ticket: sampleTicket(1) });
    await until(() => results.filter((r) => r.jobId === 'job-1').length === 2);
    expect(virtual.printer.tickets.length).toBe(before);
  });

  it('out of paper: retries, then reports the failure with its reason; status says paper_out', async () => {
    virtual.printer.set({ paperOut: true });
    current!.emit('print:job', { jobId: 'job-2', peripheral: 'printer', ticketId: 't2', ticket: sampleTicket(2) });
    await until(() => results.some((r) => r.jobId === 'job-2'));
    const r = results.find((x) => x.jobId === 'job-2')!;
    expect(r.ok).toBe(false);
    expect(r.error?.code).toBe('paper_out');
    expect(r.error?.message).toMatch(/hết giấy/);
    await until(() => statuses.at(-1)!.some((p) => p.kind === 'printer' && p.health === 'paper_out'));
    virtual.printer.set({ paperOut: false });
  });

  it('a job for a printer it does not have fails visibly', async () => {
    current!.emit('print:job', { jobId: 'job-3', peripheral: 'nope', ticketId: 't3', ticket: sampleTicket(3) });
    await until(() => results.some((r) => r.jobId === 'job-3'));
    expect(results.find((r) => r.jobId === 'job-3')?.error?.code).toBe('not_found');
  });

  it('keeps re-sending a result until the hub acknowledges it', async () => {
    refuseResults = 1;
    current!.emit('print:job', { jobId: 'job-4', peripheral: 'printer', ticketId: 't4', ticket: sampleTicket(4) });
    await until(() => results.some((r) => r.jobId === 'job-4'), 10_000);
    expect(refuseResults).toBe(0);
  });

  it('forwards scans, keys and ratings', async () => {
    await virtual.scanner!.scan('079303004567||Trần Thị Ứng Hoà|29022004|Nữ|Bình Chánh|10102022');
    await virtual.keypad!.press('call_next');
    current!.emit('rating:request', { ticketId: 't1', number: '1001', counterId: 'c3', timeoutSec: 30, scale: 5 });
    await virtual.ratingPad!.waitForPrompt();
    await virtual.ratingPad!.rate(5);
    await until(() => inputs.length >= 3);
    expect(inputs).toEqual(
      expect.arrayContaining([
        { type: 'scan', peripheral: 'scanner', data: '079303004567||Trần Thị Ứng Hoà|29022004|Nữ|Bình Chánh|10102022' },
        { type: 'key', peripheral: 'keypad', key: 'call_next' },
        { type: 'rating', peripheral: 'rating', score: 5 },
      ]),
    );
  });

  it('drives the LED board', async () => {
    current!.emit('led:show', { target: 'counter', counterId: 'c3', counterNumber: 3, number: '1023' });
    current!.emit('led:show', { target: 'main', lines: ['Mời công dân số 1023', 'đến quầy số 3'] });
    await until(() => virtual.led!.digits.get(5) === 1023 && virtual.led!.lines.get(100)?.get(1) === 'đến quầy số 3');
  });

  it('reconnects by itself after the hub drops it', async () => {
    const before = connections;
    current!.disconnect(true);
    await until(() => connections === before + 1 && agent.connected);
    const next = virtual.printer.nextTicket();
    current!.emit('print:job', { jobId: 'job-5', peripheral: 'printer', ticketId: 't5', ticket: sampleTicket(5) });
    await next;
    await until(() => results.some((r) => r.jobId === 'job-5'));
  });
});

describe('DeviceAgent refused by the hub', () => {
  it('does not crash on a wrong token and keeps trying', async () => {
    const http = createServer();
    const hub = new Server(http);
    let attempts = 0;
    hub.use((_s, next) => {
      attempts++;
      next(new Error('unauthenticated'));
    });
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', () => r()));
    const config = AgentConfig.parse({ hubUrl: `http://127.0.0.1:${(http.address() as AddressInfo).port}`, deviceToken: 'wrong', logLevel: 'silent' });
    const agent = new DeviceAgent({ config });
    const reasons: (string | null)[] = [];
    agent.on('connection', (c) => reasons.push(c.reason));
    await agent.start();
    await until(() => attempts >= 1 && reasons.includes('unauthenticated'));
    expect(agent.connected).toBe(false);
    await agent.stop();
    await hub.close();
  });
});
