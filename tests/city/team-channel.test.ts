/**
 * A mobile-team assignment travelling city → hub and back, for real: a city server (embedded
 * PostgreSQL) and a ward's hub (SQLite, its own sync loop pulling the city's messages and uploading
 * its events). A city admin sends a member from the /teams form; the hub shows it to its manager,
 * who accepts it at a counter (a temporary clerk and the counter's skills for the assignment's
 * fields); the acceptance comes back up and the assignment reads "accepted" at the city, on /teams
 * and on the ward's page. The city withdraws it: the hub ends the skills and the status comes back
 * "withdrawn".
 *
 * Catches a send that writes the assignment without its message (break: the enqueueForHub call of
 * TeamService.assign replaced by a made-up seq — seen failing: "timed out waiting for the
 * assignment at the hub").
 *
 * Both clocks read today 09:59 in Vietnam (the hub's frozen, the city's moving with real time), so
 * the assignment's hours are ahead whatever the hour the suite runs at.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CityHandle } from '@motcua/city-server';
import { staffSession } from '@motcua/city-server/test-auth';
import { businessDay } from '@motcua/shared';
import { startFixture, type Fixture } from '@motcua/hub-server/test-fixture';
import { expectOk, send } from '@motcua/hub-server/test-client';
import { startTestCity, wardDayClock, type TestCity } from '../support/city';
import { waitFor as until } from '../support/wait-for';

const HUB = 'ward-team';
const { now } = wardDayClock(9, 59);
let testCity: TestCity;
let city: CityHandle;
let f: Fixture | null = null;
let key = '';

beforeAll(async () => {
  testCity = await startTestCity('team_e2e', { socketAdapter: 'memory', clock: { now } });
  city = testCity.city;
  key = (await city.registerHub({ hubId: HUB, name: { vi: 'Phường Thử Đội', en: 'Team Test Ward' } })).key;
});
afterAll(async () => {
  await f?.close();
  await testCity?.close();
});

describe('mobile team assignment, city → hub → city', () => {
  it('is sent from the city, accepted by the ward’s manager, and shown accepted at the city; a withdrawal ends it at the ward', async () => {
    const admin = await staffSession(city, 'admin');
    const viewer = await staffSession(city, 'viewer');
    const post = (path: string, fields: Record<string, string>): Promise<Response> =>
      fetch(`${city.url}${path}`, { method: 'POST', redirect: 'manual', headers: { cookie: admin.cookie, 'content-type': 'application/x-www-form-urlencoded', origin: city.url }, body: new URLSearchParams(fields).toString() });
    const status = async (): Promise<string | undefined> => (await city.server.pool.query<{ status: string }>('SELECT status FROM city_team_assignments WHERE hub_id = $1', [HUB])).rows[0]?.status;

    f = await startFixture({ hubId: HUB, city: { url: city.url, key, intervalMs: 500, backoffBaseMs: 50, backoffMaxMs: 500, requestTimeoutMs: 2000 } }, now());
    const hub = f.hub;
    // The hub's catalogue reaches the city first (the city checks the ward has the fields it sends for).
    await until('the ward’s fields at the city', async () => (await city.server.pool.query<{ field_codes: string[] }>('SELECT field_codes FROM city_hubs WHERE hub_id = $1', [HUB])).rows[0]?.field_codes.includes('DD'));

    expect((await post('/teams/members', { name: 'Phạm Minh Đức', phone: '0912 000 111', fieldCodes: 'DD', active: 'on' })).status).toBe(303);
    const memberId = (await city.server.teams.members()).find((m) => m.name === 'Phạm Minh Đức')!.memberId;
    const day = businessDay(now());
    const sentAt = Date.now();
    const sent = await post('/teams/assign', { memberId: String(memberId), hubId: HUB, fieldCodes: 'DD', day, from: '10:00', to: '12:00', note: 'Hỗ trợ hồ sơ đất đai' });
    expect(sent.status).toBe(303);
    const id = (await city.server.teams.assignments({ from: day, to: day, hubId: HUB }))[0]!.assignmentId;
    expect(await status()).toBe('sent');

    // At the ward: pending for the manager, who sees it in the manager app's list.
    const m = await f.manager();
    const pending = await until('the assignment at the hub', () => hub.teams.list(day).find((a) => a.id === id));
    const arrivalMs = Date.now() - sentAt;
    expect(pending).toMatchObject({ state: 'pending', staffName: 'Phạm Minh Đức', fieldCodes: ['DD'], from: '10:00', to: '12:00', note: 'Hỗ trợ hồ sơ đất đai' });
    expect(expectOk(await send(m, 'manager:teamAssignments', {})).map((a) => a.id)).toContain(id);
    // Its arrival comes back up: delivered, waiting for the manager.
    await until('delivered at the city', async () => (await status()) === 'delivered');

    // The manager accepts it at counter c1: a temporary clerk and c1 serves land until 12:00.
    const d = expectOk(await send(m, 'manager:decideTeamAssignment', { id, accept: true, counterId: 'c1' }));
    expect(d.assignment).toMatchObject({ state: 'accepted', counterId: 'c1', clerkUsername: `doi.m${memberId}` });
    expect(d.pin).toMatch(/^\d{6}$/);
    expect(hub.counters.byId('c1')?.primary).toContain('s-dat-dai');
    const acceptedAt = Date.now();
    await until('accepted at the city', async () => (await status()) === 'accepted');
    const backMs = Date.now() - acceptedAt;
    const teamsPage = await (await fetch(`${city.url}/teams`, { headers: { cookie: viewer.cookie } })).text();
    expect(teamsPage).toMatch(new RegExp(`data-assignment="${id}" data-status="accepted"><td>Phạm Minh Đức</td>`));
    const wardPage = await (await fetch(`${city.url}/ward/${HUB}`, { headers: { cookie: viewer.cookie } })).text();
    expect(wardPage).toContain('Phường đã chấp nhận');

    // The city withdraws it: the ward ends the skill and the account; the city reads it withdrawn.
    expect((await post(`/teams/assignments/${id}/withdraw`, {})).status).toBe(303);
    expect(await status()).toBe('withdrawing');
    await until('withdrawn at the ward', () => hub.teams.list(day).find((a) => a.id === id)?.state === 'withdrawn');
    expect(hub.counters.byId('c1')?.primary).not.toContain('s-dat-dai');
    await until('withdrawn at the city', async () => (await status()) === 'withdrawn');
    console.info(`team channel: city → hub ${arrivalMs} ms, acceptance → city ${backMs} ms (sync interval 500 ms)`);
  });
});
