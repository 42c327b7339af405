import type { Pool, PoolClient } from 'pg';

/**
 * Runs `fn` with a client checked out of the pool. A checked-out client whose connection dies
 * (database restart, terminated session) emits 'error'; without a listener that would crash the
 * process, so one is attached for the duration, and a broken client is destroyed, not reused.
 */
export async function withClient<T>(pool: Pool, fn: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | null = null;
  const onError = (e: Error): void => {
    broken = e;
  };
  client.on('error', onError);
  try {
    return await fn(client);
  } catch (e) {
    broken ??= isConnectionError(e) ? (e as Error) : null;
    throw e;
  } finally {
    client.off('error', onError);
    client.release(broken ?? undefined);
  }
}

/** Runs `fn` in a transaction: COMMIT when it returns, ROLLBACK when it throws. */
export function inTransaction<T>(pool: Pool, fn: (client: PoolClient) => Promise<T>): Promise<T> {
  return withClient(pool, async (client) => {
    await client.query('BEGIN');
    try {
      const r = await fn(client);
      await client.query('COMMIT');
      return r;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined); // a dead connection rolled back already
      throw e;
    }
  });
}

export function isConnectionError(e: unknown): boolean {
  const code = (e as { code?: string } | null)?.code;
  if (code && ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', '57P01', '57P02', '57P03', '53300', '08000', '08003', '08006'].includes(code)) return true;
  return e instanceof Error && /Connection terminated|connection is closed|Client has encountered a connection error|timeout exceeded when trying to connect/i.test(e.message);
}
