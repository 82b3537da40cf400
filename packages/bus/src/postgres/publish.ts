import type { Queryable } from '@siks/pg';
import { partitionForKey } from '../partitioner.ts';
import type { OutgoingMessage } from '../port.ts';

export class UnknownTopicError extends Error {
  constructor(topic: string) {
    super(`unknown topic ${topic}: create it with ensureTopics first`);
    this.name = 'UnknownTopicError';
  }
}

export type Publish = (topic: string, messages: readonly OutgoingMessage[]) => Promise<void>;

/**
 * Publishes each batch in one statement (`bus.publish`, see publish-function.ts), partitioned
 * as Kafka partitions by key. A topic's partition count is read once and kept: topics are only
 * ever created, never resized (`ensurePostgresTopics` leaves existing ones alone). On a client
 * in a transaction, the messages are published when it commits.
 */
export function createPublisher(pool: Queryable): Publish {
  const partitionCounts = new Map<string, number>();

  async function partitionsOf(topic: string): Promise<number> {
    const known = partitionCounts.get(topic);
    if (known !== undefined) return known;
    const found = await pool.query<{ partitions: number }>('SELECT partitions FROM bus.topics WHERE name = $1', [
      topic,
    ]);
    const partitions = found.rows[0]?.partitions;
    if (partitions === undefined) throw new UnknownTopicError(topic);
    partitionCounts.set(topic, partitions);
    return partitions;
  }

  return async (topic, messages) => {
    if (messages.length === 0) return;
    const partitions = await partitionsOf(topic);
    await pool.query({
      name: 'bus_publish',
      text: 'SELECT bus.publish($1, $2::integer[], $3::text[], $4::text[], $5::jsonb[])',
      values: [
        topic,
        messages.map((message) => partitionForKey(message.key, partitions)),
        messages.map((message) => message.key),
        messages.map((message) => message.value),
        messages.map((message) => JSON.stringify(message.headers ?? {})),
      ],
    });
  };
}
