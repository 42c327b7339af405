/**
 * The city → hub channel's pull: `GET /api/sync/messages?after=<seq>&limit=<n>`, signed by the hub
 * exactly as an upward request (the same verifier, `IngestService.authenticate`: head of a GET is
 * its whole request, so the one signature covers the path with its query; timestamp window,
 * revoked keys; the nonce is recorded so a replayed pull is refused). It answers `CityMessages`
 * and records the hub's cursor: `after` is what the hub has applied (`outbox_acked`).
 */
import type { Pool } from 'pg';
import { CITY_CHANNEL_LIMITS, CITY_CHANNEL_PROTOCOL_VERSION, CityMessages, type Clock } from '@motcua/shared';
import { refuse, type IngestOutcome, type IngestService } from '../ingest/ingest';
import { readOutbox } from './outbox';

type Headers = Record<string, string | string[] | undefined>;

export interface PullOutcome {
  status: number;
  /** The messages, or a refusal as the upward path words it (the ingest's codes and statuses). */
  body: { ok: true; data: CityMessages } | IngestOutcome['body'];
}

/** `after` and `limit` from the query string; a message naming what is wrong otherwise. */
export function readPullQuery(query: URLSearchParams): { after: number; limit: number } | string {
  const after = query.get('after') ?? '0';
  const limit = query.get('limit') ?? String(CITY_CHANNEL_LIMITS.maxMessages);
  if (!/^\d{1,15}$/.test(after)) return 'after must be the last seq the hub applied (a whole number ≥ 0)';
  if (!/^\d{1,4}$/.test(limit) || Number(limit) < 1 || Number(limit) > CITY_CHANNEL_LIMITS.maxMessages) return `limit must be 1–${CITY_CHANNEL_LIMITS.maxMessages}`;
  return { after: Number(after), limit: Number(limit) };
}

export async function pullMessages(pool: Pool, ingest: IngestService, clock: Clock, url: string, headers: Headers): Promise<PullOutcome> {
  try {
    const auth = await ingest.authenticate('GET', url, headers, '');
    if ('status' in auth) return auth;
    const q = readPullQuery(new URL(url, 'http://city.invalid').searchParams);
    if (typeof q === 'string') return refuse('invalid_batch', q);
    if (!(await ingest.recordNonce(pool, auth))) return refuse('replayed', 'this request (nonce) was already received; sign every request afresh');
    const { messages, latestSeq } = await readOutbox(pool, auth.hubId, q.after, q.limit);
    // The hub asks for what follows its cursor only once everything up to it is applied there.
    await pool.query('UPDATE city_hubs SET outbox_acked = LEAST($2::bigint, outbox_seq), last_seen_at = $3 WHERE hub_id = $1', [auth.hubId, q.after, new Date(clock.now())]);
    const data = CityMessages.parse({ v: CITY_CHANNEL_PROTOCOL_VERSION, hubId: auth.hubId, messages, latestSeq, serverTime: clock.now() });
    return { status: 200, body: { ok: true, data } };
  } catch (e) {
    return ingest.failure(e);
  }
}

