import { createPool, migrate } from '@siks/pg';
import { useTestDatabase } from '@siks/testing/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createKurrentEventStore,
  createPostgresEventStore,
  DuplicateEventIdError,
  eventstoreMigrations,
  parseLogPosition,
  verifyHashChains,
  withGroupCommit,
  WrongExpectedRevisionError,
  type EventStore,
} from '../src/index.ts';
import { appendEvents } from '../src/postgres/append.ts';
import { eventStoreContract } from './contract.ts';
import { eventually, testEvent, testEvents } from './fixtures.ts';
import { postgresHarness } from './postgres-harness.ts';

const url = await useTestDatabase('eventstore_group');

eventStoreContract('PostgreSQL, group commit', () => postgresHarness(url, true));

describe('group commit', () => {
  const pool = createPool({ url, max: 6, applicationName: 'eventstore-group-test' });
  let plain: EventStore;
  let store: EventStore;

  beforeAll(async () => {
    await migrate(pool, [eventstoreMigrations]);
    plain = createPostgresEventStore({ pool, notify: 'off' });
    store = withGroupCommit(plain);
  });
  afterAll(async () => {
    await store.close();
    await pool.end();
  });

  const transactionOf = (position: string | undefined): bigint => parseLogPosition(position ?? '').major;

  it('commits appends made at once in one transaction, each with its own result', async () => {
    const streams = Array.from({ length: 12 }, (_, index) => `gc-many-${index}`);
    const results = await Promise.all(
      streams.map((stream, index) => store.append(stream, testEvents(1 + (index % 3)), 'no_stream')),
    );
    streams.forEach((_, index) => {
      expect(results[index]?.nextExpectedRevision).toBe(index % 3);
      expect(results[index]?.logPositions).toHaveLength(1 + (index % 3));
    });
    const transactions = new Set(results.flatMap((result) => result.logPositions.map(transactionOf)));
    expect(transactions.size).toBe(1);
    for (const [index, stream] of streams.entries()) {
      const read = await store.readStream(stream);
      expect(read.map((event) => event.logPosition)).toEqual(results[index]?.logPositions);
    }
    expect(await verifyHashChains(pool)).toMatchObject({ ok: true });
  });

  it('answers a conflict, a retry and a duplicate within a batch without disturbing the others', async () => {
    const retried = [testEvent(), testEvent()];
    const first = await store.append('gc-retry', retried, 'no_stream');
    await store.append('gc-exists', [testEvent()], 'no_stream');
    const shared = testEvent();
    await store.append('gc-shared', [shared], 'no_stream');

    const [fresh, conflict, retry, duplicate, alsoFresh] = await Promise.allSettled([
      store.append('gc-fresh-1', [testEvent()], 'no_stream'),
      store.append('gc-exists', [testEvent()], 'no_stream'),
      store.append('gc-retry', retried, 'no_stream'),
      store.append('gc-dup', [testEvent(), shared], 'no_stream'),
      store.append('gc-fresh-2', [testEvent()], 'no_stream'),
    ]);
    expect(fresh).toMatchObject({ status: 'fulfilled', value: { nextExpectedRevision: 0 } });
    expect(alsoFresh).toMatchObject({ status: 'fulfilled', value: { nextExpectedRevision: 0 } });
    expect(conflict.status === 'rejected' && conflict.reason).toBeInstanceOf(WrongExpectedRevisionError);
    expect(conflict.status === 'rejected' && (conflict.reason as WrongExpectedRevisionError).actual).toBe(0);
    expect(retry).toEqual({ status: 'fulfilled', value: first });
    expect(duplicate.status === 'rejected' && duplicate.reason).toBeInstanceOf(DuplicateEventIdError);
    expect(await store.readStream('gc-dup')).toEqual([]);
    expect(await store.streamRevision('gc-exists')).toBe(0);
    expect(await verifyHashChains(pool)).toMatchObject({ ok: true });
  });

  it('applies two appends to one stream in one batch in call order', async () => {
    const [a, b, c] = await Promise.allSettled([
      store.append('gc-same', [testEvent({ n: 1 })], 'no_stream'),
      store.append('gc-same', [testEvent({ n: 2 }), testEvent({ n: 3 })], 0),
      store.append('gc-same', [testEvent({ n: 4 })], 0),
    ]);
    expect(a).toMatchObject({ status: 'fulfilled', value: { nextExpectedRevision: 0 } });
    expect(b).toMatchObject({ status: 'fulfilled', value: { nextExpectedRevision: 2 } });
    expect(c.status === 'rejected' && c.reason).toBeInstanceOf(WrongExpectedRevisionError);
    const read = await store.readStream('gc-same');
    expect(read.map((event) => event.data)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect(await verifyHashChains(pool)).toMatchObject({ ok: true });
  });

  it('retries each append alone when the batch fails as a whole', async () => {
    // An open transaction holds an event id: the batch's insert waits for it and then fails with
    // a unique violation, which rolls the whole batch back.
    const held = testEvent();
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await appendEvents(client, 'gc-held', [held], 'no_stream', false);
      const batch = Promise.allSettled([
        store.append('gc-after-1', [testEvent()], 'no_stream'),
        store.append('gc-clash', [testEvent(), held], 'no_stream'),
        store.append('gc-after-2', [testEvent()], 'no_stream'),
      ]);
      await eventually(async () => {
        const { rows } = await pool.query<{ waiting: string }>(
          `SELECT count(*) AS waiting FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%append_many%'`,
        );
        return Number(rows[0]?.waiting) > 0 ? true : undefined;
      }, 'the batch to wait for the open transaction');
      await client.query('COMMIT');
      const [after1, clash, after2] = await batch;
      expect(after1).toMatchObject({ status: 'fulfilled', value: { nextExpectedRevision: 0 } });
      expect(after2).toMatchObject({ status: 'fulfilled', value: { nextExpectedRevision: 0 } });
      expect(clash.status === 'rejected' && clash.reason).toBeInstanceOf(DuplicateEventIdError);
      expect(await store.readStream('gc-clash')).toEqual([]);
    } finally {
      client.release();
    }
  });

  it('leaves a store that is not PostgreSQL as it is', async () => {
    const kurrent = createKurrentEventStore({ url: 'kurrentdb://localhost:2113?tls=false' });
    expect(withGroupCommit(kurrent)).toBe(kurrent);
    await kurrent.close();
  });
});
