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
  /** Delivery attempt of this message for this group, from 1. */
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
   * Called with consecutive messages of one partition, in offset order. When it resolves, the
   * offsets are committed; when it throws, the batch is delivered again, and after
   * `maxAttempts` failures the first message of the batch goes to the dead-letter topic.
   */
  handle: (messages: readonly BusMessage[]) => Promise<void>;
  /** Failed attempts before a message is dead-lettered (default 5). */
  maxAttempts?: number;
  /** Largest batch handed to `handle` (default 100). */
  maxBatchSize?: number;
}

export interface Consumer {
  /** Stops fetching, waits for the batch in hand, leaves the group. */
  stop(): Promise<void>;
}

export interface GroupLag {
  groupId: string;
  topic: string;
  partition: number;
  committedOffset: string;
  endOffset: string;
  lag: number;
}

/** Name of the dead-letter topic of `topic`. */
export const deadLetterTopic = (topic: string): string => `${topic}.dlq`;

/** The bus port (DESIGN.md §5): Kafka semantics on both adapters. */
export interface Bus {
  /** Creates the topics (and their dead-letter topics) that do not exist yet. */
  ensureTopics(topics: readonly TopicSpec[]): Promise<void>;
  /** Publishes atomically per call on PostgreSQL, in order per key on both adapters. */
  publish(topic: string, messages: readonly OutgoingMessage[]): Promise<void>;
  consume(options: ConsumerOptions): Promise<Consumer>;
  /** Committed offset and lag per partition of a group's topics. */
  lag(groupId: string, topics: readonly string[]): Promise<GroupLag[]>;
  close(): Promise<void>;
}
