/**
 * Erased personal data stays erased (issue 14, item 5): after the retention purge, the names and
 * rating reasons must not be readable anywhere in the raw bytes of hub.sqlite or hub.sqlite-wal —
 * not only absent from query results. The control run, with secure_delete off, shows the scan finds
 * what SQLite leaves in free space, so the assertion can fail.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { expectOk, send } from './client';
import { startFixture, type Fixture } from './fixture';

let f: Fixture;
afterEach(async () => {
  await f?.close();
});

const DAY = 86_400_000;
const VISITS = 40;
const nameOf = (i: number): string => `Phạm Zqxname${String(i).padStart(2, '0')} Thị`;
const reasonOf = (i: number): string => `chờ lâu Zqxreason${String(i).padStart(2, '0')}`;

/** How many distinct markers (`Zqxname07`, `Zqxreason12`…) the raw bytes of the database files contain. */
function markersOnDisk(prefix: 'Zqxname' | 'Zqxreason'): string[] {
  const found = new Set<string>();
  for (const file of ['hub.sqlite', 'hub.sqlite-wal']) {
    const path = join(f.dir, file);
    if (!existsSync(path)) continue;
    const text = readFileSync(path).toString('latin1');
    for (const m of text.matchAll(new RegExp(`${prefix}\\d\\d`, 'g'))) found.add(m[0]);
  }
  return [...found].sort();
}

/** 40 citizens scan their ID card, are served and rate the visit with a reason that is free text. */
async function serveAndRate(): Promise<void> {
  const { socket: kiosk } = await f.kiosk();
  const clerk = await f.clerk(1, 'c1');
  expectOk(await send(clerk, 'counter:open', { counterId: 'c1' }));
  for (let i = 0; i < VISITS; i++) {
    const citizen = { idNumber: `0792030${String(10_000 + i)}`, fullName: nameOf(i), dateOfBirth: '1980-04-12' };
    expectOk(await send(kiosk, 'ticket:issue', { serviceId: 's-chung-thuc', channel: 'kiosk', requestId: `erase-${String(1000 + i)}`, print: false, citizen }));
    const t = expectOk(await send(clerk, 'counter:callNext', { counterId: 'c1' }));
    expectOk(await send(clerk, 'ticket:finish', { ticketId: t.id }));
    expectOk(await send(clerk, 'ticket:rate', { ticketId: t.id, score: 1, reason: reasonOf(i) }));
  }
}

function purgeNextDay(): void {
  f.clock.advance(DAY);
  expect(f.hub.rollDayIfNeeded()).toBe(true);
}

describe('erased names are unrecoverable (secure_delete, WAL truncated, rating reasons purged too)', () => {
  it('no purged name or rating reason is left in the bytes of hub.sqlite or hub.sqlite-wal', async () => {
    f = await startFixture({ retention: { personalDataDays: 0, historyDays: 28 } });
    expect(f.hub.db.pragma('secure_delete', { simple: true })).toBe(1);
    await serveAndRate();
    // The scan sees them while they are kept (in the WAL, and in the database after a checkpoint).
    expect(markersOnDisk('Zqxname')).toHaveLength(VISITS);
    expect(markersOnDisk('Zqxreason')).toHaveLength(VISITS);
    f.hub.db.pragma('wal_checkpoint(PASSIVE)');

    purgeNextDay();
    const kept = f.hub.db.prepare("SELECT COUNT(*) AS n FROM tickets WHERE citizen_name IS NOT NULL OR citizen_id_hash IS NOT NULL OR rating_reason IS NOT NULL").get() as { n: number };
    expect(kept.n).toBe(0);
    const reasons = f.hub.events.after(0, 10_000).filter((e) => e.type === 'ticket.rated').map((e) => (e.payload as { reason: unknown }).reason);
    expect(reasons).toHaveLength(VISITS);
    expect(reasons.every((r) => r === null)).toBe(true);
    // The visits and their scores stay for the reports.
    expect(f.hub.db.prepare('SELECT COUNT(*) AS n FROM tickets WHERE rating = 1').get()).toEqual({ n: VISITS });

    expect(markersOnDisk('Zqxname')).toEqual([]);
    expect(markersOnDisk('Zqxreason')).toEqual([]);
    // The WAL was truncated by the purge's checkpoint.
    const wal = join(f.dir, 'hub.sqlite-wal');
    expect(existsSync(wal) ? readFileSync(wal).length : 0).toBeLessThan(64 * 1024);
  });

  it('control: with secure_delete off, the same purge leaves names readable on disk (the scan can fail)', async () => {
    f = await startFixture({ retention: { personalDataDays: 0, historyDays: 28 } });
    f.hub.db.pragma('secure_delete = OFF');
    await serveAndRate();
    f.hub.db.pragma('wal_checkpoint(PASSIVE)');
    purgeNextDay();
    expect(f.hub.db.prepare('SELECT COUNT(*) AS n FROM tickets WHERE citizen_name IS NOT NULL').get()).toEqual({ n: 0 });
    expect(markersOnDisk('Zqxname').length).toBeGreaterThan(0);
  });
});
