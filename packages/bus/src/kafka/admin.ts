import type { Admin } from 'kafkajs';
import { deadLetterTopic, type GroupLag, type TopicSpec } from '../port.ts';

/**
 * Topic settings: keep every message. Projections are rebuilt by replaying their topics from the
 * beginning (`pnpm siks rebuild`), so Kafka's default retention (7 days) would silently rebuild
 * them without older events; dead letters are kept until someone looks at them.
 */
export const KEEP_FOREVER = [{ name: 'retention.ms', value: '-1' }] as const;

/**
 * Creates missing topics (and their dead-letter topics) with the CreateTopics API, set to keep
 * every message (`KEEP_FOREVER`); topics that exist are left as they are. Brokers
 * without it (librdkafka's mock cluster) are accepted when the topics exist already (the mock
 * creates them when it starts); otherwise the error names the missing topics.
 */
export async function ensureKafkaTopics(admin: Admin, topics: readonly TopicSpec[]): Promise<void> {
  const specs = topics.flatMap((spec) => [spec, { name: deadLetterTopic(spec.name), partitions: spec.partitions }]);
  if (specs.length === 0) return;
  let createError: unknown;
  try {
    await admin.createTopics({
      topics: specs.map((spec) => ({
        topic: spec.name,
        numPartitions: spec.partitions,
        configEntries: KEEP_FOREVER.map((entry) => ({ ...entry })),
      })),
      waitForLeaders: true,
    });
  } catch (error) {
    createError = error;
  }
  const existing = new Set(await admin.listTopics());
  const missing = specs.filter((spec) => !existing.has(spec.name)).map((spec) => spec.name);
  if (missing.length > 0) {
    const reason = createError instanceof Error ? createError.message : String(createError ?? 'unknown');
    throw new Error(`Kafka topics ${missing.join(', ')} do not exist and could not be created: ${reason}`, {
      cause: createError,
    });
  }
}

/** Lag from the group's committed offsets (OffsetFetch) and the high watermarks (ListOffsets). */
export async function kafkaLag(admin: Admin, groupId: string, topics: readonly string[]): Promise<GroupLag[]> {
  const committed = await admin.fetchOffsets({ groupId, topics: [...topics] });
  const result: GroupLag[] = [];
  for (const topic of topics) {
    const ends = await admin.fetchTopicOffsets(topic);
    const offsets = committed.find((entry) => entry.topic === topic)?.partitions ?? [];
    for (const end of [...ends].sort((a, b) => a.partition - b.partition)) {
      const found = offsets.find((entry) => entry.partition === end.partition)?.offset ?? '-1';
      const high = BigInt(end.high);
      const from = BigInt(found) >= 0n ? BigInt(found) : BigInt(end.low);
      result.push({
        groupId,
        topic,
        partition: end.partition,
        committedOffset: BigInt(found) >= 0n ? found : '-1',
        endOffset: high.toString(),
        lag: Number(high > from ? high - from : 0n),
      });
    }
  }
  return result;
}
