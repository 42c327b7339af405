/**
 * Crash drill: SIGKILL the hub while four kiosks issue tickets, restart it on the same data, and
 * check that no acknowledged ticket is lost, no number is issued twice, and retried taps (same
 * requestId) never yield a second ticket.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { connect, expectOk, send, type HubClient } from '@motcua/hub-server/test-client';
import { startHubProcess, type HubProcess } from './support/hub-process';

const dir = mkdtempSync(join(tmpdir(), 'motcua-crash-'));
let hub: HubProcess | null = null;
const sockets: HubClient[] = [];
afterAll(async () => {
  for (const s of sockets) s.close();
  await hub?.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

async function pairKiosks(url: string, n: number): Promise<string[]> {
  const m = await connect(url);
  sockets.push(m);
  expectOk(await send(m, 'auth:login', { username: 'quanly', password: 'quanly2025' }));
  const tokens: string[] = [];
  for (let i = 0; i < n; i++) {
    const { code } = expectOk(await send(m, 'manager:createPairingCode', { kind: 'kiosk' }));
    const s = await connect(url);
    sockets.push(s);
    tokens.push(expectOk(await send(s, 'device:pair', { code, name: `Kiosk ${i + 1}` })).token);
    s.close();
  }
  m.close();
  return tokens;
}

interface Acked {
  id: string;
  number: string;
  requestId: string;
}

describe('crash drill', () => {
  it('loses no acknowledged ticket and repeats no number across SIGKILL and restart', async () => {
    hub = await startHubProcess(dir);
    const tokens = await pairKiosks(hub.url, 4);
    const acked: Acked[] = [];
    const inFlight = new Map<string, { token: string; serviceId: string }>();
    const services = ['s-chung-thuc', 's-ho-tich', 's-dat-dai', 's-tra-ket-qua'];
    let stop = false;

    const kioskLoop = async (token: string, k: number): Promise<void> => {
      const s = await connect(hub!.url, token);
      sockets.push(s);
      s.io.opts.reconnection = false;
      for (let i = 0; !stop; i++) {
        const requestId = `crash-k${k}-${i.toString().padStart(6, '0')}`;
        const serviceId = services[(k + i) % services.length]!;
        inFlight.set(requestId, { token, serviceId });
        const r = await Promise.race([send(s, 'ticket:issue', { serviceId, channel: 'kiosk', requestId, print: false }), new Promise<null>((res) => s.once('disconnect', () => res(null)))]);
        if (r === null) return; // the hub died with this request in flight
        const d = expectOk(r);
        inFlight.delete(requestId);
        acked.push({ id: d.ticket.id, number: d.ticket.number, requestId });
      }
    };
    const loops = tokens.map((t, k) => kioskLoop(t, k));
    await new Promise((r) => setTimeout(r, 1500));
    await hub.kill('SIGKILL');
    stop = true;
    await Promise.all(loops);
    expect(acked.length).toBeGreaterThan(20);

    hub = await startHubProcess(dir);
    // Retry every tap that was in flight, with the same requestId, as a kiosk does after reconnecting.
    const retried: Acked[] = [];
    for (const [requestId, { token, serviceId }] of inFlight) {
      const s = await connect(hub.url, token);
      sockets.push(s);
      const d = expectOk(await send(s, 'ticket:issue', { serviceId, channel: 'kiosk', requestId, print: false }));
      retried.push({ id: d.ticket.id, number: d.ticket.number, requestId });
      s.close();
    }
    // And new tickets after the restart continue the numbering.
    const s = await connect(hub.url, tokens[0]);
    sockets.push(s);
    const after = expectOk(await send(s, 'ticket:issue', { serviceId: 's-chung-thuc', channel: 'kiosk', requestId: 'after-restart-1', print: false }));

    const db = new Database(join(dir, 'hub.sqlite'), { readonly: true });
    const rows = db.prepare('SELECT id, number, request_id FROM tickets').all() as { id: string; number: string; request_id: string }[];
    db.close();
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const a of acked) expect(byId.get(a.id)?.number, `acknowledged ticket ${a.number} lost`).toBe(a.number);
    const numbers = rows.map((r) => r.number);
    expect(new Set(numbers).size).toBe(numbers.length);
    const requestIds = rows.map((r) => r.request_id);
    expect(new Set(requestIds).size).toBe(requestIds.length);
    for (const r of retried) expect(byId.get(r.id)?.request_id).toBe(r.requestId);
    const maxBefore = Math.max(...acked.filter((a) => a.number.startsWith('1')).map((a) => Number(a.number)));
    expect(Number(after.ticket.number)).toBeGreaterThan(maxBefore);
  });
});
