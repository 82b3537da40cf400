import { createPool, migrate } from '@siks/pg';
import { useTestDatabase } from '@siks/testing/vitest';
import { describe, it } from 'vitest';
import { createKurrentEventStore, subscriptionMigrations } from '../src/index.ts';
import { eventStoreContract } from './contract.ts';

/**
 * The KurrentDB adapter passes the same contract when KURRENTDB_URL points at a server, e.g.
 * KURRENTDB_URL='kurrentdb://localhost:2113?tls=false'. Checkpoints of the contract's
 * subscription live in the test PostgreSQL database. Without a server the suite says so.
 */
const kurrentUrl = process.env['KURRENTDB_URL'];

if (kurrentUrl) {
  const url = await useTestDatabase('eventstore_kurrent');
  eventStoreContract('KurrentDB', async () => {
    const pool = createPool({ url, max: 4, applicationName: 'eventstore-kurrent-contract' });
    await migrate(pool, [subscriptionMigrations]);
    const store = createKurrentEventStore({ url: kurrentUrl });
    return {
      store,
      checkpointPool: pool,
      async close() {
        await store.close();
        await pool.end();
      },
    };
  });
} else {
  describe('EventStore contract: KurrentDB', () => {
    console.info('KurrentDB contract suite skipped: KURRENTDB_URL is not set');
    it.skip('KurrentDB suite skipped: KURRENTDB_URL not set (e.g. kurrentdb://localhost:2113?tls=false)', () => {});
  });
}
