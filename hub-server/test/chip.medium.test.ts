/**
 * The kiosk's chip read through a real hub over socket.io: the kiosk asks, the hub sends the
 * request to the kiosk's own agent (and no other), only that agent may answer, and the ticket
 * takes the name and age priority from the hub's copy of the read — verified chip data only.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ChipCitizen, ChipReadOutcome, ChipReadRequest } from '@motcua/shared';
import { expectOk, send, type HubClient } from './client';
import { startFixture, type Fixture } from './fixture';

let f: Fixture | null = null;
afterEach(async () => {
  await f?.close();
  f = null;
});

const CHIP_READY = { peripherals: [{ name: 'chip', kind: 'chip_reader' as const, health: 'ready' as const, detail: null, at: 0 }] };
const elderlyRead = (verified: boolean): ChipReadOutcome => ({ ok: true, fullName: 'TRẦN THỊ BÌNH', ageBand: { min: 60, max: 75 }, verified });

async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 300 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!cond()) throw new Error('not within 3 s');
}

async function bench(): Promise<{ f: Fixture; kiosk: HubClient; agent: HubClient; other: HubClient; requests: ChipReadRequest[]; otherRequests: ChipReadRequest[]; answers: ChipCitizen[] }> {
  const fx = await startFixture();
  f = fx;
  const { socket: kiosk, deviceId } = await fx.kiosk();
  const { deviceId: kiosk2 } = await fx.kiosk();
  const m = await fx.manager();
  const pair = async (bound: string, name: string): Promise<HubClient> => {
    const { code } = expectOk(await send(m, 'manager:createPairingCode', { kind: 'agent', boundDeviceId: bound }));
    return fx.connect(expectOk(await send(await fx.connect(), 'device:pair', { code, name })).token);
  };
  const agent = await pair(deviceId, 'kiosk agent');
  // Another kiosk's agent, also with a ready chip reader.
  const other = await pair(kiosk2, 'other kiosk agent');
  const requests: ChipReadRequest[] = [];
  const otherRequests: ChipReadRequest[] = [];
  const answers: ChipCitizen[] = [];
  agent.on('chip:read', (r) => requests.push(r));
  other.on('chip:read', (r) => otherRequests.push(r));
  kiosk.on('kiosk:chip', (c) => answers.push(c));
  return { f: fx, kiosk, agent, other, requests, otherRequests, answers };
}

describe('kiosk chip read through the hub', () => {
  it('no ready chip reader: refused; the reader reported ready: offered in kiosk:printer and sent to the own agent only', async () => {
    const b = await bench();
    const refused = await send(b.kiosk, 'kiosk:readChip', { requestId: 'chip-read-0001', can: '482915' });
    expect(refused.ok ? 'ok' : refused.error.code).toBe('service_unavailable');
    expectOk(await send(b.agent, 'device:status', CHIP_READY));
    expectOk(await send(b.other, 'device:status', CHIP_READY));
    expect(expectOk(await send(b.kiosk, 'kiosk:printer', {})).chipReaders.map((p) => p.health)).toEqual(['ready']);
    const qr = { idNumber: '079058012345', dateOfBirth: '1958-03-15', issueDate: '2021-05-10' };
    expectOk(await send(b.kiosk, 'kiosk:readChip', { requestId: 'chip-read-0002', qr }));
    await until(() => b.requests.length === 1);
    expect(b.requests[0]).toEqual({ requestId: 'chip-read-0002', qr, can: null });
    expect(b.otherRequests).toEqual([]);
    // Catches a hub that takes a chip result from any agent: the other kiosk's agent cannot answer it.
    const foreign = await send(b.other, 'chip:result', { requestId: 'chip-read-0002', outcome: elderlyRead(true) });
    expect(foreign.ok ? 'ok' : foreign.error.code).toBe('forbidden');
    expectOk(await send(b.agent, 'chip:result', { requestId: 'chip-read-0002', outcome: elderlyRead(true) }));
    await until(() => b.answers.length === 1);
    expect(b.answers[0]).toEqual({ requestId: 'chip-read-0002', outcome: elderlyRead(true), elderly: true });
    const t = expectOk(await send(b.kiosk, 'ticket:issue', { serviceId: 's-chung-thuc', channel: 'kiosk', requestId: 'chip-issue-0001', print: false, chipReadId: 'chip-read-0002' }));
    expect(t.ticket.priorityGroup).toBe('elderly');
    expect(b.f.hub.tickets.byId(t.ticket.id)?.citizenName).toBe('TRẦN THỊ BÌNH');
  });

  // Catches elderly priority granted from chip data whose issuer was not verified, or from the QR the kiosk also sends.
  it('unverified chip data gives no age priority, whatever the QR says; another kiosk cannot use the read', async () => {
    const b = await bench();
    expectOk(await send(b.agent, 'device:status', CHIP_READY));
    expectOk(await send(b.kiosk, 'kiosk:readChip', { requestId: 'chip-read-0003', can: '482915' }));
    await until(() => b.requests.length === 1);
    expectOk(await send(b.agent, 'chip:result', { requestId: 'chip-read-0003', outcome: elderlyRead(false) }));
    await until(() => b.answers.length === 1);
    expect(b.answers[0]!.elderly).toBe(false);
    const elderlyQr = { idNumber: '079050012345', fullName: 'Nguyễn Văn An', dateOfBirth: '1950-03-15' };
    const t = expectOk(await send(b.kiosk, 'ticket:issue', { serviceId: 's-chung-thuc', channel: 'kiosk', requestId: 'chip-issue-0002', print: false, chipReadId: 'chip-read-0003', citizen: elderlyQr }));
    expect(t.ticket.priorityGroup).toBeNull();
    expect(b.f.hub.tickets.byId(t.ticket.id)?.citizenName).toBe('TRẦN THỊ BÌNH');
    const { socket: kiosk2 } = await b.f.kiosk();
    const stolen = await send(kiosk2, 'ticket:issue', { serviceId: 's-chung-thuc', channel: 'kiosk', requestId: 'chip-issue-0003', print: false, chipReadId: 'chip-read-0003' });
    expect(stolen.ok ? 'ok' : stolen.error.code).toBe('not_found');
  });
});
