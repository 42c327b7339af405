/**
 * The read side on a real PostgreSQL: live dashboard across two stateless instances (socket.io
 * PostgreSQL adapter), drill-down, nearby wards for the kiosk, weekly report (on demand and on
 * schedule), admin endpoints.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { io as connectIo } from 'socket.io-client';
import { businessDay, hubEvent, NearbyResponse, type HubEvent, type SyncEvent } from '@motcua/shared';
import { startCityServer, type CityHandle } from '../src/server';
import { createLogger } from '../src/logger';
import { SyncClient } from '../src/sync-client';
import type { WardSummary } from '../src/live';
import { lastSlot, nextSlot, periodOfSlot } from '../src/reports/period';
import { startTestPostgres, type TestPostgres } from './pg';
import { staffSession } from './auth';
import { counterEvent, issuedEvent, moved, numbered, rng, TEST_CATALOG, wardDay } from './events';

const log = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
const MIN = 60_000;
const ADMIN = 'admin-token-for-tests-0123456789';
let pgs: TestPostgres;
let dbUrl: string;
let a: CityHandle;
let b: CityHandle;
/** A viewer's and an admin's session (the same database: valid on both instances). */
let viewer: { cookie: string };
let admin: { cookie: string };
/** A staff member's GET. */
const get = (url: string): Promise<Response> => fetch(url, { headers: { cookie: viewer.cookie } });

beforeAll(async () => {
  pgs = await startTestPostgres();
  dbUrl = await pgs.database('dashboard');
  const common = { port: 0, databaseUrl: dbUrl, logger: log, scheduleReports: false, liveIntervalMs: 100, adminToken: ADMIN };
  [a, b] = [await startCityServer(common), await startCityServer(common)];
  viewer = await staffSession(a, 'viewer');
  admin = await staffSession(a, 'admin');
});
afterAll(async () => {
  await a?.close();
  await b?.close();
  await pgs?.stop();
});

/** A ward's morning so far: `waiting` people queued `ago` minutes ago per person, one served. */
function liveMorning(hubId: string, o: { waiting: number[]; field?: string; predicted?: number }): SyncEvent[] {
  const now = Date.now();
  const day = businessDay(now);
  const service = o.field === 'HT' ? 's-ho-tich' : o.field === 'DD' ? 's-dat-dai' : 's-chung-thuc';
  const done = `${hubId}-done`;
  const out: { at: number; event: HubEvent; actor: string }[] = [{ at: now - 120 * MIN, event: counterEvent('counter.opened', 'c1'), actor: 'clerk' }];
  out.push({ at: now - 100 * MIN, event: issuedEvent(done, { serviceId: service, queuedAt: now - 100 * MIN, predictedWaitMin: 5 }), actor: 'kiosk' });
  out.push({ at: now - 70 * MIN, event: hubEvent('ticket.called', done, { ...moved('waiting', 'called', { serviceId: service }), reason: 'oldest' }), actor: 'clerk' });
  out.push({ at: now - 60 * MIN, event: hubEvent('ticket.finished', done, moved('called', 'done', { serviceId: service })), actor: 'clerk' });
  out.push({ at: now - 59 * MIN, event: hubEvent('ticket.rated', done, { ...moved('done', 'done', { serviceId: service }), score: 4, reason: null }), actor: 'clerk' });
  const sorted = [...o.waiting].sort((x, y) => y - x);
  sorted.forEach((ago, i) => out.push({ at: now - ago * MIN, event: issuedEvent(`${hubId}-w${i}`, { serviceId: service, queuedAt: now - ago * MIN, predictedWaitMin: o.predicted ?? ago }), actor: 'kiosk' }));
  return numbered(0, day, out);
}

async function ward(city: CityHandle, hubId: string, extra: { lat?: number; lon?: number; district?: string } = {}): Promise<SyncClient> {
  const k = await city.registerHub({ hubId, name: { vi: `Phường ${hubId}`, en: `Ward ${hubId}` }, address: `${hubId} street`, ...extra });
  return new SyncClient({ url: city.url, hubId, keyId: k.keyId, key: k.key });
}

async function sendAll(c: SyncClient, events: SyncEvent[]): Promise<void> {
  const r = await c.send(0, events, { catalog: TEST_CATALOG });
  if (!r.body.ok) throw new Error(r.body.error.message);
}

describe('city dashboard and read side', () => {
  it('pushes a ward update to dashboards on another instance (PostgreSQL adapter)', async () => {
    const c = await ward(a, 'ward-live');
    const socket = connectIo(b.url, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { cookie: viewer.cookie } });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
      await new Promise((r) => setTimeout(r, 300)); // the adapter's LISTEN is set up asynchronously
      const update = new Promise<WardSummary[]>((resolve) => socket.on('wards:update', (w: WardSummary[]) => w.some((x) => x.hubId === 'ward-live') && resolve(w)));
      await sendAll(c, liveMorning('ward-live', { waiting: [30, 25, 5] })); // sent to instance A
      const wards = await update; // received from instance B
      expect(wards.find((w) => w.hubId === 'ward-live')).toMatchObject({ waiting: 3, waitingLate: 2, openCounters: 1, serving: 0, today: { issued: 4, served: 1, ratingN: 1, avgRating: 4 } });
    } finally {
      socket.close();
    }
  });

  it('renders every ward sorted by load, in Vietnamese first, with a drill-down per ward', async () => {
    await sendAll(await ward(a, 'ward-busy', { district: 'Quận 1 cũ' }), liveMorning('ward-busy', { waiting: [45, 40, 35, 30, 25, 10, 5, 1] }));
    await sendAll(await ward(a, 'ward-calm'), liveMorning('ward-calm', { waiting: [2] }));
    const html = await (await get(`${b.url}/`)).text();
    expect(html).toContain('<html lang="vi">');
    expect(html).toContain('Đang chờ');
    expect(html).toContain('Chờ quá 20 phút (hiện tại)');
    const order = ['ward-busy', 'ward-live', 'ward-calm'].map((id) => html.indexOf(`data-hub="${id}"`));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((x, y) => x - y)).toEqual(order);
    expect(html).toContain('Quận 1 cũ');
    const en = await (await get(`${b.url}/?lang=en`)).text();
    expect(en).toContain('Waiting over 20 min (now)');
    const detail = await (await get(`${a.url}/ward/ward-busy`)).text();
    expect(detail).toContain('Hôm nay theo lĩnh vực');
    expect(detail).toContain('Chứng thực');
    const api = (await (await get(`${a.url}/api/wards/ward-busy`)).json()) as { data: { ward: WardSummary; fields: { fieldCode: string; waiting: number; waitingLate: number }[] } };
    expect(api.data.ward).toMatchObject({ waiting: 8, waitingLate: 5 });
    expect(api.data.fields).toEqual([expect.objectContaining({ fieldCode: 'CT', waiting: 8, waitingLate: 5 })]);
    expect((await get(`${a.url}/ward/nope`)).status).toBe(404);
  });

  // Catches field names read from city_fields only (ward-rename's own name would not show), and a
  // hub's catalogue overwriting city_fields (ON CONFLICT DO UPDATE: ward-plain would show the rename).
  it('shows each ward its own field names: a name one hub sends does not rename the field for other wards', async () => {
    await sendAll(await ward(a, 'ward-plain'), liveMorning('ward-plain', { waiting: [5] }));
    const renamed = { ...TEST_CATALOG, fields: TEST_CATALOG.fields.map((f) => (f.code === 'CT' ? { ...f, name: { vi: 'Lĩnh vực bị đổi tên', en: 'Renamed by one hub' } } : f)) };
    const r = await (await ward(a, 'ward-rename')).send(0, liveMorning('ward-rename', { waiting: [5] }), { catalog: renamed });
    expect(r.body.ok).toBe(true);
    const nameOf = async (hubId: string): Promise<unknown> => ((await (await get(`${a.url}/api/wards/${hubId}`)).json()) as { data: { fields: { fieldCode: string; name: unknown }[] } }).data.fields.find((x) => x.fieldCode === 'CT')?.name;
    expect(await nameOf('ward-rename')).toEqual({ vi: 'Lĩnh vực bị đổi tên', en: 'Renamed by one hub' });
    expect(await nameOf('ward-plain')).toEqual({ vi: 'Chứng thực', en: 'Certification' });
  });

  it('suggests nearby wards with a shorter wait for the same field', async () => {
    // Around Bến Thành: "here" is busy for Hộ tịch; one neighbour is calm, one is calm but far,
    // one does not serve Hộ tịch, one is busier.
    await sendAll(await ward(a, 'near-here', { lat: 10.7725, lon: 106.698 }), liveMorning('near-here', { waiting: [30, 20, 10, 5], field: 'HT', predicted: 40 }));
    await sendAll(await ward(a, 'near-calm', { lat: 10.78, lon: 106.7 }), liveMorning('near-calm', { waiting: [1], field: 'HT', predicted: 6 }));
    await sendAll(await ward(a, 'near-empty', { lat: 10.765, lon: 106.69 }), liveMorning('near-empty', { waiting: [], field: 'HT' }));
    await sendAll(await ward(a, 'near-far', { lat: 10.98, lon: 106.5 }), liveMorning('near-far', { waiting: [], field: 'HT' }));
    await sendAll(await ward(a, 'near-busier', { lat: 10.775, lon: 106.695 }), liveMorning('near-busier', { waiting: [50, 45, 40, 30, 20], field: 'HT', predicted: 80 }));
    const res = await fetch(`${b.url}/api/nearby?ward=near-here&field=HT`);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const body = NearbyResponse.parse(((await res.json()) as { data: unknown }).data);
    expect(body.ward).toMatchObject({ hubId: 'near-here', waiting: 4 });
    expect(body.wards.map((w) => w.hubId)).toEqual(['near-empty', 'near-calm']);
    expect(body.wards[0]).toMatchObject({ estimatedWaitMin: 0, waiting: 0 });
    expect(body.wards[1]!.distanceKm).toBeGreaterThan(0.5);
    expect(body.wards[1]!.distanceKm).toBeLessThan(2);
    // This city has no public address: no ward gets a booking link (the kiosk then shows none).
    expect(body.wards.map((w) => w.bookingUrl)).toEqual([null, null]);
    const wider = NearbyResponse.parse(((await (await fetch(`${b.url}/api/nearby?ward=near-here&field=HT&maxKm=50`)).json()) as { data: unknown }).data);
    expect(wider.wards.map((w) => w.hubId)).toContain('near-far');
    expect((await fetch(`${b.url}/api/nearby?ward=near-here`)).status).toBe(400);
  });

  it('builds the weekly report per ward and city-wide, as XLSX, CSV and JSON', async () => {
    const period = periodOfSlot(lastSlot(Date.now()));
    const c = await ward(a, 'ward-report');
    // Two business days inside the report period, one outside it.
    const at = (day: string): number => Date.parse(`${day}T01:00:00Z`); // 08:00 in Ho Chi Minh City
    const d1 = wardDay({ seq: 0, openAt: at(period.from), tickets: 40, random: rng(7), idPrefix: 'r' });
    const d2 = wardDay({ seq: d1.events.length, openAt: at(period.to), tickets: 30, random: rng(8), idPrefix: 'r' });
    const d3 = wardDay({ seq: d1.events.length + d2.events.length, openAt: at(period.to) + 86_400_000, tickets: 50, random: rng(9), idPrefix: 'r' });
    await sendAll(c, [...d1.events, ...d2.events, ...d3.events]);
    const json = (await (await get(`${a.url}/api/reports/weekly?format=json&from=${period.from}&to=${period.to}`)).json()) as { data: { wards: { hubId: string; received: number; served: number; noShows: number; ratings: number; p90WaitMin: number | null; lateShare: number | null }[]; city: { received: number } } };
    const row = json.data.wards.find((w) => w.hubId === 'ward-report');
    expect(row).toMatchObject({ received: 70, served: d1.expected.served + d2.expected.served, noShows: d1.expected.noShow + d2.expected.noShow, ratings: d1.expected.ratings + d2.expected.ratings });
    expect(row?.lateShare).toBeCloseTo((d1.expected.waitsOver20 + d2.expected.waitsOver20) / (d1.expected.waits + d2.expected.waits), 6);
    expect(row?.p90WaitMin).toBeGreaterThan(20);
    expect(row?.p90WaitMin).toBeLessThanOrEqual(40);
    expect(json.data.city.received).toBeGreaterThanOrEqual(70);
    const bytes = Buffer.from(await (await get(`${a.url}/api/reports/weekly?format=csv&from=${period.from}&to=${period.to}`)).arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // BOM: Excel reads it as UTF-8
    const csv = bytes.toString('utf8');
    expect(csv).toContain('Mã phường,Phường,Tiếp nhận,Đã phục vụ,Vắng mặt');
    expect(csv).toMatch(/\r\nward-report,Phường ward-report,70,/);
    expect(csv).toMatch(/\r\nTP,Toàn thành phố,/);
    const res = await get(`${a.url}/api/reports/weekly?format=xlsx&from=${period.from}&to=${period.to}`);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Theo phường', 'Theo lĩnh vực', 'Đặt lịch từ xa', 'Đội lưu động', 'Hồ sơ tiếp nhận']);
    const values: unknown[][] = [];
    wb.getWorksheet('Theo phường')!.eachRow((r) => values.push(r.values as unknown[]));
    expect(values.find((v) => v[1] === 'ward-report')?.[3]).toBe(70);
    expect(values.at(-1)?.[2]).toBe('Toàn thành phố');
  });

  it('generates the report at Friday 16:00 by itself, once, and serves it', async () => {
    // A city that exists since before the slot (the migrations ran now, the slot is next Friday).
    const slot = nextSlot(Date.now());
    const clock = { now: () => slot + 1000 };
    const scheduled = await startCityServer({ port: 0, databaseUrl: dbUrl, logger: log, clock, scheduleReports: true });
    const second = await startCityServer({ port: 0, databaseUrl: dbUrl, logger: log, clock, scheduleReports: true });
    try {
      // Signed in on these instances' clock (next Friday): the shared viewer's session, opened a
      // week earlier by their clock, has run out there.
      const here = await staffSession(scheduled, 'viewer');
      const get = (url: string): Promise<Response> => fetch(url, { headers: here.headers });
      const until = Date.now() + 10_000;
      let list: { id: number; from: string; scheduledFor: string; csv: string }[] = [];
      while (Date.now() < until) {
        list = ((await (await get(`${scheduled.url}/api/reports`)).json()) as { data: typeof list }).data;
        if (list.length) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      await new Promise((r) => setTimeout(r, 300));
      list = ((await (await get(`${second.url}/api/reports`)).json()) as { data: typeof list }).data;
      expect(list).toHaveLength(1); // two instances, one report
      expect(list[0]).toMatchObject({ from: periodOfSlot(slot).from, scheduledFor: new Date(slot).toISOString() });
      const csv = await (await get(`${second.url}${list[0]!.csv}`)).text();
      expect(csv).toContain('ward-report');
    } finally {
      await scheduled.close();
      await second.close();
    }
  });

  it('manages hubs and keys over the admin API with a bearer token', async () => {
    const auth = { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' };
    expect((await fetch(`${a.url}/api/admin/hubs`)).status).toBe(401);
    expect((await fetch(`${a.url}/api/admin/hubs`, { headers: { authorization: 'Bearer wrong-token-wrong-token' } })).status).toBe(401);
    const created = (await (await fetch(`${a.url}/api/admin/hubs`, { method: 'POST', headers: auth, body: JSON.stringify({ hubId: 'ward-admin', name: { vi: 'Phường Admin', en: 'Admin Ward' }, lat: 10.8, lon: 106.7 }) })).json()) as { data: { keyId: string; key: string } };
    expect(created.data.keyId).toBe('k1');
    const c = new SyncClient({ url: a.url, hubId: 'ward-admin', keyId: 'k1', key: created.data.key });
    expect((await c.state()).status).toBe(200);
    const rotated = (await (await fetch(`${a.url}/api/admin/hubs/ward-admin/keys`, { method: 'POST', headers: { authorization: auth.authorization } })).json()) as { data: { keyId: string } };
    expect(rotated.data.keyId).toBe('k2');
    expect((await fetch(`${a.url}/api/admin/hubs/ward-admin/keys/k1`, { method: 'DELETE', headers: { authorization: auth.authorization } })).status).toBe(200);
    expect((await c.state()).status).toBe(401);
    const bad = await fetch(`${a.url}/api/admin/hubs`, { method: 'POST', headers: auth, body: JSON.stringify({ hubId: 'Bad Id', name: { vi: 'x', en: 'x' } }) });
    expect(bad.status).toBe(400);
    const list = (await (await fetch(`${a.url}/api/admin/hubs`, { headers: auth })).json()) as { data: { hubId: string; keys: { keyId: string; revokedAt: string | null }[] }[] };
    expect(list.data.find((h) => h.hubId === 'ward-admin')?.keys.map((k) => [k.keyId, k.revokedAt !== null])).toEqual([
      ['k1', true],
      ['k2', false],
    ]);
    expect(JSON.stringify(list)).not.toContain(created.data.key); // keys are shown once
  });
});

describe('bad input over HTTP', () => {
  it('answers random paths, queries and bodies with a 4xx or a page, never a server error', async () => {
    const text = fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('', '0', '-1', '99999999999999999999', '1e400', 'NaN', '2026-02-30', '0000-00-00', '2026-11-23', 'ward-a', '%00', '..%2F..%2Fetc', 'Phường Bến Thành', "' OR 1=1 --"));
    const query = fc.dictionary(fc.constantFrom('ward', 'field', 'maxKm', 'limit', 'from', 'to', 'format', 'lang', 'hubId'), text, { maxKeys: 4 });
    const get = fc.tuple(
      fc.constantFrom('/', '/fragment/wards', '/ward/:x', '/fragment/ward/:x', '/api/wards', '/api/wards/:x', '/api/nearby', '/api/reports/weekly', '/api/reports', '/api/reports/:x', '/api/reports/:x.csv', '/api/reports/:x.xlsx', '/api/admin/hubs', '/api/sync/state', '/nope/:x'),
      text,
      query,
    );
    const post = fc.tuple(fc.constantFrom('/api/admin/hubs', '/api/admin/reports/weekly', '/api/sync/batches', '/api/admin/hubs/:x/keys', '/api/admin/hubs/:x/keys/:x/revoke', '/api/admin/hubs/:x/deactivate'), text, fc.oneof(fc.anything({ maxDepth: 2 }), fc.record({ hubId: text, name: fc.oneof(text, fc.record({ vi: text, en: text })), lat: fc.double(), lon: fc.double(), key: text })));
    await fc.assert(
      fc.asyncProperty(fc.oneof(get.map((g) => ({ method: 'GET' as const, g })), post.map((p) => ({ method: 'POST' as const, p }))), fc.boolean(), async (req, asAdmin) => {
        const headers = asAdmin ? { authorization: `Bearer ${ADMIN}`, cookie: admin.cookie } : {};
        const fill = (path: string, x: string): string => path.replaceAll(':x', encodeURIComponent(x));
        const r =
          req.method === 'GET'
            ? await a.server.http.inject({ method: 'GET', url: fill(req.g[0], req.g[1]), query: req.g[2], headers })
            : await a.server.http.inject({ method: 'POST', url: fill(req.p[0], req.p[1]), payload: JSON.stringify(req.p[2] ?? null), headers: { ...headers, 'content-type': 'application/json' } });
        expect(r.statusCode, `${req.method} ${JSON.stringify(req)} → ${r.body.slice(0, 200)}`).toBeLessThan(500);
      }),
      { numRuns: 600, seed: 20261122 },
    );
  }, 120_000);
});
