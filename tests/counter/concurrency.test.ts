/**
 * "Two clerks pressing call next at the same instant never get the same ticket": many parallel
 * calls from five counters against a real hub, and a single ticket fought over by two counters.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ticket } from '@motcua/shared';
import { startFixture, type Fixture } from '@motcua/hub-server/test-fixture';
import { expectOk, send, type HubClient } from '@motcua/hub-server/test-client';
import { issue } from './support';

let f: Fixture;
let kiosk: HubClient;
const clerks: { counterId: string; socket: HubClient }[] = [];

beforeAll(async () => {
  f = await startFixture();
  kiosk = (await f.kiosk()).socket;
  for (let n = 1; n <= 5; n++) {
    const socket = await f.clerk(n, `c${n}`);
    expectOk(await send(socket, 'counter:open', { counterId: `c${n}` }));
    clerks.push({ counterId: `c${n}`, socket });
  }
});
afterAll(async () => {
  await f?.close();
});

describe('call next under contention', () => {
  it('gives every ticket to one counter only, with 60 parallel calls from 5 counters', async () => {
    const services = ['s-chung-thuc', 's-ho-tich', 's-dat-dai', 's-kinh-doanh', 's-lao-dong', 's-tra-ket-qua'];
    const issued = [];
    for (let i = 0; i < 42; i++) issued.push(await issue(kiosk, services[i % services.length]!));
    const calls = clerks.flatMap(({ counterId, socket }) => Array.from({ length: 12 }, () => send(socket, 'counter:callNext', { counterId }).then((r) => ({ counterId, r }))));
    const results = await Promise.all(calls);
    const called: { counterId: string; ticket: Ticket }[] = [];
    for (const { counterId, r } of results) {
      if (r.ok) called.push({ counterId, ticket: r.data });
      else expect(r.error.code).toBe('no_ticket'); // the only acceptable refusal
    }
    const ids = called.map((c) => c.ticket.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(called.length).toBeGreaterThan(30);
    for (const c of called) {
      const row = f.hub.tickets.byId(c.ticket.id)!;
      expect(row.counterId).toBe(c.counterId);
    }
    // Every issued ticket is in exactly one state, none lost.
    const states = issued.map((t) => f.hub.tickets.byId(t.ticket.id)!.state);
    expect(states.every((s) => ['waiting', 'called', 'done'].includes(s))).toBe(true);
    expect(states.filter((s) => s !== 'waiting').length).toBe(called.length);
  });

  it('lets exactly one of two counters take a lone ticket, twenty times over', async () => {
    // Drain: finish whatever is current and empty the queues.
    for (const { counterId, socket } of clerks) {
      for (;;) {
        const r = await send(socket, 'counter:callNext', { counterId });
        if (!r.ok) break;
      }
    }
    const [c1, c2] = clerks as [(typeof clerks)[0], (typeof clerks)[0]];
    for (let round = 0; round < 20; round++) {
      const t = await issue(kiosk, 's-chung-thuc'); // c1 primary, c2 secondary
      const [a, b] = await Promise.all([send(c1.socket, 'counter:callNext', { counterId: 'c1' }), send(c2.socket, 'counter:callNext', { counterId: 'c2' })]);
      const winners = [a, b].filter((r) => r.ok);
      expect(winners).toHaveLength(1);
      expect(winners[0]!.ok && winners[0]!.data.id).toBe(t.ticket.id);
      const loser = [a, b].find((r) => !r.ok);
      expect(loser && !loser.ok && loser.error.code).toBe('no_ticket');
    }
  });
});
