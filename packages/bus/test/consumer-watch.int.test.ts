import { afterAll, describe, expect, it } from 'vitest';
import { createPool, migrate } from '@siks/pg';
import { useTestDatabase } from '@siks/testing/vitest';
import { busMigrations, createPostgresBus, watchConsumers } from '../src/index.ts';
import { eventually } from './eventually.ts';

const url = await useTestDatabase('bus_consumer_watch');
const pool = createPool({ url, max: 6, applicationName: 'bus-consumer-watch' });
await migrate(pool, [busMigrations]);
const TOPIC = 'test.watched.v1';
const watch = watchConsumers(createPostgresBus({ pool, pollIntervalMs: 50 }));
await watch.bus.ensureTopics([{ name: TOPIC, partitions: 1 }]);
afterAll(async () => {
  await watch.bus.close();
  await pool.end();
});

const publish = (count: number) =>
  watch.bus.publish(
    TOPIC,
    Array.from({ length: count }, (_, n) => ({ key: 'k', value: JSON.stringify({ n }) })),
  );

describe('watchConsumers', () => {
  it('calls a group whose handler hangs stuck, a group with too much waiting behind, and both fine once they move', async () => {
    let release: () => void = () => undefined;
    const hanging = new Promise<void>((resolve) => (release = resolve));
    let handled = 0;
    const consumer = await watch.bus.consume({
      groupId: 'watched',
      topics: [TOPIC],
      maxBatchSize: 1,
      handle: async (messages) => {
        await hanging;
        handled += messages.length;
      },
    });
    expect(await watch.check({ maxLag: 3, stuckAfterMs: 300 })).toEqual([{ name: 'consumer:watched', ok: true }]);
    await publish(5);

    // Behind at once: 5 waiting > 3.
    await eventually(async () => {
      expect(await watch.check({ maxLag: 3, stuckAfterMs: 0 })).toEqual([
        { name: 'consumer:watched', ok: false, detail: 'behind' },
      ]);
    }, 10_000);
    expect(await watch.check({ maxLag: 10, stuckAfterMs: 0 })).toEqual([{ name: 'consumer:watched', ok: true }]);

    // Stuck once the offset has stood still for the threshold while messages wait.
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect(await watch.check({ maxLag: 0, stuckAfterMs: 300 })).toEqual([
      { name: 'consumer:watched', ok: false, detail: 'stuck' },
    ]);
    const [progress] = await watch.sample();
    expect(progress).toMatchObject({ groupId: 'watched', topic: TOPIC, lag: 5 });
    expect(progress!.stuckForMs).toBeGreaterThanOrEqual(300);

    // Released: it catches up, and neither threshold trips any more.
    release();
    await eventually(async () => {
      expect(handled).toBe(5);
      expect((await watch.sample())[0]?.lag).toBe(0);
    }, 10_000);
    expect(await watch.check({ maxLag: 3, stuckAfterMs: 300 })).toEqual([{ name: 'consumer:watched', ok: true }]);

    // A stopped consumer is no longer watched.
    await consumer.stop();
    expect(await watch.check({ maxLag: 3, stuckAfterMs: 300 })).toEqual([]);
  });
});
