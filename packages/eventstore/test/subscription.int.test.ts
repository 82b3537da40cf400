import type { RecordedEvent } from '@siks/contracts';
import { createPool, migrate, type PoolClient } from '@siks/pg';
import { useTestDatabase } from '@siks/testing/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPostgresEventStore,
  eventstoreMigrations,
  compareLogPositions,
  startSubscription,
  subscriptionMigrations,
  type EventStore,
} from '../src/index.ts';
import { eventually, runPrefix, testEvents } from './fixtures.ts';

const url = await useTestDatabase('eventstore_sub');
const pool = createPool({ url, max: 8, applicationName: 'eventstore-subscription-test' });
let store: EventStore;

beforeAll(async () => {
  await migrate(pool, [eventstoreMigrations, subscriptionMigrations]);
  await pool.query('CREATE TABLE read_model (event_id uuid PRIMARY KEY, stream_id text NOT NULL, revision bigint)');
  store = createPostgresEventStore({ pool });
});
afterAll(async () => {
  await store.close();
  await pool.end();
});

/** A projection: one row per event (a duplicate delivery would violate the primary key). */
async function project(events: RecordedEvent[], client: PoolClient): Promise<void> {
  await client.query(
    'INSERT INTO read_model (event_id, stream_id, revision) SELECT * FROM unnest($1::uuid[], $2::text[], $3::bigint[])',
    [events.map((e) => e.eventId), events.map((e) => e.streamId), events.map((e) => e.revision)],
  );
}

async function projected(prefix: string): Promise<number> {
  const result = await pool.query<{ count: string }>('SELECT count(*) FROM read_model WHERE stream_id LIKE $1', [
    `${prefix}%`,
  ]);
  return Number(result.rows[0]?.count);
}

async function checkpoint(subscriptionId: string): Promise<string | undefined> {
  const result = await pool.query<{ position: string }>(
    'SELECT position FROM eventstore_checkpoints WHERE subscription_id = $1',
    [subscriptionId],
  );
  return result.rows[0]?.position;
}

describe('startSubscription', () => {
  it('catches up in batches, follows new appends, and resumes from its checkpoint after a restart', async () => {
    const prefix = runPrefix('s');
    for (let i = 0; i < 5; i += 1) await store.append(`${prefix}${i}`, testEvents(5), 'no_stream');
    await store.append('other-stream', testEvents(3), 'any');
    const batches: number[] = [];
    const options = {
      store,
      pool,
      subscriptionId: `${prefix}sub`,
      streamPrefixes: [prefix],
      batchSize: 10,
      handle: async (events: RecordedEvent[], client: PoolClient) => {
        batches.push(events.length);
        await project(events, client);
      },
    };
    const first = startSubscription(options);
    await first.caughtUp;
    expect(await projected(prefix)).toBe(25);
    expect(batches.slice(0, 3)).toEqual([10, 10, 5]);
    const appended = await store.append(`${prefix}live`, testEvents(2), 'no_stream');
    await eventually(async () => ((await projected(prefix)) === 27 ? true : undefined), 'the live events');
    await first.stop();
    expect(first.position()).toBe(appended.logPositions.at(-1));
    expect(await checkpoint(`${prefix}sub`)).toBe(first.position());

    await store.append(`${prefix}later`, testEvents(3), 'no_stream');
    batches.length = 0;
    const second = startSubscription(options);
    await second.caughtUp;
    await second.stop();
    expect(batches).toEqual([3]);
    expect(await projected(prefix)).toBe(30);
    expect(await projected('other-stream')).toBe(0);
  });

  it('rolls a failed batch back with its checkpoint and retries it', async () => {
    const prefix = runPrefix('f');
    await store.append(`${prefix}1`, testEvents(4), 'no_stream');
    const errors: unknown[] = [];
    let attempts = 0;
    const subscription = startSubscription({
      store,
      pool,
      subscriptionId: `${prefix}sub`,
      streamPrefixes: [prefix],
      retryDelayMs: 10,
      onError: (error) => errors.push(error),
      handle: async (events, client) => {
        attempts += 1;
        await project(events, client);
        if (attempts === 1) throw new Error('projection failed');
      },
    });
    await subscription.caughtUp;
    await subscription.stop();
    expect(errors).toHaveLength(1);
    expect(String(errors[0])).toMatch(/projection failed/);
    expect(attempts).toBe(2);
    expect(await projected(prefix)).toBe(4);
  });

  it('applies each event once when two runners share a subscription id', async () => {
    const prefix = runPrefix('t');
    const errors: unknown[] = [];
    const runner = () =>
      startSubscription({
        store,
        pool,
        subscriptionId: `${prefix}sub`,
        streamPrefixes: [prefix],
        batchSize: 7,
        pollIntervalMs: 20,
        onError: (error) => errors.push(error),
        handle: project,
      });
    const runners = [runner(), runner()];
    for (let i = 0; i < 20; i += 1) await store.append(`${prefix}${i % 3}`, testEvents(3), 'any');
    await eventually(async () => ((await projected(prefix)) === 60 ? true : undefined), 'all events projected');
    await Promise.all(runners.map((subscription) => subscription.stop()));
    expect(errors).toEqual([]);
    expect(await projected(prefix)).toBe(60);
  });

  it('starts a new subscription after a given position', async () => {
    const prefix = runPrefix('p');
    const first = await store.append(`${prefix}1`, testEvents(3), 'no_stream');
    const seen: string[] = [];
    const subscription = startSubscription({
      store,
      pool,
      subscriptionId: `${prefix}sub`,
      streamPrefixes: [prefix],
      startAfter: first.logPositions[0],
      handle: async (events) => void seen.push(...events.map((event) => event.logPosition)),
    });
    await subscription.caughtUp;
    await subscription.stop();
    expect(seen).toEqual(first.logPositions.slice(1));
  });

  it('moves its checkpoint past other streams’ events, so it does not scan them again', async () => {
    const prefix = runPrefix('k');
    const seen: string[] = [];
    const subscription = startSubscription({
      store,
      pool,
      subscriptionId: `${prefix}sub`,
      streamPrefixes: [prefix],
      pollIntervalMs: 20,
      handle: async (events) => void seen.push(...events.map((event) => event.eventId)),
    });
    await subscription.caughtUp;
    const unrelated = await store.append(`${runPrefix('u')}x`, testEvents(3), 'no_stream');
    const last = unrelated.logPositions.at(-1) ?? '';
    const checkpoint = async (): Promise<string> =>
      (
        await pool.query<{ position: string }>(
          'SELECT position FROM public.eventstore_checkpoints WHERE subscription_id = $1',
          [`${prefix}sub`],
        )
      ).rows[0]?.position ?? '';
    await eventually(
      async () => (compareLogPositions(await checkpoint(), last) >= 0 ? true : undefined),
      'the checkpoint past the unrelated events',
    );
    expect(seen).toEqual([]);
    const mine = testEvents(2);
    await store.append(`${prefix}1`, mine, 'no_stream');
    await eventually(() => (seen.length >= 2 ? true : undefined), 'the new events handled');
    expect(seen).toEqual(mine.map((event) => event.eventId));
    await subscription.stop();
  });

  it('rejects caughtUp when stopped first', async () => {
    const blocked = startSubscription({
      store,
      pool,
      subscriptionId: `${runPrefix('x')}sub`,
      handle: async () => undefined,
    });
    await blocked.stop();
    await expect(blocked.caughtUp).rejects.toThrow(/stopped before catching up/);
  });
});
