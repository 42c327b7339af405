/**
 * The city → hub channel's pull on a real PostgreSQL (embedded): signed exactly as the upward path,
 * refusals of bad, stale, replayed and revoked-key pulls, the hub's cursor recorded, and per-hub seq
 * without holes under concurrent enqueues.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { CityMessages, type CityToHubMessage } from '@motcua/shared';
import { enqueueForHub } from '../src/channel/outbox';
import { startCityServer, type CityHandle } from '../src/server';
import { createLogger } from '../src/logger';
import { generateKey } from '../src/secrets';
import { SyncClient } from '../src/sync-client';
import { startTestPostgres, type TestPostgres } from './pg';

const log = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
let pgs: TestPostgres;
let city: CityHandle;
let db: pg.Pool;

beforeAll(async () => {
  pgs = await startTestPostgres();
  const url = await pgs.database('channel');
  city = await startCityServer({ port: 0, databaseUrl: url, logger: log, scheduleReports: false, secretsKey: generateKey(), timestampWindowMs: 60_000, socketAdapter: 'memory' });
  db = new pg.Pool({ connectionString: url, max: 60 });
  // An idle client's connection ended by the database stopping at teardown (57P01) is an 'error' on
  // the pool; unheard, it is an uncaught exception that fails the run. Queries in flight still reject.
  db.on('error', () => undefined);
});
afterAll(async () => {
  await db?.end();
  await city?.close();
  await pgs?.stop();
});

async function hub(hubId: string): Promise<SyncClient> {
  const k = await city.registerHub({ hubId, name: { vi: `Phường ${hubId}`, en: `Ward ${hubId}` } });
  return new SyncClient({ url: city.url, hubId, keyId: k.keyId, key: k.key });
}

const cancel = (n: number): CityToHubMessage => ({ kind: 'booking.cancelled', code: `ABCDEFGH${String(n).padStart(2, '0')}`, by: 'citizen' });

async function acked(hubId: string): Promise<number> {
  const r = await db.query<{ outbox_acked: string }>('SELECT outbox_acked FROM city_hubs WHERE hub_id = $1', [hubId]);
  return Number(r.rows[0]?.outbox_acked);
}

describe('city → hub channel: pull', () => {
  it('answers the messages after the cursor in order and records the cursor', async () => {
    const c = await hub('ward-pull');
    for (let i = 1; i <= 5; i++) await enqueueForHub(db, 'ward-pull', cancel(i));
    const first = await c.messages(0, 3);
    expect(first.status).toBe(200);
    const a = CityMessages.parse((first.body as { data: unknown }).data);
    expect(a.messages.map((m) => m.seq)).toEqual([1, 2, 3]);
    expect(a.latestSeq).toBe(5);
    expect(a.messages[0]?.message).toEqual(cancel(1));
    const rest = CityMessages.parse(((await c.messages(3)).body as { data: unknown }).data);
    expect(rest.messages.map((m) => m.seq)).toEqual([4, 5]);
    expect(await acked('ward-pull')).toBe(3);
    await c.messages(5);
    expect(await acked('ward-pull')).toBe(5);
    // Another hub sees none of these.
    const other = await hub('ward-other');
    expect(CityMessages.parse(((await other.messages(0)).body as { data: unknown }).data).messages).toEqual([]);
  });

  it('refuses bad, stale, replayed, revoked-key and malformed pulls, and moves no cursor', async () => {
    const c = await hub('ward-refuse');
    await enqueueForHub(db, 'ward-refuse', cancel(1));
    const badKey = await c.messages(0, undefined, { key: generateKey() });
    expect(badKey.status).toBe(401);
    expect(badKey.body).toMatchObject({ ok: false, error: { code: 'bad_signature' } });
    const stale = await c.messages(0, undefined, { timestamp: Date.now() - 10 * 60_000 });
    expect(stale.status).toBe(401);
    expect(stale.body).toMatchObject({ ok: false, error: { code: 'stale_timestamp' } });
    // A replay: the same signed request twice (same nonce, same timestamp). Catches a pull that
    // does not record its nonce (seen failing with `recordNonce` removed from pull.ts: 200, not 409).
    const nonce = 'replay-nonce-0123456789';
    const ts = Date.now();
    expect((await c.messages(0, undefined, { nonce, timestamp: ts })).status).toBe(200);
    const replay = await c.messages(0, undefined, { nonce, timestamp: ts });
    expect(replay.status).toBe(409);
    expect(replay.body).toMatchObject({ ok: false, error: { code: 'replayed' } });
    // The query is signed: a cursor changed in transit breaks the signature.
    const path = '/api/sync/messages?after=0';
    const headers = c.headers('GET', path, '');
    const tampered = await fetch(`${city.url}/api/sync/messages?after=1`, { headers });
    expect(tampered.status).toBe(401);
    const badQuery = await c.messages(-1);
    expect(badQuery.status).toBe(400);
    expect(badQuery.body).toMatchObject({ ok: false, error: { code: 'invalid_batch' } });
    const tooMany = await c.messages(0, 501);
    expect(tooMany.status).toBe(400);
    await city.server.hubs.revokeKey('ward-refuse', c.keyId);
    const revoked = await c.messages(0);
    expect(revoked.status).toBe(401);
    expect(revoked.body).toMatchObject({ ok: false, error: { code: 'unknown_key' } });
    expect(await acked('ward-refuse')).toBe(0);
    const unsigned = await fetch(`${city.url}/api/sync/messages?after=0`);
    expect(unsigned.status).toBe(401);
  });

  it('numbers 50 concurrent enqueues 1..50 without a hole', async () => {
    const c = await hub('ward-burst');
    const seqs = await Promise.all(Array.from({ length: 50 }, (_, i) => enqueueForHub(db, 'ward-burst', cancel(i))));
    expect([...seqs].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    const got = CityMessages.parse(((await c.messages(0)).body as { data: unknown }).data);
    expect(got.messages.map((m) => m.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(got.latestSeq).toBe(50);
  });
});
