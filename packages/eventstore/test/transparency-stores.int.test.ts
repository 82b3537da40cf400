import { createPool, migrate } from '@siks/pg';
import { useTestDatabase } from '@siks/testing/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditLogMigrations,
  createKurrentEventStore,
  createPostgresEventStore,
  eventstoreMigrations,
  extendTree,
  leavesOfStore,
  rootOfStore,
  type EventStore,
  type LogLeaf,
} from '../src/index.ts';
import { readLeaves } from '../src/transparency/read-leaves.ts';
import { runPrefix, testEvents } from './fixtures.ts';

// The audit log's leaves computed from any store's global log (`leavesOfStore`): on PostgreSQL
// exactly the leaves the tree stores; on KurrentDB (only with KURRENTDB_URL) the same content
// hashes for the same events, read from `$all`.

const url = await useTestDatabase('eventstore_transparency_stores');
const pool = createPool({ url, max: 4, applicationName: 'transparency-stores-test' });
let postgres: EventStore;
const prefix = runPrefix('parity');
/** The same events (same ids) for both stores: three streams, interleaved appends. */
const batches = [
  [`${prefix}proposal-a`, testEvents(3)],
  [`${prefix}case-b`, testEvents(2)],
  [`${prefix}proposal-a`, testEvents(2)],
  [`${prefix}household-c`, testEvents(4, (i) => ({ nested: { list: [i, 'x'], z: null, a: true } }))],
] as const;

async function fill(store: EventStore): Promise<void> {
  for (const [stream, events] of batches) await store.append(stream, events, 'any');
}

const collect = async (store: EventStore): Promise<LogLeaf[]> => {
  const leaves: LogLeaf[] = [];
  for await (const { leaf } of leavesOfStore(store, { streamPrefixes: [prefix], pageSize: 3 })) leaves.push(leaf);
  return leaves;
};

beforeAll(async () => {
  await migrate(pool, [eventstoreMigrations, auditLogMigrations]);
  postgres = createPostgresEventStore({ pool, notify: 'off' });
  await fill(postgres);
});
afterAll(async () => {
  await postgres.close();
  await pool.end();
});

describe('audit leaves from any store', () => {
  it('on PostgreSQL, are exactly the stored tree’s leaves (the recomputed chain equals the stored one)', async () => {
    const computed = await collect(postgres);
    expect(computed).toHaveLength(11);
    expect(computed).toEqual(await readLeaves(pool, '', 100));
    const head = await extendTree(pool);
    expect(await rootOfStore(postgres, { streamPrefixes: [prefix] })).toEqual({ size: head.size, root: head.root });
  });

  const kurrentUrl = process.env['KURRENTDB_URL'];
  it.skipIf(!kurrentUrl)(
    `on KurrentDB, give the same content hashes from $all for the same events${kurrentUrl ? '' : ' (skipped: KURRENTDB_URL not set)'}`,
    async () => {
      const kurrent = createKurrentEventStore({ url: kurrentUrl ?? '' });
      try {
        await fill(kurrent);
        const fromKurrent = await collect(kurrent);
        const fromPostgres = await collect(postgres);
        // Place and time are each store's own; what the events say, and their chains, are not.
        const content = (leaf: LogLeaf) => ({
          eventId: leaf.eventId,
          streamId: leaf.streamId,
          revision: leaf.revision,
          type: leaf.type,
          actor: leaf.actor,
          hash: leaf.hash,
        });
        expect(fromKurrent.map(content)).toEqual(fromPostgres.map(content));
        expect((await rootOfStore(kurrent, { streamPrefixes: [prefix] })).size).toBe(fromPostgres.length);
      } finally {
        await kurrent.close();
      }
    },
  );
});
