/**
 * The city's side of the city → hub channel (contract: shared/src/city-channel.ts): a per-hub
 * outbox. Whatever the city decides for a ward (a booking made on the booking site, its
 * cancellation, a team assignment) is enqueued here in the same transaction as the decision, and
 * the hub pulls it on its next sync cycle, however long the link was down.
 */
import type { Pool, PoolClient } from 'pg';
import { CityMessage, CityToHubMessage } from '@motcua/shared';

type Queryable = Pool | PoolClient;

export class UnknownHubError extends Error {
  constructor(readonly hubId: string) {
    super(`unknown hub ${hubId}`);
    this.name = 'UnknownHubError';
  }
}

/**
 * Enqueues one message for a hub and returns its seq. Run it inside the transaction that makes the
 * decision, so a booking never exists without its message or the other way round.
 */
export async function enqueueForHub(db: Queryable, hubId: string, message: CityToHubMessage): Promise<number> {
  const valid = CityToHubMessage.parse(message);
  const r = await db.query<{ seq: string }>(
    `WITH s AS (UPDATE city_hubs SET outbox_seq = outbox_seq + 1 WHERE hub_id = $1 RETURNING outbox_seq)
     INSERT INTO city_outbox (hub_id, seq, kind, message) SELECT $1, outbox_seq, $2, $3 FROM s RETURNING seq`,
    [hubId, valid.kind, JSON.stringify(valid)],
  );
  const row = r.rows[0];
  if (!row) throw new UnknownHubError(hubId);
  return Number(row.seq);
}

/** The messages after `after` for a hub, in order, at most `limit`, and the newest seq it holds. */
export async function readOutbox(db: Queryable, hubId: string, after: number, limit: number): Promise<{ messages: CityMessage[]; latestSeq: number }> {
  const rows = await db.query<{ seq: string; created_at: Date; message: unknown }>(
    'SELECT seq, created_at, message FROM city_outbox WHERE hub_id = $1 AND seq > $2 ORDER BY seq LIMIT $3',
    [hubId, after, limit],
  );
  const latest = await db.query<{ outbox_seq: string }>('SELECT outbox_seq FROM city_hubs WHERE hub_id = $1', [hubId]);
  const head = latest.rows[0];
  if (!head) throw new UnknownHubError(hubId);
  const messages = rows.rows.map((r) => CityMessage.parse({ seq: Number(r.seq), createdAt: r.created_at.getTime(), message: r.message }));
  return { messages, latestSeq: Number(head.outbox_seq) };
}
