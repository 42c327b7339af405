/**
 * The city's mobile support team on a real PostgreSQL: the roster (admin writes, audited; a viewer
 * reads only), the recommender on the wards' live queue and same-weekday history, one send = the
 * assignment row and its `team.assigned` message in one transaction, a move withdrawing the
 * member's current assignment in the same transaction, the hub's answers (synced up as events)
 * projected onto the status, and the week's assignments in the weekly report.
 *
 * The city's clock (and the test hubs' signing clock) is today's real time moved to 09:59 in
 * Vietnam, so the wards are open whatever the hour the suite runs at.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { addDays, businessDay, hubEvent, localMidnight, type CityToHubMessage, type HubEvent, type SyncEvent } from '@motcua/shared';
import { readOutbox } from '../src/channel/outbox';
import { startCityServer, type CityHandle } from '../src/server';
import { createLogger } from '../src/logger';
import { SyncClient } from '../src/sync-client';
import { startTestPostgres, type TestPostgres } from './pg';
import { staffSession } from './auth';
import { numbered, queueToday, sameWeekdayHistory, TEAM_CATALOG } from './events';

const log = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
const MIN = 60_000;
const real = Date.now();
/** Today 09:59 in Vietnam, as the city's and the hubs' clock (moving with real time). */
const offset = localMidnight(real) + (9 * 60 + 59) * MIN - real;
const now = (): number => Date.now() + offset;
const clock = { now };

let pgs: TestPostgres;
let city: CityHandle;
let admin: { cookie: string; username: string };
let viewer: { cookie: string };
const clients = new Map<string, { c: SyncClient; seq: number }>();

beforeAll(async () => {
  pgs = await startTestPostgres();
  city = await startCityServer({ port: 0, databaseUrl: await pgs.database('teams'), logger: log, scheduleReports: false, socketAdapter: 'memory', clock });
  admin = await staffSession(city, 'admin');
  viewer = await staffSession(city, 'viewer');
});
afterAll(async () => {
  await city?.close();
  await pgs?.stop();
});

type Ev = { at: number; event: HubEvent; actor?: string };

const historyDay = (prefix: string, weeksAgo: number, perHour: number, serviceId: string, serviceMin: number) => sameWeekdayHistory({ prefix, now: now(), weeksAgo, perHour, serviceId, serviceMin });
const todayQueue = (prefix: string, counters: number, agos: number[], serviceId: string) => queueToday({ prefix, now: now(), counters, agos, serviceId });

async function ward(hubId: string, name: string, batches: { day: string; events: Ev[] }[]): Promise<void> {
  const k = await city.registerHub({ hubId, name: { vi: name, en: name.replace('Phường', 'Ward') } });
  const c = new SyncClient({ url: city.url, hubId, keyId: k.keyId, key: k.key, now });
  let seq = 0;
  for (const b of batches) {
    const events: SyncEvent[] = numbered(seq, b.day, [...b.events].sort((x, y) => x.at - y.at));
    const r = await c.send(seq, events, { catalog: TEAM_CATALOG });
    if (!r.body.ok) throw new Error(r.body.error.message);
    seq += events.length;
  }
  clients.set(hubId, { c, seq });
}

/** The hub's answer events, synced up as the hub sends them. */
async function answer(hubId: string, events: HubEvent[]): Promise<void> {
  const h = clients.get(hubId)!;
  const batch = numbered(
    h.seq,
    businessDay(now()),
    events.map((event) => ({ at: now(), event, actor: 'system' })),
  );
  const r = await h.c.send(h.seq, batch);
  if (!r.body.ok) throw new Error(r.body.error.message);
  h.seq += batch.length;
}

const post = (path: string, cookie: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> =>
  fetch(`${city.url}${path}`, { method: 'POST', redirect: 'manual', headers: { cookie, 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
const form = (path: string, cookie: string, fields: Record<string, string>): Promise<Response> =>
  fetch(`${city.url}${path}`, { method: 'POST', redirect: 'manual', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', origin: city.url }, body: new URLSearchParams(fields).toString() });
const getJson = async <T>(path: string, cookie = viewer.cookie): Promise<T> => ((await (await fetch(`${city.url}${path}`, { headers: { cookie } })).json()) as { data: T }).data;
const status = async (id: string): Promise<string | undefined> => (await city.server.pool.query<{ status: string }>('SELECT status FROM city_team_assignments WHERE assignment_id = $1', [id])).rows[0]?.status;
const outbox = async (hubId: string): Promise<CityToHubMessage[]> => (await readOutbox(city.server.pool, hubId, 0, 500)).messages.map((m) => m.message);

interface Move {
  memberId: number;
  memberName: string;
  fromHubId: string | null;
  hubId: string;
  fieldCodes: string[];
  from: string;
  to: string;
  replaces: string | null;
  lateWithout: number;
  lateWith: number;
  gain: number;
}

let an = 0;
let binh = 0;

describe('mobile support team at the city', () => {
  it('keeps the roster: an admin adds and edits members (audited); a viewer reads it and cannot write', async () => {
    // JSON without `active`: active (seen stored inactive before the fix, the form's unchecked-box rule applied to JSON).
    const r1 = await post('/teams/members', admin.cookie, { name: 'Nguyễn Văn An', phone: '0901 234 567', fieldCodes: ['HT', 'CT'] });
    expect(r1.status).toBe(200);
    an = ((await r1.json()) as { data: { memberId: number } }).data.memberId;
    // The form, as the page's "add" button sends it: fields as one comma-separated box.
    const r2 = await form('/teams/members', admin.cookie, { name: 'Trần Thị Bình', phone: '', fieldCodes: 'DD', active: 'on' });
    expect(r2.status).toBe(303);
    expect(r2.headers.get('location')).toBe('/teams');
    type Roster = { members: { memberId: number; name: string; phone: string | null; fieldCodes: string[]; active: boolean }[]; recommendation: { members: { member: { phone: string | null } }[] } };
    const members = await getJson<Roster>('/api/teams', admin.cookie);
    const b = members.members.find((m) => m.name === 'Trần Thị Bình')!;
    binh = b.memberId;
    expect(b).toMatchObject({ phone: null, fieldCodes: ['DD'], active: true });
    expect(members.members.find((m) => m.memberId === an)).toMatchObject({ phone: '0901234567', fieldCodes: ['HT', 'CT'], active: true });
    // A viewer reads the roster without the phone numbers, in JSON and on the page (Decree 13/2023:
    // only those who assign need them). Seen failing with the viewer branch of /api/teams removed.
    city.server.recommender.invalidate();
    const seen = await getJson<Roster>('/api/teams', viewer.cookie);
    expect(seen.members.find((m) => m.memberId === an)).toMatchObject({ name: 'Nguyễn Văn An', phone: null });
    expect(seen.recommendation.members.every((s) => s.member.phone === null)).toBe(true);
    expect(await (await fetch(`${city.url}/teams`, { headers: { cookie: viewer.cookie } })).text()).not.toContain('0901234567');
    // Bad input: a clear refusal, Vietnamese first; nothing stored.
    const bad = await post('/teams/members', admin.cookie, { name: 'Lê C', fieldCodes: [] });
    expect(bad.status).toBe(400);
    const badError = ((await bad.json()) as { error: { code: string; message: string } }).error;
    expect(badError.code).toBe('invalid_input');
    expect(badError.message).toMatch(/^Dữ liệu không hợp lệ: fieldCodes/);
    const edit = await post(`/teams/members/${binh}`, admin.cookie, { name: 'Trần Thị Bình', fieldCodes: ['DD', 'CT'], active: true });
    expect(edit.status).toBe(200);
    const audit = await city.server.pool.query<{ kind: string; actor: string }>("SELECT kind, actor FROM city_audit WHERE kind LIKE 'team.%' ORDER BY id");
    expect(audit.rows).toEqual([
      { kind: 'team.member_created', actor: admin.username },
      { kind: 'team.member_created', actor: admin.username },
      { kind: 'team.member_saved', actor: admin.username },
    ]);
  });

  // Role test. Catches a viewer who can write (break: drop the `user.role !== 'admin'` line of the
  // onRequest hook in http/teams.ts — seen failing: the viewer's add answered 200, not 403).
  it('refuses every write of a viewer (403, Vietnamese first) and of another site, and shows a viewer no send button', async () => {
    await ward('ward-role', 'Phường Vai Trò', [todayQueue('role', 1, [5], 's-ho-tich')]);
    const before = (await outbox('ward-role')).length;
    const add = await post('/teams/members', viewer.cookie, { name: 'Kẻ Lạ', fieldCodes: ['HT'] });
    expect(add.status).toBe(403);
    const addError = ((await add.json()) as { error: { code: string; message: string } }).error;
    expect(addError.code).toBe('forbidden');
    expect(addError.message).toMatch(/^Tài khoản chỉ xem .* \/ /);
    const assign = await form('/teams/assign', viewer.cookie, { memberId: String(an), hubId: 'ward-role', fieldCodes: 'HT', day: businessDay(now()), from: '13:00', to: '16:00' });
    expect(assign.status).toBe(403);
    expect(await post(`/teams/members/${an}`, viewer.cookie, { name: 'X', fieldCodes: ['HT'] }).then((r) => r.status)).toBe(403);
    // An admin's browser tricked by another site: refused too.
    const cross = await post('/teams/members', admin.cookie, { name: 'Kẻ Lạ', fieldCodes: ['HT'] }, { origin: 'https://evil.example' });
    expect(cross.status).toBe(403);
    const names = (await getJson<{ members: { name: string }[] }>('/api/teams')).members.map((m) => m.name);
    expect(names).not.toContain('Kẻ Lạ');
    expect((await outbox('ward-role')).length).toBe(before);
    expect(await city.server.pool.query('SELECT 1 FROM city_team_assignments WHERE hub_id = $1', ['ward-role']).then((r) => r.rowCount)).toBe(0);
    const page = await (await fetch(`${city.url}/teams`, { headers: { cookie: viewer.cookie } })).text();
    expect(page).toContain('Đội hỗ trợ lưu động');
    expect(page).not.toContain('action="/teams/assign');
    expect(page).not.toContain('action="/teams/members');
    expect(page).toContain('data-viewer-note');
    // Not signed in: the page sends to sign-in, a write is 401.
    expect((await fetch(`${city.url}/teams`, { redirect: 'manual' })).status).toBe(303);
    expect((await post('/teams/members', '', { name: 'A', fieldCodes: ['HT'] })).status).toBe(401);
  });

  // Catches hub answers not projected onto the status (break: drop the TeamService.applyHubAnswers
  // call in ingest/ingest.ts — seen failing: 'sent' stays, never 'delivered').
  it('recommends sending a member to the overloaded ward, sends it in one transaction, and follows the hub’s answers', async () => {
    // Phường Quá Tải: 2 counters, 10 citizens of hộ tịch waiting, 10 an hour on this weekday for four
    // weeks, 12 minutes each: 2 erlangs on 2 counters.
    const agos = Array.from({ length: 10 }, (_, i) => 45 - i * 3);
    await ward('ward-busy', 'Phường Quá Tải', [...[1, 2, 3, 4].map((k) => historyDay('busy', k, 10, 's-ho-tich', 12)), todayQueue('busy', 2, agos, 's-ho-tich')]);
    // Phường Yên Tĩnh: 3 counters, 3 an hour, nobody waiting.
    await ward('ward-calm', 'Phường Yên Tĩnh', [...[1, 2].map((k) => historyDay('calm', k, 3, 's-ho-tich', 12)), todayQueue('calm', 3, [], 's-ho-tich')]);
    city.server.recommender.invalidate(); // the page's recommendation is kept 15 s; these wards arrived just now
    const rec = await getJson<{ recommendation: { moves: Move[]; wards: { hubId: string; lateWithout: number; lateWith: number; basisDays: number }[] } }>('/api/teams');
    const moves = rec.recommendation.moves;

    const toBusy = moves.find((m) => m.hubId === 'ward-busy' && m.memberId === an);
    // The member who knows hộ tịch goes to the overloaded ward, from the base, after the travel time.
    expect(toBusy).toMatchObject({ fieldCodes: ['CT', 'HT'], from: '10:30', replaces: null });
    expect(toBusy!.lateWith).toBeLessThan(toBusy!.lateWithout);
    expect(toBusy!.gain).toBeGreaterThanOrEqual(1);
    expect(moves.some((m) => m.hubId === 'ward-calm')).toBe(false);
    // Trần Thị Bình knows đất đai and chứng thực, which nobody is asking for there: not sent.
    expect(moves.some((m) => m.memberId === binh)).toBe(false);
    expect(rec.recommendation.wards.find((w) => w.hubId === 'ward-busy')).toMatchObject({ basisDays: 4 });

    // One click: the form the page's "Gửi phân công" button posts.
    const sent = await form('/teams/assign', admin.cookie, {
      memberId: String(an),
      hubId: 'ward-busy',
      fieldCodes: toBusy!.fieldCodes.join(','),
      day: businessDay(now()),
      from: toBusy!.from,
      to: toBusy!.to,
      lateWithout: String(toBusy!.lateWithout),
      lateWith: String(toBusy!.lateWith),
    });
    expect(sent.status).toBe(303);
    const row = (await city.server.pool.query<{ assignment_id: string; assigned_seq: string; status: string; late_with: number }>('SELECT assignment_id, assigned_seq, status, late_with FROM city_team_assignments WHERE hub_id = $1', ['ward-busy'])).rows;
    expect(row).toHaveLength(1);
    const id = row[0]!.assignment_id;
    expect(row[0]).toMatchObject({ status: 'sent', late_with: toBusy!.lateWith });
    const msgs = await readOutbox(city.server.pool, 'ward-busy', 0, 500);
    const assigned = msgs.messages.find((m) => m.message.kind === 'team.assigned')!;
    expect(assigned.seq).toBe(Number(row[0]!.assigned_seq));
    expect(assigned.message).toEqual({
      kind: 'team.assigned',
      assignment: { id, staffRef: `m${an}`, staffName: 'Nguyễn Văn An', fieldCodes: ['CT', 'HT'], day: businessDay(now()), from: toBusy!.from, to: toBusy!.to, note: '' },
    });
    // The member is now placed there: no second move of the same member is recommended from the base.
    const after = await getJson<{ recommendation: { moves: Move[]; members: { member: { memberId: number }; at: { hubId: string } | null }[] } }>('/api/teams');
    expect(after.recommendation.members.find((m) => m.member.memberId === an)?.at?.hubId).toBe('ward-busy');
    expect(after.recommendation.moves.some((m) => m.memberId === an && m.fromHubId === null)).toBe(false);

    // Overlapping hours elsewhere without saying it replaces them: refused, nothing enqueued.
    const count = (await outbox('ward-calm')).length;
    const clash = await post('/teams/assign', admin.cookie, { memberId: an, hubId: 'ward-calm', fieldCodes: ['HT'], day: businessDay(now()), from: '11:00', to: '12:00' });
    expect(clash.status).toBe(409);
    expect(((await clash.json()) as { error: { message: string } }).error.message).toMatch(/^Nguyễn Văn An đã được phân công tại Phường Quá Tải/);
    expect((await outbox('ward-calm')).length).toBe(count);
    // A field the member does not serve, hours already over: refused.
    expect((await post('/teams/assign', admin.cookie, { memberId: binh, hubId: 'ward-calm', fieldCodes: ['HT'], day: businessDay(now()), from: '11:00', to: '12:00' })).status).toBe(400);
    expect((await post('/teams/assign', admin.cookie, { memberId: binh, hubId: 'ward-calm', fieldCodes: ['DD'], day: businessDay(now()), from: '07:30', to: '08:00' })).status).toBe(400);

    // The hub's answers come back with its events: delivered, then accepted by the manager.
    await answer('ward-busy', [hubEvent('city.message_applied', null, { seq: assigned.seq, kind: 'team.assigned', outcome: 'applied', detail: 'waiting for the manager to accept or decline' })]);
    expect(await status(id)).toBe('delivered');
    await answer('ward-busy', [hubEvent('team.decided', null, { assignmentId: id, decision: 'accepted', clerkId: 'p:abc', counterId: 'c2', serviceIds: ['s-ho-tich'] })]);
    expect(await status(id)).toBe('accepted');
    // The same answer from another hub changes nothing (an assignment is its ward's).
    await answer('ward-calm', [hubEvent('team.decided', null, { assignmentId: id, decision: 'declined', clerkId: null, counterId: null, serviceIds: [] })]);
    expect(await status(id)).toBe('accepted');
    // The ward's page shows it.
    const wardPage = await (await fetch(`${city.url}/ward/ward-busy`, { headers: { cookie: viewer.cookie } })).text();
    expect(wardPage).toMatch(/data-assignment="[^"]+" data-status="accepted"><td>Nguyễn Văn An<\/td><td>CT, HT<\/td>/);
    expect(wardPage).toContain('Phường đã chấp nhận');

    // A move: An leaves ward-busy for ward-calm. The withdrawal and the new assignment go in one transaction.
    const move = await post('/teams/assign', admin.cookie, { memberId: an, hubId: 'ward-calm', fieldCodes: ['HT'], day: businessDay(now()), from: '13:00', to: '16:00', replaces: id });
    expect(move.status).toBe(200);
    const moved2 = ((await move.json()) as { data: { assignmentId: string; status: string } }).data;
    expect(moved2.status).toBe('sent');
    expect(await status(id)).toBe('withdrawing');
    expect((await outbox('ward-busy')).at(-1)).toEqual({ kind: 'team.withdrawn', id });
    expect((await outbox('ward-calm')).at(-1)).toMatchObject({ kind: 'team.assigned', assignment: { id: moved2.assignmentId } });
    await answer('ward-busy', [hubEvent('team.decided', null, { assignmentId: id, decision: 'withdrawn', clerkId: 'p:abc', counterId: 'c2', serviceIds: [] })]);
    expect(await status(id)).toBe('withdrawn');
    // The hub could not apply one (e.g. it knew the id already): skipped, with its reason.
    const calmSeq = (await readOutbox(city.server.pool, 'ward-calm', 0, 500)).latestSeq;
    await answer('ward-calm', [hubEvent('city.message_applied', null, { seq: calmSeq, kind: 'team.assigned', outcome: 'skipped', detail: 'no such field here' })]);
    expect(await status(moved2.assignmentId)).toBe('skipped');
    // Withdrawing twice: refused, nothing enqueued.
    const n = (await outbox('ward-busy')).length;
    expect((await post(`/teams/assignments/${id}/withdraw`, admin.cookie, {})).status).toBe(409);
    expect((await outbox('ward-busy')).length).toBe(n);
    const audit = await city.server.pool.query<{ kind: string }>("SELECT kind FROM city_audit WHERE kind IN ('team.assigned', 'team.withdrawn') ORDER BY id");
    expect(audit.rows.map((r) => r.kind)).toEqual(['team.assigned', 'team.withdrawn', 'team.assigned']);
  });

  // Catches a weekly report without the week's assignments (break: `teams: teamsOf(h.hub_id)` → '' in reports/weekly.ts).
  it('puts the week’s assignments of each ward (member, fields, hours, status) in the weekly report', async () => {
    const today = businessDay(now());
    const q = `from=${addDays(today, -6)}&to=${today}`;
    const json = await getJson<{ wards: { hubId: string; teams: string }[]; teams: { hubId: string; status: string }[] }>(`/api/reports/weekly?format=json&${q}`);
    const busy = json.wards.find((w) => w.hubId === 'ward-busy')!;
    expect(busy.teams).toMatch(/^Nguyễn Văn An — CT, HT — \d{2}\/\d{2} 10:30–\d{2}:\d{2} — Đã rút về$/);
    expect(json.wards.find((w) => w.hubId === 'ward-calm')?.teams).toMatch(/^Nguyễn Văn An — HT — \d{2}\/\d{2} 13:00–16:00 — Phường không áp dụng được$/);
    expect(json.wards.find((w) => w.hubId === 'ward-role')?.teams).toBe('');
    const csv = await (await fetch(`${city.url}/api/reports/weekly?format=csv&${q}`, { headers: { cookie: viewer.cookie } })).text();
    expect(csv.split('\r\n')[0]).toMatch(/,Đội hỗ trợ lưu động,"Khó khăn, vướng mắc, đề xuất"$/);
    expect(csv).toContain('Nguyễn Văn An — CT, HT');
    const page = await (await fetch(`${city.url}/reports/weekly?${q}`, { headers: { cookie: viewer.cookie } })).text();
    expect(page).toContain('Nguyễn Văn An — HT');
    // The XLSX has one row per assignment on its own sheet.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await (await fetch(`${city.url}/api/reports/weekly?format=xlsx&${q}`, { headers: { cookie: viewer.cookie } })).arrayBuffer());
    const rows: unknown[][] = [];
    wb.getWorksheet('Đội lưu động')!.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
    expect(rows.slice(2)).toEqual([
      ['ward-busy', 'Phường Quá Tải', 'Nguyễn Văn An', 'CT, HT', expect.stringMatching(/^\d{2}\/\d{2}\/\d{4}$/), expect.stringMatching(/^10:30–/), 'Đã rút về'],
      ['ward-calm', 'Phường Yên Tĩnh', 'Nguyễn Văn An', 'HT', expect.stringMatching(/^\d{2}\/\d{2}\/\d{4}$/), '13:00–16:00', 'Phường không áp dụng được'],
    ]);
  });
});
