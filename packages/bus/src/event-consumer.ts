import type { RecordedEvent } from '@siks/contracts';
import { withTransaction, type Pool, type PoolClient } from '@siks/pg';
import { processedOnce } from './inbox.ts';
import type { Bus, BusMessage, Consumer } from './port.ts';

export interface EventConsumerOptions {
  bus: Bus;
  /** The consumer's own database: its effects and its inbox commit in one transaction. */
  pool: Pool;
  /** Consumer group and inbox name, e.g. 'verification.cases-from-proposals'. */
  name: string;
  topics: readonly string[];
  /**
   * Applies one event inside the batch's transaction. Runs at most once per event id for this
   * consumer, however often the bus redelivers it.
   */
  handle: (event: RecordedEvent, client: PoolClient) => Promise<void>;
  /** Replay the topics from their beginning when the group is new (default true). */
  fromBeginning?: boolean;
  maxAttempts?: number;
  maxBatchSize?: number;
  retryDelayMs?: number;
}

/** Parses a relayed message (its value is the RecordedEvent as JSON). */
export function eventOf(message: BusMessage): RecordedEvent {
  return JSON.parse(message.value) as RecordedEvent;
}

/** The consumer-group settings both event consumers pass to `bus.consume`. */
export function groupOptions(options: Omit<EventConsumerOptions, 'handle'>) {
  return {
    groupId: options.name,
    topics: options.topics,
    fromBeginning: options.fromBeginning ?? true,
    ...(options.maxAttempts !== undefined ? { maxAttempts: options.maxAttempts } : {}),
    ...(options.maxBatchSize !== undefined ? { maxBatchSize: options.maxBatchSize } : {}),
    ...(options.retryDelayMs !== undefined ? { retryDelayMs: options.retryDelayMs } : {}),
  };
}

/**
 * An idempotent consumer of relayed events (DESIGN.md §2): each batch is one PostgreSQL
 * transaction holding the handler's effects and the inbox marks of its events, so a crash
 * mid-batch leaves neither, and a redelivered event is skipped.
 */
export function startEventConsumer(options: EventConsumerOptions): Promise<Consumer> {
  const { bus, pool, name, handle } = options;
  return bus.consume({
    ...groupOptions(options),
    handle: (messages) =>
      withTransaction(pool, async (client) => {
        for (const message of messages) {
          const event = eventOf(message);
          if (await processedOnce(client, name, event.eventId)) await handle(event, client);
        }
      }),
  });
}
