import type { RecordedEvent } from '@siks/contracts';
import { withTransaction, type PoolClient, type Queryable } from '@siks/pg';
import { eventOf, type EventConsumerOptions } from './event-consumer.ts';
import type { Consumer } from './port.ts';

export interface BatchEventConsumerOptions extends Omit<EventConsumerOptions, 'handle'> {
  /**
   * Applies the events of one delivered batch not processed before (in delivery order, each
   * event id once) inside the batch's transaction, which also holds their inbox marks. Not
   * called when every event of the batch was processed before.
   */
  handleBatch: (events: readonly RecordedEvent[], client: PoolClient) => Promise<void>;
}

/**
 * `processedOnce` for many events in one statement: marks each id in `bus.inbox` for `consumer`
 * and returns the ids this call marked (first time: go ahead); ids processed before are left
 * out. Same transaction rules as `processedOnce`. Ids are inserted in sorted order, so two
 * transactions marking overlapping sets wait for each other instead of deadlocking.
 */
export async function processedOnceMany(
  client: Queryable,
  consumer: string,
  eventIds: readonly string[],
): Promise<Set<string>> {
  if (eventIds.length === 0) return new Set();
  const { rows } = await client.query<{ event_id: string }>(
    `INSERT INTO bus.inbox (consumer, event_id)
     SELECT $1, id FROM (SELECT DISTINCT unnest($2::text[]) AS id) ids ORDER BY id
     ON CONFLICT (consumer, event_id) DO NOTHING RETURNING event_id`,
    [consumer, eventIds],
  );
  return new Set(rows.map((row) => row.event_id));
}

/**
 * `startEventConsumer` with a handler of whole batches (set-based work): one transaction per
 * delivered batch holding the inbox marks (one statement) and the handler's effects, so a crash
 * mid-batch leaves neither and a redelivered event is skipped. On a failure the bus delivers the
 * messages again one at a time (a batch of one), as for `startEventConsumer`.
 */
export function startBatchEventConsumer(options: BatchEventConsumerOptions): Promise<Consumer> {
  const { bus, pool, name, handleBatch } = options;
  return bus.consume({
    groupId: name,
    topics: options.topics,
    fromBeginning: options.fromBeginning ?? true,
    ...(options.maxAttempts !== undefined ? { maxAttempts: options.maxAttempts } : {}),
    ...(options.maxBatchSize !== undefined ? { maxBatchSize: options.maxBatchSize } : {}),
    ...(options.retryDelayMs !== undefined ? { retryDelayMs: options.retryDelayMs } : {}),
    handle: (messages) =>
      withTransaction(pool, async (client) => {
        const events = messages.map(eventOf);
        const fresh = await processedOnceMany(
          client,
          name,
          events.map((event) => event.eventId),
        );
        const batch = events.filter((event) => fresh.delete(event.eventId));
        if (batch.length > 0) await handleBatch(batch, client);
      }),
  });
}
