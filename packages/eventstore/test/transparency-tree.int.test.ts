import { createPool, migrate, withTransaction } from '@siks/pg';
import { useTestDatabase } from '@siks/testing/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditLogMigrations,
  checkConsistencyProof,
  checkInclusionProof,
  createPostgresEventStore,
  eventstoreMigrations,
  extendTree,
  hashLeaf,
  leafOfEvent,
  proveConsistency,
  proveInclusion,
  readTreeHead,
  rootOfLeaves,
  type EventStore,
} from '../src/index.ts';
import { appendEvents } from '../src/postgres/append.ts';
import { readLeaves } from '../src/transparency/read-leaves.ts';
import { testEvents } from './fixtures.ts';

const url = await useTestDatabase('eventstore_transparency_tree');
const pool = createPool({ url, max: 6, applicationName: 'transparency-tree-test' });
let store: EventStore;

beforeAll(async () => {
  await migrate(pool, [eventstoreMigrations, auditLogMigrations]);
  store = createPostgresEventStore({ pool, notify: 'off' });
});
afterAll(async () => {
  await store.close();
  await pool.end();
});

/** The root recomputed naively from the whole log as the global readers see it. */
async function naiveRoot(size: number): Promise<Buffer> {
  const events = await store.readAll({ maxCount: size });
  return rootOfLeaves(events.map((event) => hashLeaf(leafOfEvent(event))));
}

describe('the audit Merkle tree in PostgreSQL', () => {
  it('grows incrementally to the root a naive recomputation gives, storing each complete subtree once', async () => {
    const sizes: number[] = [];
    for (const [stream, count] of [
      ['proposal-a', 3],
      ['case-b', 1],
      ['proposal-c', 9],
      ['household-d', 4],
    ] as const) {
      await store.append(stream, testEvents(count), 'no_stream');
      const head = await extendTree(pool, { pageSize: 4 });
      sizes.push(head.size);
      expect(head.root).toEqual(await naiveRoot(head.size));
      expect(await readTreeHead(pool)).toMatchObject({ size: head.size, root: head.root });
    }
    expect(sizes).toEqual([3, 4, 13, 17]);
    // n leaves have n − popcount(n) complete inner subtrees: 17 − 2 = 15.
    const nodes = await pool.query<{ count: string }>('SELECT count(*) FROM audit_log.nodes');
    expect(Number(nodes.rows[0]?.count)).toBe(15);
    expect((await extendTree(pool)).added).toBe(0);
  });

  it('does not take an event while an earlier-ordered append is still open, and never reorders', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let opened!: () => void;
    const isOpen = new Promise<void>((resolve) => (opened = resolve));
    const late = withTransaction(pool, async (client) => {
      await appendEvents(client, 'proposal-late', testEvents(2), 'no_stream', false);
      opened();
      await held;
    });
    await isOpen;
    await store.append('proposal-early', testEvents(1), 'no_stream');
    const during = await extendTree(pool);
    expect(during.added).toBe(0); // the later append waits behind the open one
    release();
    await late;
    const after = await extendTree(pool);
    expect(after.added).toBe(3);
    const streams = (await store.readAll({ maxCount: after.size })).slice(-3).map((event) => event.streamId);
    expect(streams).toEqual(['proposal-late', 'proposal-late', 'proposal-early']);
    expect(after.root).toEqual(await naiveRoot(after.size));
  });

  it('reads leaves exactly as the leaves of readAll, page by page', async () => {
    const all = (await store.readAll()).map(leafOfEvent);
    const paged = [...(await readLeaves(pool, '', 5)), ...(await readLeaves(pool, all[4]?.logPosition ?? '', 100))];
    expect(paged).toEqual(all);
    expect(all.length).toBe((await readTreeHead(pool)).size);
  });

  it('proves inclusion by position and by event id, and consistency between sizes', async () => {
    const head = await readTreeHead(pool);
    const events = await store.readAll({ maxCount: head.size });
    for (const index of [0, 5, 12, head.size - 1]) {
      const event = events[index];
      if (!event) throw new Error('missing event');
      const byId = await proveInclusion(pool, { eventId: event.eventId });
      expect(byId.leafIndex).toBe(index);
      expect(checkInclusionProof(byId, head.root)).toBe(true);
      const old = await proveInclusion(pool, { position: event.logPosition.split(':')[1] as string }, index + 1);
      expect(old.treeSize).toBe(index + 1);
      expect(checkInclusionProof(old, await naiveRoot(index + 1))).toBe(true);
      expect(checkInclusionProof(old, head.root)).toBe(index + 1 === head.size);
    }
    for (const first of [1, 3, 4, 13, head.size]) {
      const proof = await proveConsistency(pool, first);
      expect(checkConsistencyProof(proof, await naiveRoot(first), head.root)).toBe(true);
    }
    await expect(proveConsistency(pool, 1, head.size + 1)).rejects.toThrow(/beyond the tree/);
  });
});
