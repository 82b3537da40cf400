import type { Pool } from '@siks/pg';
import { withTransaction } from '@siks/pg';
import { partitionForKey } from '../partitioner.ts';
import type { OutgoingMessage } from '../port.ts';
import { MESSAGES_CHANNEL } from './notify.ts';

export class UnknownTopicError extends Error {
  constructor(topic: string) {
    super(`unknown topic ${topic}: create it with ensureTopics first`);
    this.name = 'UnknownTopicError';
  }
}

/**
 * Publishes all `messages` in one transaction. Each touched partition row is locked (in
 * partition order, so publishers never deadlock) while its offsets are assigned, so offsets
 * are dense and become visible in order.
 */
export async function publishToPostgres(
  pool: Pool,
  topic: string,
  messages: readonly OutgoingMessage[],
): Promise<void> {
  if (messages.length === 0) return;
  await withTransaction(pool, async (client) => {
    const found = await client.query<{ partitions: number }>('SELECT partitions FROM bus.topics WHERE name = $1', [
      topic,
    ]);
    const partitions = found.rows[0]?.partitions;
    if (partitions === undefined) throw new UnknownTopicError(topic);
    const byPartition = new Map<number, OutgoingMessage[]>();
    for (const message of messages) {
      const partition = partitionForKey(message.key, partitions);
      const list = byPartition.get(partition) ?? [];
      list.push(message);
      byPartition.set(partition, list);
    }
    for (const partition of [...byPartition.keys()].sort((a, b) => a - b)) {
      const list = byPartition.get(partition)!;
      const reserved = await client.query<{ first: string }>(
        `UPDATE bus.partitions SET next_offset = next_offset + $3
         WHERE topic = $1 AND partition = $2 RETURNING next_offset - $3 AS first`,
        [topic, partition, list.length],
      );
      await client.query(
        `INSERT INTO bus.messages (topic, partition, "offset", key, value, headers)
         SELECT $1, $2, $3::bigint + m.i - 1, m.key, m.value, m.headers
         FROM unnest($4::text[], $5::text[], $6::jsonb[]) WITH ORDINALITY AS m(key, value, headers, i)`,
        [
          topic,
          partition,
          reserved.rows[0]!.first,
          list.map((m) => m.key),
          list.map((m) => m.value),
          list.map((m) => JSON.stringify(m.headers ?? {})),
        ],
      );
    }
    await client.query('SELECT pg_notify($1, $2)', [MESSAGES_CHANNEL, topic]);
  });
}
