/**
 * A full disk never ends the hub (issue 15, item 1). The hub's data folder is a real 8 MB tmpfs;
 * a filler file takes the rest of it while the hub serves, so SQLite's own writes fail with
 * SQLITE_FULL exactly as on a full disk. Devices then connect and leave, a kiosk issues, a print
 * job times out — the hub stays up, refuses writes with `storage_unavailable`, keeps answering
 * reads, tells the manager and the kiosks (`hub:health`), and recovers by itself once the filler
 * is removed.
 *
 * Mounting needs root (CI runs as root); elsewhere the test is skipped and says so.
 *
 * Deliberate break seen failing: executor.ts rethrowing the storage error instead of refusing
 * (the gateway's fallback still refuses the commands, but the print timeout's write throws, is never
 * tried again, and the kiosk never hears `print:failed`: "condition not reached in time").
 * The second test catches gateway.ts answering `internal` to a storage error met outside hub.exec.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PROTOCOL_VERSION, type HubHealth, type PrintFailed, type PrintJob } from '@motcua/shared';
import { io } from 'socket.io-client';
import { STORAGE_PROBE_MS } from '../src/services/storage-health';
import { expectOk, send, type HubClient } from './client';
import { startFixture, type Fixture } from './fixture';

const isRoot = process.getuid?.() === 0;
let f: Fixture | undefined;
let mountPoint: string | undefined;

afterEach(async () => {
  await f?.close().catch(() => undefined);
  f = undefined;
  if (mountPoint) {
    execFileSync('umount', ['-l', mountPoint]);
    rmSync(mountPoint, { recursive: true, force: true });
    mountPoint = undefined;
  }
});

/** Fills the filesystem at `dir` with one file until ENOSPC; returns the file. */
function fillDisk(dir: string): string {
  const file = join(dir, 'filler.bin');
  const fd = openSync(file, 'w');
  const chunk = Buffer.alloc(64 * 1024, 1);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
  }
  // Fill the last partial block too.
  try {
    for (;;) writeSync(fd, chunk, 0, 512);
  } catch {
    /* full */
  } finally {
    closeSync(fd);
  }
  return file;
}

const until = async (cond: () => boolean, ms = 5000): Promise<void> => {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  if (!cond()) throw new Error('condition not reached in time');
};

const issue = (requestId: string, print = false) => ({ serviceId: 's-chung-thuc', channel: 'kiosk' as const, requestId, print });

describe.skipIf(!isRoot)('a full disk while serving (real tmpfs; needs root)', () => {
  it('refuses writes clearly, keeps reads, alarms manager and kiosk, survives device churn and a print timeout, then recovers by itself', { timeout: 30_000 }, async () => {
    mountPoint = mkdtempSync(join(tmpdir(), 'motcua-storage-fs-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', mountPoint]);
    const dataDir = join(mountPoint, 'data');
    mkdirSync(dataDir);
    f = await startFixture({ printTimeoutMs: 500 }, undefined, dataDir);
    const fx = f;
    const m = await fx.manager();
    const { socket: kiosk, deviceId: kioskId, token: kioskToken } = await fx.kiosk();
    const agentCode = expectOk(await send(m, 'manager:createPairingCode', { kind: 'agent', boundDeviceId: kioskId })).code;
    const agent = await fx.connect(expectOk(await send(await fx.connect(), 'device:pair', { code: agentCode, name: 'kiosk agent' })).token);
    const displayCode = expectOk(await send(m, 'manager:createPairingCode', { kind: 'display' })).code;
    const displayToken = expectOk(await send(await fx.connect(), 'device:pair', { code: displayCode, name: 'Bảng sảnh' })).token;
    let display: HubClient = await fx.connect(displayToken);
    const clerk = await fx.clerk(1, 'c1');
    expectOk(await send(clerk, 'counter:open', { counterId: 'c1' }));
    const before = expectOk(await send(kiosk, 'ticket:issue', issue('storage-0001')));

    const health: { manager: HubHealth[]; kiosk: HubHealth[] } = { manager: [], kiosk: [] };
    m.on('hub:health', (h) => health.manager.push(h));
    kiosk.on('hub:health', (h) => health.kiosk.push(h));
    const jobs: PrintJob[] = [];
    const failed: PrintFailed[] = [];
    agent.on('print:job', (j) => jobs.push(j));
    kiosk.on('print:failed', (x) => failed.push(x));

    // A ticket with a print job nobody answers: its timeout falls while the disk is full.
    const printed = expectOk(await send(kiosk, 'ticket:issue', issue('storage-0002', true)));
    expect(printed.printJobId).not.toBeNull();
    await until(() => jobs.length === 1);

    // The disk fills: an empty WAL must grow for any write, and nothing is left to grow into.
    fx.hub.db.pragma('wal_checkpoint(TRUNCATE)');
    const filler = fillDisk(mountPoint);

    const refused = await send(kiosk, 'ticket:issue', issue('storage-0003'));
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.error.code).toBe('storage_unavailable');
    expect(refused.error.message).toMatch(/không ghi được dữ liệu/);
    await until(() => health.manager.length === 1 && health.kiosk.length === 1);
    expect(health.manager[0]?.storage).toBe('unavailable');
    expect(health.manager[0]?.code).toMatch(/^SQLITE_(FULL|IOERR)/);
    expect(fx.hub.storage.available).toBe(false);

    // The print timeout falls now: its write is refused and tried again later; the hub stays up.
    await new Promise((r) => setTimeout(r, 700));
    expect(failed).toHaveLength(0);

    // Devices leave and come back (presence writes), a clerk acts: refusals, never an exit.
    display.close();
    await new Promise((r) => setTimeout(r, 100));
    display = io(fx.hub.url, { auth: { protocolVersion: PROTOCOL_VERSION, token: displayToken }, transports: ['websocket'], reconnection: false, autoConnect: false });
    fx.sockets.push(display);
    const displayHealth = new Promise<HubHealth>((resolve) => display.once('hub:health', resolve));
    display.connect();
    // The kiosk's second socket (a reload) connects and leaves again.
    const kiosk2 = await fx.connect(kioskToken);
    kiosk2.close();
    expect((await displayHealth).storage).toBe('unavailable'); // a client connecting while it is down is told at once
    const call = await send(clerk, 'counter:callNext', { counterId: 'c1' });
    expect(call.ok ? 'ok' : call.error.code).toBe('storage_unavailable');

    // Reads keep working.
    const snap = expectOk(await send(display, 'state:snapshot', {}));
    expect(snap.tickets.map((t) => t.id)).toEqual(expect.arrayContaining([before.ticket.id, printed.ticket.id]));
    expect(fx.hub.tickets.byId(before.ticket.id)?.state).toBe('waiting');

    // Space returns: the probe finds it within STORAGE_PROBE_MS, everyone is told, writes resume.
    rmSync(filler);
    await until(() => health.manager.length === 2 && health.kiosk.length === 2, STORAGE_PROBE_MS + 3000);
    expect(health.manager[1]).toEqual({ storage: 'ok', since: null, code: null });
    expect(fx.hub.storage.available).toBe(true);
    // The refused print timeout is settled now and the kiosk shows the ticket on screen.
    await until(() => failed.length === 1, 3000);
    expect(failed[0]).toMatchObject({ jobId: printed.printJobId, ticketId: printed.ticket.id, error: { code: 'timeout' } });
    const after = expectOk(await send(kiosk, 'ticket:issue', issue('storage-0004')));
    expect(after.ticket.number).toBe('1003'); // 1001, 1002 issued; the refused one took no number
    expectOk(await send(clerk, 'counter:callNext', { counterId: 'c1' }));
    const outage = fx.hub.db.prepare("SELECT payload FROM events WHERE type = 'hub.storage_recovered'").all() as { payload: string }[];
    expect(outage).toHaveLength(1);
    const o = JSON.parse(outage[0]!.payload) as { since: number; until: number; refused: number };
    expect(o.refused).toBeGreaterThanOrEqual(2);
    display.close();
  });
});

describe('storage errors outside a real full disk', () => {
  it('a sign-in whose session write meets a storage error is refused as storage_unavailable, not internal', async () => {
    // Catches: gateway.ts answering `internal` (as for a bug) to a write outside hub.exec that meets
    // a full disk, and not raising the alarm.
    f = await startFixture();
    const fx = f;
    const s: HubClient = await fx.connect();
    const err = Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR_WRITE' });
    const spy = vi.spyOn(fx.hub.auth, 'checkCredentials').mockRejectedValue(err);
    const r = await send(s, 'auth:login', { username: 'quanly', password: 'quanly2025' });
    spy.mockRestore();
    expect(r.ok ? 'ok' : r.error.code).toBe('storage_unavailable');
    expect(fx.hub.storage.available).toBe(false);
    // The probe finds the (real, writable) disk fine and clears the alarm.
    expect(fx.hub.storage.probe()).toBe(true);
    expect(fx.hub.storage.available).toBe(true);
  });
});
