import type { RecordedEvent } from '@siks/contracts';
import { withTransaction, type PoolClient, type Queryable } from '@siks/pg';
import { eventOf, groupOptions, type EventConsumerOptions } from './event-consumer.ts';
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

/** Of these ids, those `consumer` processed before (a read: no lock, no transaction id). */
async function processedBefore(client: Queryable, consumer: string, eventIds: readonly string[]): Promise<Set<string>> {
  const { rows } = await client.query<{ event_id: string }>(
    'SELECT event_id FROM bus.inbox WHERE consumer = $1 AND event_id = ANY($2::text[])',
    [consumer, eventIds],
  );
  return new Set(rows.map((row) => row.event_id));
}

/** Thrown (and the batch rolled back, then delivered again) when another member processed some of its events meanwhile. */
export class ConcurrentlyProcessedError extends Error {
  override readonly name = 'ConcurrentlyProcessedError';
}

/** Default largest batch of a batch consumer: set-based handlers pay per batch, not per event. */
export const BATCH_CONSUMER_MAX_BATCH = 500;

/**
 * `startEventConsumer` with a handler of whole batches (set-based work): one transaction per
 * delivered batch holding the handler's effects and the inbox marks of its events, so a crash
 * mid-batch leaves neither and a redelivered event is skipped. The marks are written last (one
 * statement), after a read of the events processed before: a handler that reads before it
 * writes keeps its transaction without a transaction id for as long as it only reads, so it
 * holds back no reader of the event store's global log meanwhile. Should another member have
 * marked some of the events in between (a rebalance), the batch rolls back and is delivered
 * again. On a failure the bus delivers the messages again one at a time, as for
 * `startEventConsumer`. On a bus whose offset commit makes the handler's transaction durable
 * (`Bus.handlerMayCommitAsynchronously`), that transaction does not wait for its own flush.
 */
export function startBatchEventConsumer(options: BatchEventConsumerOptions): Promise<Consumer> {
  const { bus, pool, name, handleBatch } = options;
  return bus.consume({
    ...groupOptions(options),
    maxBatchSize: options.maxBatchSize ?? BATCH_CONSUMER_MAX_BATCH,
    handle: (messages) =>
      withTransaction(pool, async (client) => {
        // The offset commit that follows (synchronous, same database) flushes this commit too.
        if (bus.handlerMayCommitAsynchronously) await client.query('SET LOCAL synchronous_commit = off');
        const events = messages.map(eventOf);
        const before = await processedBefore(
          client,
          name,
          events.map((event) => event.eventId),
        );
        const seen = new Set(before);
        const batch = events.filter((event) => !seen.has(event.eventId) && seen.add(event.eventId));
        if (batch.length === 0) return;
        await handleBatch(batch, client);
        const marked = await processedOnceMany(
          client,
          name,
          batch.map((event) => event.eventId),
        );
        if (marked.size !== batch.length)
          throw new ConcurrentlyProcessedError('events of the batch processed meanwhile');
      }),
  });
}
