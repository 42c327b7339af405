import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { expectOk, send } from './client';
import { startFixture, type Fixture } from './fixture';

let f: Fixture | null = null;
let city: Server | null = null;
afterEach(async () => {
  await f?.close();
  await new Promise<void>((r) => (city ? city.close(() => r()) : r()));
  f = null;
  city = null;
});

const KEY = 'k'.repeat(40);

/** A stand-in for the city server's /api/nearby (the real one is tested in city-server). */
function fakeCity(): Promise<{ url: string; asked: string[] }> {
  const asked: string[] = [];
  city = createServer((req, res) => {
    asked.push(req.url ?? '');
    res.setHeader('content-type', 'application/json');
    res.end(
      JSON.stringify({
        ok: true,
        data: {
          field: 'CT',
          ward: null,
          wards: [{ hubId: 'phuong-sai-gon', name: { vi: 'Phường Sài Gòn', en: 'Sai Gon Ward' }, address: '1 Lê Duẩn', distanceKm: 1.2, waiting: 2, estimatedWaitMin: 6, updatedAt: 1 }],
        },
      }),
    );
  });
  return new Promise((resolve) => city!.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(city!.address() as { port: number }).port}`, asked })));
}

describe('nearby wards relayed from the city server', () => {
  it('asks the city for the service’s field and returns its wards to the kiosk', async () => {
    const c = await fakeCity();
    // A long interval keeps the uploader quiet: this test is about the kiosk's question only.
    f = await startFixture({ city: { url: c.url, key: KEY, intervalMs: 600_000, heartbeatMs: 600_000 } });
    const { socket: kiosk } = await f.kiosk();
    const wards = expectOk(await send(kiosk, 'city:nearby', { serviceCode: 'CT' }));
    expect(wards.map((w) => [w.hubId, w.estimatedWaitMin])).toEqual([['phuong-sai-gon', 6]]);
    expect(c.asked.some((u) => u.startsWith('/api/nearby?ward=demo-ward&field=CT'))).toBe(true);
  });

  it('says plainly when the city cannot be reached, and returns nothing without a city link', async () => {
    f = await startFixture({ city: { url: 'http://127.0.0.1:9', key: KEY, intervalMs: 600_000, heartbeatMs: 600_000 } });
    const { socket: kiosk } = await f.kiosk();
    const r = await send(kiosk, 'city:nearby', { serviceCode: 'CT' });
    expect(r.ok ? 'ok' : r.error.code).toBe('service_unavailable');
    await f.close();
    f = await startFixture();
    const { socket: k2 } = await f.kiosk();
    expect(expectOk(await send(k2, 'city:nearby', { serviceCode: 'CT' }))).toEqual([]);
  });
});
