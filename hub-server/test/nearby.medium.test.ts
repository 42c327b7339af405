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
function fakeCity(status = 200): Promise<{ url: string; asked: string[] }> {
  const asked: string[] = [];
  city = createServer((req, res) => {
    asked.push(req.url ?? '');
    res.statusCode = status;
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

  // Catches two bugs: `'public'` back in city:nearby's roles (any phone on the citizens' Wi-Fi could
  // make the hub call the city on every tap), and the cache removed from realtime/public.ts (the
  // city would be asked 6 times here instead of once).
  it('refuses anonymous sockets, and asks the city once per field per 30 s however many kiosks tap', async () => {
    const c = await fakeCity();
    f = await startFixture({ city: { url: c.url, key: KEY, intervalMs: 600_000, heartbeatMs: 600_000 } });
    const anonymous = await f.connect();
    const refused = await send(anonymous, 'city:nearby', { serviceCode: 'CT' });
    expect(refused.ok ? 'ok' : refused.error.code).toBe('unauthenticated');
    const { socket: k1 } = await f.kiosk();
    const { socket: k2 } = await f.kiosk();
    const asks = (): number => c.asked.filter((u) => u.startsWith('/api/nearby')).length;
    // Three at once share one request; three more within the TTL reuse its answer.
    const together = await Promise.all([send(k1, 'city:nearby', { serviceCode: 'CT' }), send(k2, 'city:nearby', { serviceCode: 'CT' }), send(k1, 'city:nearby', { serviceCode: 'CT' })]);
    for (const r of together) expect(expectOk(r).map((w) => w.hubId)).toEqual(['phuong-sai-gon']);
    for (let i = 0; i < 3; i++) expectOk(await send(i % 2 ? k1 : k2, 'city:nearby', { serviceCode: 'CT' }));
    expect(asks()).toBe(1);
    f.clock.advance(29_000);
    expectOk(await send(k1, 'city:nearby', { serviceCode: 'CT' }));
    expect(asks()).toBe(1);
    f.clock.advance(2_000);
    expectOk(await send(k1, 'city:nearby', { serviceCode: 'CT' }));
    expect(asks()).toBe(2);
  });

  it('remembers a failing city for 5 s only, then asks again', async () => {
    const c = await fakeCity(503);
    f = await startFixture({ city: { url: c.url, key: KEY, intervalMs: 600_000, heartbeatMs: 600_000 } });
    const { socket: kiosk } = await f.kiosk();
    const asks = (): number => c.asked.filter((u) => u.startsWith('/api/nearby')).length;
    for (let i = 0; i < 3; i++) {
      const r = await send(kiosk, 'city:nearby', { serviceCode: 'CT' });
      expect(r.ok ? 'ok' : r.error.code).toBe('service_unavailable');
    }
    expect(asks()).toBe(1);
    f.clock.advance(5_001);
    await send(kiosk, 'city:nearby', { serviceCode: 'CT' });
    expect(asks()).toBe(2);
  });
});
