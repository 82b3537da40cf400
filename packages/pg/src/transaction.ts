import type pg from 'pg';

/** Swallows a checked-out client's 'error' event: the failing query reports the same error. */
const ignoreLostConnection = (): void => undefined;

/**
 * Runs `work` inside one transaction on a client of `pool`; commits on success, rolls
 * back on any error and rethrows it. The client is always released.
 */
export async function withTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  // pg-pool stops listening to a client's errors while it is checked out, and node-postgres
  // emits 'error' when the server ends the connection (a restart: 57P01): unheard, that event
  // would end the process. The query in flight, or the next one, fails with it anyway, and the
  // pool drops the broken client on release.
  client.on('error', ignoreLostConnection);
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.removeListener('error', ignoreLostConnection);
    client.release();
  }
}
