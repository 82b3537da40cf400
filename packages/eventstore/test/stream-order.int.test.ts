import { randomUUID } from 'node:crypto';
import { createPool, migrate, withTransaction } from '@siks/pg';
import { useTestDatabase } from '@siks/testing/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresEventStore, eventstoreMigrations, type EventStore } from '../src/index.ts';
import { appendEvents } from '../src/postgres/append.ts';
import { testEvent } from './fixtures.ts';

const url = await useTestDatabase('eventstore_stream_order');
const pool = createPool({ url, max: 8, applicationName: 'eventstore-stream-order-test' });
let store: EventStore;

beforeAll(async () => {
  await migrate(pool, [eventstoreMigrations]);
  store = createPostgresEventStore({ pool, notify: 'off' });
});
afterAll(async () => {
  await store.close();
  await pool.end();
});

/** The stream's revisions in the order of the global log (transaction_id, position). */
async function revisionsInLogOrder(streamId: string): Promise<number[]> {
  const { rows } = await pool.query<{ revision: string }>(
    'SELECT revision FROM eventstore.events WHERE stream_id = $1 ORDER BY transaction_id, position',
    [streamId],
  );
  return rows.map((row) => Number(row.revision));
}

describe('per-stream order in the global log', () => {
  it('refuses an append of a transaction older than the one that wrote the stream head; a retry lands in order', async () => {
    // A consumer's batch: its transaction appended to one stream (it holds an id), then a younger
    // transaction extends a second stream and commits, then the batch appends to that stream.
    const stream = `case-${randomUUID()}`;
    await store.append(stream, [testEvent({}, 'Opened')], 'no_stream');
    let younger: Promise<unknown> | undefined;
    const batch = withTransaction(pool, async (client) => {
      await appendEvents(client, `case-${randomUUID()}`, [testEvent({}, 'Opened')], 'no_stream', false);
      younger = store.append(stream, [testEvent({}, 'Decided')], 'any');
      await younger;
      await appendEvents(client, stream, [testEvent({}, 'Checked')], 'any', false);
    });
    await expect(batch).rejects.toMatchObject({ code: '40001' });
    await younger;
    expect(await revisionsInLogOrder(stream)).toEqual([0, 1]);

    // The batch again, in a new transaction: it is younger now, and its event comes last.
    await withTransaction(pool, async (client) => {
      await appendEvents(client, `case-${randomUUID()}`, [testEvent({}, 'Opened')], 'no_stream', false);
      await appendEvents(client, stream, [testEvent({}, 'Checked')], 'any', false);
    });
    expect(await revisionsInLogOrder(stream)).toEqual([0, 1, 2]);
  });

  it('lets a transaction append to a stream twice, and to a stream whose head is older than it', async () => {
    const older = `case-${randomUUID()}`;
    await store.append(older, [testEvent({}, 'Opened')], 'no_stream');
    const own = `case-${randomUUID()}`;
    await withTransaction(pool, async (client) => {
      await appendEvents(client, own, [testEvent({}, 'Opened')], 'no_stream', false);
      await appendEvents(client, own, [testEvent({}, 'Checked')], 0, false);
      await appendEvents(client, older, [testEvent({}, 'Checked')], 'any', false);
    });
    expect(await revisionsInLogOrder(own)).toEqual([0, 1]);
    expect(await revisionsInLogOrder(older)).toEqual([0, 1]);
  });
});
