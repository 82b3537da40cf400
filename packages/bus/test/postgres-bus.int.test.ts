import { afterAll, describe, expect, it } from 'vitest';
import { createPool, migrate } from '@siks/pg';
import { useTestDatabase } from '@siks/testing/vitest';
import { busMigrations, createBusFromUrl, createPostgresBus, partitionForKey } from '../src/index.ts';
import { busContract } from './bus-contract.ts';

const url = await useTestDatabase('bus');
const pool = createPool({ url, max: 30, applicationName: 'bus-contract' });
await migrate(pool, [busMigrations]);
afterAll(() => pool.end());

busContract('PostgreSQL', {
  makeBus: async () => createPostgresBus({ pool, pollIntervalMs: 250, sessionTimeoutMs: 3_000 }),
  runId: 'pg',
  waitMs: 20_000,
});

describe('createBusFromUrl', () => {
  it('makes a PostgreSQL bus in the pool’s database for postgres://…', async () => {
    const bus = createBusFromUrl('postgres://ignored-host/ignored', pool);
    await bus.ensureTopics([{ name: 'url.pg', partitions: 2 }]);
    await bus.publish('url.pg', [{ key: 'household-9', value: '{}' }]);
    const lag = await bus.lag('nobody', ['url.pg']);
    expect(lag.map((entry) => entry.lag)).toEqual([0, 1].map((p) => (p === partitionForKey('household-9', 2) ? 1 : 0)));
    await bus.close();
  });
});
