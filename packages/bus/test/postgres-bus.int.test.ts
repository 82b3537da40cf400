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

  it('goes to the handler in one call, each partition in order, and is committed for all', async () => {
    const bus = createPostgresBus({ pool, pollIntervalMs: 100, sessionTimeoutMs: 3_000 });
    const topic = 'merge.ok';
    await bus.ensureTopics([{ name: topic, partitions: 4 }]);
    const keys = keysOn(4);
    const calls: { partition: number; value: string }[][] = [];
    const messages = keys.flatMap((key, p) => [0, 1, 2].map((n) => ({ key, value: `p${p}-${n}` })));
    await bus.publish(topic, messages);
    const consumer = await bus.consume({
      groupId: 'merge-ok',
      topics: [topic],
      fromBeginning: true,
      handle: async (batch) => void calls.push(batch.map(({ partition, value }) => ({ partition, value }))),
    });
    try {
      await eventually(() => expect(calls.flat()).toHaveLength(12), 10_000);
    } finally {
      await consumer.stop();
    }
    expect(calls).toHaveLength(1);
    for (let p = 0; p < 4; p++) {
      expect(calls[0]!.filter((m) => m.partition === p).map((m) => m.value)).toEqual(
        [0, 1, 2].map((n) => `p${p}-${n}`),
      );
    }
    expect((await bus.lag('merge-ok', [topic])).map((entry) => entry.lag)).toEqual([0, 0, 0, 0]);
    await bus.close();
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
    const bus = createPostgresBus({ pool, pollIntervalMs: 100, sessionTimeoutMs: 3_000 });
    const topic = 'merge.behind';
    await bus.ensureTopics([{ name: topic, partitions: 4 }]);
    const keys = keysOn(4);
    // 4 partitions x 30 messages, batches of 40: a probe takes 10 of each partition (a full batch).
    const messages = keys.flatMap((key, p) => Array.from({ length: 30 }, (_, n) => ({ key, value: `p${p}-${n}` })));
    await bus.publish(topic, messages);
    const calls: { partition: number; value: string }[][] = [];
    const consumer = await bus.consume({
      groupId: 'merge-behind',
      topics: [topic],
      fromBeginning: true,
      maxBatchSize: 40,
      handle: async (batch) => void calls.push(batch.map(({ partition, value }) => ({ partition, value }))),
    });
    try {
      await eventually(() => expect(calls.flat()).toHaveLength(120), 10_000);
    } finally {
      await consumer.stop();
    }
    expect(calls.map((call) => call.length)).toEqual([40, 40, 40]);
    for (const call of calls) expect(new Set(call.map((m) => m.partition)).size).toBe(4);
    for (let p = 0; p < 4; p++) {
      expect(
        calls
          .flat()
          .filter((m) => m.partition === p)
          .map((m) => m.value),
      ).toEqual(Array.from({ length: 30 }, (_, n) => `p${p}-${n}`));
    }
    expect((await bus.lag('merge-behind', [topic])).map((entry) => entry.lag)).toEqual([0, 0, 0, 0]);
    await bus.close();
  });

  it('when behind on a few partitions, fetches the rest of the batch for those and makes one call', async () => {
    const bus = createPostgresBus({ pool, pollIntervalMs: 100, sessionTimeoutMs: 3_000 });
    const topic = 'merge.few-behind';
    await bus.ensureTopics([{ name: topic, partitions: 4 }]);
    const keys = keysOn(4);
    // Batches of 40 over 4 partitions: a share of 10. Partition 0 has 30 waiting, partition 1 has 3.
    await bus.publish(topic, [
      ...Array.from({ length: 30 }, (_, n) => ({ key: keys[0]!, value: `p0-${n}` })),
      ...Array.from({ length: 3 }, (_, n) => ({ key: keys[1]!, value: `p1-${n}` })),
    ]);
    const calls: string[][] = [];
    const consumer = await bus.consume({
      groupId: 'merge-few-behind',
      topics: [topic],
      fromBeginning: true,
      maxBatchSize: 40,
      handle: async (batch) => void calls.push(batch.map(({ value }) => value)),
    });
    try {
      await eventually(() => expect(calls.flat()).toHaveLength(33), 10_000);
    } finally {
      await consumer.stop();
    }
    expect(calls).toHaveLength(1);
    expect(calls[0]!.filter((value) => value.startsWith('p0-'))).toEqual(
      Array.from({ length: 30 }, (_, n) => `p0-${n}`),
    );
    expect(calls[0]!.filter((value) => value.startsWith('p1-'))).toEqual(['p1-0', 'p1-1', 'p1-2']);
    await bus.close();
  });
});
