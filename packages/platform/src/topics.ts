import { Topics, type Topic } from '@siks/contracts';
import type { TopicSpec } from '@siks/bus';

/** Partitions per topic: ordering holds per key, so more partitions only add parallelism. */
export const TOPIC_PARTITIONS = 8;

export const topicSpecs: readonly TopicSpec[] = (Object.values(Topics) as Topic[]).map((name) => ({
  name,
  partitions: TOPIC_PARTITIONS,
}));
