import { afterAll, describe, expect, it } from 'vitest';
import { eventually } from './eventually.ts';
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

describe('a small round over several partitions', () => {
  const keysOn = (partitions: number): string[] => {
    // One key per partition, found by the partitioner itself.
    const keys: string[] = [];
    for (let i = 0; keys.length < partitions; i++) {
      const key = `k-${i}`;
      if (partitionForKey(key, partitions) === keys.length) keys.push(key);
    }
    return keys;
  };

  type Call = { partition: number; value: string }[];

  /** Publishes to a fresh 4-partition topic and consumes from the beginning until `total` arrived: the handler calls. */
  async function callsFor(
    topic: string,
    messages: { key: string; value: string }[],
    maxBatchSize?: number,
  ): Promise<{ calls: Call[]; lag: number[] }> {
    const bus = createPostgresBus({ pool, pollIntervalMs: 100, sessionTimeoutMs: 3_000 });
    await bus.ensureTopics([{ name: topic, partitions: 4 }]);
    await bus.publish(topic, messages);
    const calls: Call[] = [];
    const consumer = await bus.consume({
      groupId: topic,
      topics: [topic],
      fromBeginning: true,
      ...(maxBatchSize !== undefined ? { maxBatchSize } : {}),
      handle: async (batch) => void calls.push(batch.map(({ partition, value }) => ({ partition, value }))),
    });
    try {
      await eventually(() => expect(calls.flat()).toHaveLength(messages.length), 10_000);
    } finally {
      await consumer.stop();
    }
    const lag = (await bus.lag(topic, [topic])).map((entry) => entry.lag);
    await bus.close();
    return { calls, lag };
  }
  const valuesOf = (call: Call, partition: number): string[] =>
    call.filter((m) => m.partition === partition).map((m) => m.value);
  const series = (partition: number, length: number): string[] =>
    Array.from({ length }, (_, n) => `p${partition}-${n}`);

  it('goes to the handler in one call, each partition in order, and is committed for all', async () => {
    const messages = keysOn(4).flatMap((key, p) => series(p, 3).map((value) => ({ key, value })));
    const { calls, lag } = await callsFor('merge.ok', messages);
    expect(calls).toHaveLength(1);
    for (let p = 0; p < 4; p++) expect(valuesOf(calls[0]!, p)).toEqual(series(p, 3));
    expect(lag).toEqual([0, 0, 0, 0]);
  });

  it('falls back to one partition at a time when the call fails: only the poison is dead-lettered', async () => {
    const bus = createPostgresBus({ pool, pollIntervalMs: 100, sessionTimeoutMs: 3_000 });
    const topic = 'merge.poison';
    await bus.ensureTopics([{ name: topic, partitions: 3 }]);
    const keys = keysOn(3);
    const received: string[] = [];
    const poisonAttempts: number[] = [];
    await bus.publish(topic, [
      { key: keys[0]!, value: 'a-1' },
      { key: keys[1]!, value: 'poison' },
      { key: keys[1]!, value: 'b-2' },
      { key: keys[2]!, value: 'c-1' },
    ]);
    const consumer = await bus.consume({
      groupId: 'merge-poison',
      topics: [topic],
      fromBeginning: true,
      maxAttempts: 3,
      retryDelayMs: 5,
      handle: async (batch) => {
        const poison = batch.find((message) => message.value === 'poison');
        if (poison) {
          poisonAttempts.push(poison.attempt);
          throw new Error('handler rejects this message');
        }
        received.push(...batch.map((message) => message.value));
      },
    });
    try {
      await eventually(() => expect([...received].sort()).toEqual(['a-1', 'b-2', 'c-1']), 10_000);
      await eventually(
        async () => expect((await bus.lag('merge-poison', [topic])).every((e) => e.lag === 0)).toBe(true),
        10_000,
      );
    } finally {
      await consumer.stop();
    }
    // Once together (attempt 1), then alone until the third attempt; then dead-lettered.
    expect(poisonAttempts[0]).toBe(1);
    expect(Math.max(...poisonAttempts)).toBe(3);
    const dead = await bus.lag('nobody', [`${topic}.dlq`]);
    expect(dead.reduce((sum, entry) => sum + entry.lag, 0)).toBe(1);
    await bus.close();
  });

  it('when behind on every partition, goes to the handler a batch at a time, not a partition at a time', async () => {
    // 4 partitions x 30 messages, batches of 40: a probe takes 10 of each partition (a full batch).
    const messages = keysOn(4).flatMap((key, p) => series(p, 30).map((value) => ({ key, value })));
    const { calls, lag } = await callsFor('merge.behind', messages, 40);
    expect(calls.map((call) => call.length)).toEqual([40, 40, 40]);
    for (const call of calls) expect(new Set(call.map((m) => m.partition)).size).toBe(4);
    for (let p = 0; p < 4; p++) expect(valuesOf(calls.flat(), p)).toEqual(series(p, 30));
    expect(lag).toEqual([0, 0, 0, 0]);
  });

  it('when behind on a few partitions, fetches the rest of the batch for those and makes one call', async () => {
    // Batches of 40 over 4 partitions: a share of 10. Partition 0 has 30 waiting, partition 1 has 3.
    const [k0, k1] = keysOn(4) as [string, string];
    const messages = [
      ...series(0, 30).map((value) => ({ key: k0, value })),
      ...series(1, 3).map((value) => ({ key: k1, value })),
    ];
    const { calls } = await callsFor('merge.few-behind', messages, 40);
    expect(calls).toHaveLength(1);
    expect(valuesOf(calls[0]!, 0)).toEqual(series(0, 30));
    expect(valuesOf(calls[0]!, 1)).toEqual(series(1, 3));
  });
});
