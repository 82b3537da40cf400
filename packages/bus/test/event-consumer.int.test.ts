import { afterAll, describe, expect, it } from 'vitest';
import { uuidv7, type RecordedEvent } from '@siks/contracts';
import { createPool, migrate } from '@siks/pg';
import { useTestDatabase } from '@siks/testing/vitest';
import { busMigrations, createPostgresBus, startEventConsumer } from '../src/index.ts';

const url = await useTestDatabase('bus_event_consumer');
const pool = createPool({ url, max: 8, applicationName: 'bus-event-consumer' });
await migrate(pool, [busMigrations]);
await pool.query('CREATE TABLE applied (event_id text NOT NULL, n int NOT NULL)');
const bus = createPostgresBus({ pool, pollIntervalMs: 50 });
await bus.ensureTopics([{ name: 'test.events.v1', partitions: 2 }]);
afterAll(async () => {
  await bus.close();
  await pool.end();
});

function recorded(eventId: string, n: number): RecordedEvent {
  return {
    eventId,
    type: 'Counted',
    schemaVersion: 1,
    data: { n },
    metadata: {
      actor: { userId: 'system', role: 'system', regionCode: '' },
      channel: 'system',
      occurredAt: new Date(0).toISOString(),
      correlationId: eventId,
      causationId: null,
    },
    streamId: `counter-${n % 3}`,
    revision: n,
    logPosition: String(n),
    recordedAt: new Date(0).toISOString(),
    hash: '00',
  };
}

async function waitFor(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('startEventConsumer', () => {
  it('applies each event once although the bus delivers some twice, and retries a failed batch whole', async () => {
    const events = Array.from({ length: 30 }, (_, n) => recorded(uuidv7(), n));
    const publish = (list: RecordedEvent[]) =>
      bus.publish(
        'test.events.v1',
        list.map((event) => ({ key: event.streamId, value: JSON.stringify(event) })),
      );
    await publish(events);
    await publish(events.slice(10, 20)); // a relay that crashed before its checkpoint republishes

    let failOnce = true;
    const consumer = await startEventConsumer({
      bus,
      pool,
      name: 'test.counter',
      topics: ['test.events.v1'],
      retryDelayMs: 10,
      handle: async (event, client) => {
        await client.query('INSERT INTO applied (event_id, n) VALUES ($1, $2)', [event.eventId, event.data['n']]);
        if (failOnce && event.data['n'] === 7) {
          failOnce = false;
          throw new Error('transient failure after the effect');
        }
      },
    });
    try {
      await waitFor(async () => (await pool.query('SELECT count(*)::int AS n FROM applied')).rows[0].n >= 30);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const rows = await pool.query<{ event_id: string; times: number }>(
        'SELECT event_id, count(*)::int AS times FROM applied GROUP BY event_id',
      );
      expect(rows.rows).toHaveLength(30);
      expect(rows.rows.every((row) => row.times === 1)).toBe(true);
      expect(failOnce).toBe(false);
    } finally {
      await consumer.stop();
    }
  });
});
