import type { Backoff } from './backoff.ts';

/** A message to publish. `key` decides the partition (same key, same partition, same order). */
export interface OutgoingMessage {
  key: string;
  /** JSON text (the event envelope, for relayed events). */
  value: string;
  headers?: Record<string, string>;
}

/** A message as delivered to a consumer. */
export interface BusMessage {
  topic: string;
  partition: number;
  /** Offset within the partition, as a decimal string (Kafka's int64). */
  offset: string;
  key: string;
  value: string;
  headers: Record<string, string>;
  /** When the bus accepted it (ISO 8601). */
  timestamp: string;
  /**
   * Delivery attempt of this message for this group, from 1. Attempts that failed because a
   * dependency was unavailable (see `ConsumerOptions.handle`) are not counted.
   */
  attempt: number;
}

export interface TopicSpec {
  name: string;
  partitions: number;
}

export interface ConsumerOptions {
  /** Members of one group share the partitions; each group sees every message. */
  groupId: string;
  topics: readonly string[];
  /** A new group starts at the beginning of each partition (replay); otherwise at the end. */
  fromBeginning?: boolean;
  /**
   * Called with consecutive messages of one partition in offset order, or (PostgreSQL bus, when
   * a poll found little) with such runs of several partitions one after the other, exactly as
   * if they came in separate calls but in one. When it resolves, the
   * offsets are committed. When it throws, the messages are delivered again one at a time (to
   * find the failing one); a message that has failed `maxAttempts` times, the last time on its
   * own, goes to the dead-letter topic with the error, and the offset moves past it. Attempts
   * are counted in the consuming process (a restart starts counting again). A failure of
   * the infrastructure (database or broker unavailable, connection lost, serialization
   * failure or deadlock: `infrastructureFailure`) is not the message's fault: it is retried
   * with `infrastructureBackoff`, for as long as it lasts, and never counts as an attempt.
   * Messages replayed from a dead-letter topic for another group are skipped (committed past).
   */
  handle: (messages: readonly BusMessage[]) => Promise<void>;
  /** Failed attempts before a message is dead-lettered (default 5). */
  maxAttempts?: number;
  /** Pause before a failed message is delivered again, times the attempt number (default 200 ms). */
  retryDelayMs?: number;
  /** Largest batch handed to `handle` (default 100). */
  maxBatchSize?: number;
  /** Pauses between retries while the infrastructure is unavailable (default 100 ms doubling to 5 s). */
  infrastructureBackoff?: Backoff;
}

export interface TopicPartition {
  topic: string;
  partition: number;
}

export interface Consumer {
  /** The partitions this member holds now (empty while it joins or rebalances). */
  assignment(): readonly TopicPartition[];
  /** Stops fetching, waits for the batch in hand, leaves the group. */
  stop(): Promise<void>;
}

export interface GroupLag {
  groupId: string;
  topic: string;
  partition: number;
  /** The next offset the group will read, as Kafka commits it; '-1' when it has committed none. */
  committedOffset: string;
  /** The offset the next published message will get (the high watermark). */
  endOffset: string;
  /** Messages not yet committed by the group: endOffset - committedOffset (all of them when none). */
  lag: number;
}

/** Headers a dead-lettered message carries besides its own. */
export const DeadLetterHeaders = {
  error: 'x-dlq-error',
  topic: 'x-dlq-topic',
  partition: 'x-dlq-partition',
  offset: 'x-dlq-offset',
  attempts: 'x-dlq-attempts',
  groupId: 'x-dlq-group',
  failedAt: 'x-dlq-failed-at',
} as const;

/**
 * Headers of a message replayed from a dead-letter topic to its source topic (`siks dlq
 * replay`): only the consumer group named in `group` handles it; other groups skip it.
 */
export const ReplayHeaders = {
  /** The dead letter it replays: `<dead-letter topic>/<partition>/<offset>`. */
  of: 'x-replay-of',
  group: 'x-replay-group',
  /** Id of the recorded replay (`bus.dead_letter_replays`). */
  id: 'x-replay-id',
} as const;

/** True when `message` is for `groupId`: any message but one replayed for another group. */
export const isForGroup = (message: { headers: Record<string, string> }, groupId: string): boolean => {
  const target = message.headers[ReplayHeaders.group];
  return target === undefined || target === groupId;
};

/** Name of the dead-letter topic of `topic`. */
export const deadLetterTopic = (topic: string): string => `${topic}.dlq`;

/** The bus port (DESIGN.md §5): Kafka semantics on both adapters. */
export interface Bus {
  /**
   * True when a consumer's offsets are committed synchronously in the consumer's own PostgreSQL
   * database after its handler's transaction (the PostgreSQL bus): a handler transaction may then
   * commit asynchronously (`synchronous_commit = off`), because the offset commit's WAL flush
   * makes it durable first. False for Kafka: a crash could lose such a transaction while Kafka
   * keeps the offset, and the events would never be applied.
   */
  readonly handlerMayCommitAsynchronously: boolean;
  /** Creates the topics (and their dead-letter topics) that do not exist yet. */
  ensureTopics(topics: readonly TopicSpec[]): Promise<void>;
  /** Publishes atomically per call on PostgreSQL, in order per key on both adapters. */
  publish(topic: string, messages: readonly OutgoingMessage[]): Promise<void>;
  consume(options: ConsumerOptions): Promise<Consumer>;
  /** Committed offset and lag per partition of a group's topics. */
  lag(groupId: string, topics: readonly string[]): Promise<GroupLag[]>;
  close(): Promise<void>;
}
