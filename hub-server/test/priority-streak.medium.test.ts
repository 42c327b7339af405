/**
 * The fair priority rule survives a restart (issue 16 item 2): at most `maxInRow` (2) priority calls
 * in a row while others wait. The streak is stored per business day (migration 6, dispatch_state), so
 * a hub restarted after two priority calls still calls the waiting non-priority visitor next.
 * Bug it catches: with the streak kept in memory (QueueService field, reset to 0 on restart), the
 * restarted hub called a third priority ticket in a row (seen failing with the streak not read back).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { expectOk, send } from './client';
import { MONDAY_9AM, startFixture, type Fixture } from './fixture';

let f: Fixture | undefined;
afterEach(async () => {
  await f?.close();
  f = undefined;
});

const issue = (requestId: string, priorityGroup: 'elderly' | null) => ({ serviceId: 's-chung-thuc', channel: 'kiosk' as const, requestId, print: false, ...(priorityGroup ? { priorityGroup } : {}) });

describe('priority streak across a restart', () => {
  it('after two priority calls and a restart, the non-priority visitor is called before a third priority one', async () => {
    const first = await startFixture();
    f = first;
    const { socket: kiosk } = await first.kiosk();
    const walkIn = expectOk(await send(kiosk, 'ticket:issue', issue('streak-0001', null)));
    first.clock.advance(60_000);
    const prio = [];
    for (let i = 0; i < 4; i++) prio.push(expectOk(await send(kiosk, 'ticket:issue', issue(`streak-p00${i}`, 'elderly'))));
    expect(prio.every((p) => p.ticket.priorityGroup === 'elderly')).toBe(true);
    const clerk = await first.clerk(1, 'c1');
    expectOk(await send(clerk, 'counter:open', { counterId: 'c1' }));
    const a = expectOk(await send(clerk, 'counter:callNext', { counterId: 'c1' }));
    const b = expectOk(await send(clerk, 'counter:callNext', { counterId: 'c1' }));
    expect([a.priorityGroup, b.priorityGroup]).toEqual(['elderly', 'elderly']);
    const dir = first.dir;
    await first.hub.close();

    f = await startFixture({}, MONDAY_9AM + 5 * 60_000, dir);
    const clerk2 = await f.clerk(1, 'c1');
    const open = await send(clerk2, 'counter:open', { counterId: 'c1' });
    if (!open.ok) expect(open.error.code).toBe('invalid_state');
    const next = expectOk(await send(clerk2, 'counter:callNext', { counterId: 'c1' }));
    expect(next.id).toBe(walkIn.ticket.id);
    // The streak restarts after a non-priority call: priority goes first again.
    const after = expectOk(await send(clerk2, 'counter:callNext', { counterId: 'c1' }));
    expect(after.priorityGroup).toBe('elderly');
  });
});
