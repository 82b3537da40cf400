import type { Pool } from '@siks/pg';
import { withTransaction } from '@siks/pg';
import { deadLetterTopic, type TopicSpec } from '../port.ts';

/** Creates missing topics and their dead-letter topics; existing topics are left as they are. */
export async function ensurePostgresTopics(pool: Pool, topics: readonly TopicSpec[]): Promise<void> {
  const specs = topics.flatMap((spec) => [spec, { name: deadLetterTopic(spec.name), partitions: spec.partitions }]);
  for (const spec of specs) {
    if (!Number.isInteger(spec.partitions) || spec.partitions < 1) {
      throw new RangeError(`topic ${spec.name}: partitions must be a positive integer`);
    }
  }
  await withTransaction(pool, async (client) => {
    for (const spec of specs) {
      const created = await client.query(
        'INSERT INTO bus.topics (name, partitions) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING',
        [spec.name, spec.partitions],
      );
      if (created.rowCount === 0) continue;
      await client.query(
        'INSERT INTO bus.partitions (topic, partition) SELECT $1, p FROM generate_series(0, $2::int - 1) AS p',
        [spec.name, spec.partitions],
      );
    }
  });
}
