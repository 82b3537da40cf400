import type { NewEvent } from '@siks/contracts';
import { createPool, migrate, withTransaction } from '@siks/pg';
import {
  createPostgresEventStore,
  eventstoreMigrations,
  parseLogPosition,
  subscriptionMigrations,
} from '../src/index.ts';
import { appendEvents } from '../src/postgres/append.ts';
import type { ContractHarness } from './contract.ts';

/**
 * The PostgreSQL contract harness on database `url`: a late commit is an append whose transaction
 * stays open a while; a write aside is a transaction that writes a row outside the log and stays
 * open a while. With `groupCommit`, the store commits concurrent appends together.
 */
export async function postgresHarness(url: string, groupCommit: boolean): Promise<ContractHarness> {
  const pool = createPool({ url, max: 20, applicationName: 'eventstore-contract' });
  await migrate(pool, [eventstoreMigrations, subscriptionMigrations]);
  await pool.query('CREATE TABLE IF NOT EXISTS contract_aside (n integer)');
  const store = createPostgresEventStore({ pool, groupCommit });
  return {
    store,
    checkpointPool: pool,
    async appendLate(streamId: string, events: readonly NewEvent[], holdMs: number) {
      return withTransaction(pool, async (client) => {
        const result = await appendEvents(client, streamId, events, 'any', false);
        await new Promise((resolve) => setTimeout(resolve, holdMs));
        const last = parseLogPosition(result.logPositions.at(-1) ?? '');
        const later = await client.query<{ found: boolean }>(
          `SELECT EXISTS (SELECT 1 FROM eventstore.events
             WHERE position > $1 AND transaction_id <> pg_current_xact_id()) AS found`,
          [last.minor.toString()],
        );
        return later.rows[0]?.found === true;
      });
    },
    async writeAside(holdMs: number) {
      await withTransaction(pool, async (client) => {
        await client.query('INSERT INTO contract_aside VALUES (1)');
        await new Promise((resolve) => setTimeout(resolve, holdMs));
      });
    },
    tamper: {
      update: (streamId: string) =>
        pool.query(`UPDATE eventstore.events SET data = '{"amount": 2}' WHERE stream_id = $1`, [streamId]),
      delete: (streamId: string) => pool.query('DELETE FROM eventstore.events WHERE stream_id = $1', [streamId]),
    },
    async close() {
      await store.close();
      await pool.end();
    },
  };
}
