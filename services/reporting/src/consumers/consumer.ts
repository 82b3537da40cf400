import type { Bus, Consumer } from '@siks/bus';
import { withTransaction, type Pool } from '@siks/pg';
import { parseEnvelope } from '../events/envelope.ts';
import { applyBatch } from '../projections/batch.ts';
import { groupId, type Projection } from '../projections/projection.ts';

export interface ProjectionConsumerOptions {
  bus: Bus;
  pool: Pool;
  projection: Projection;
  generation: number;
  /** Events per transaction (default 500). */
  maxBatchSize?: number;
  /** Called (once per stale batch) when the generation was superseded: stop this consumer. */
  onSuperseded?: () => void;
  maxAttempts?: number;
  retryDelayMs?: number;
}

/**
 * Consumes a projection's topics from the beginning in the consumer group of one generation
 * (`reporting.<name>.g<generation>`). Each batch is one transaction: the events new to the
 * projection and its bookkeeping commit together, so a process killed mid-batch leaves
 * nothing half-applied, and a redelivered batch applies nothing twice. A message that is not
 * an event envelope fails its batch; the bus retries it alone and dead-letters it.
 */
export function startProjectionConsumer(options: ProjectionConsumerOptions): Promise<Consumer> {
  const { bus, pool, projection, generation } = options;
  return bus.consume({
    groupId: groupId(projection.name, generation),
    topics: projection.topics,
    fromBeginning: true,
    maxBatchSize: options.maxBatchSize ?? 500,
    ...(options.maxAttempts !== undefined ? { maxAttempts: options.maxAttempts } : {}),
    ...(options.retryDelayMs !== undefined ? { retryDelayMs: options.retryDelayMs } : {}),
    handle: async (messages) => {
      const events = messages.map((message) => parseEnvelope(message.value));
      const applied = await withTransaction(pool, (client) =>
        applyBatch(client, projection, generation, events, { asynchronousCommit: bus.handlerMayCommitAsynchronously }),
      );
      if (!applied) options.onSuperseded?.();
    },
  });
}
