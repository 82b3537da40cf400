import type { Kafka } from 'kafkajs';
import { deliverPartition, deliveryDefaults } from '../delivery.ts';
import type { Consumer, ConsumerOptions, OutgoingMessage, TopicPartition } from '../port.ts';
import { createWaker } from '../waker.ts';
import { fromKafkaMessage } from './messages.ts';

export interface KafkaConsumerTuning {
  /** Group session timeout (default 30000 ms; the mock cluster rebalances in this minus 1 s). */
  sessionTimeoutMs?: number;
  /** Default 3000 ms; keep it under a third of the session timeout. */
  heartbeatIntervalMs?: number;
  /** Default 60000 ms. */
  rebalanceTimeoutMs?: number;
  /** Longest wait of one fetch for new messages (default 5000 ms); also bounds how long stop takes. */
  maxWaitTimeMs?: number;
}

export interface KafkaConsumerSettings extends KafkaConsumerTuning {
  kafka: Kafka;
  publish(topic: string, messages: readonly OutgoingMessage[]): Promise<void>;
  onError(error: unknown): void;
}

const flatten = (assignment: Record<string, number[] | undefined>): TopicPartition[] =>
  Object.entries(assignment).flatMap(([topic, partitions]) =>
    (partitions ?? []).map((partition) => ({ topic, partition })),
  );

/**
 * A kafkajs consumer in a group. Offsets are committed by hand after each handled batch;
 * retries and dead-lettering run in this process (`deliverPartition`), as Kafka has none.
 */
export async function startKafkaConsumer(settings: KafkaConsumerSettings, options: ConsumerOptions): Promise<Consumer> {
  const consumer = settings.kafka.consumer({
    groupId: options.groupId,
    sessionTimeout: settings.sessionTimeoutMs ?? 30_000,
    heartbeatInterval: settings.heartbeatIntervalMs ?? 3_000,
    rebalanceTimeout: settings.rebalanceTimeoutMs ?? 60_000,
    maxWaitTimeInMs: settings.maxWaitTimeMs ?? 5_000,
    allowAutoTopicCreation: false,
  });
  // Partitions count as assigned once a fetch after the join has positioned them: kafkajs
  // resolves a new group's start offset ("latest" or "earliest") in that first fetch.
  let assigned: TopicPartition[] = [];
  let joined: TopicPartition[] | undefined;
  consumer.on(consumer.events.GROUP_JOIN, (event) => {
    assigned = [];
    joined = flatten(event.payload.memberAssignment);
  });
  consumer.on(consumer.events.FETCH, () => {
    if (joined === undefined) return;
    assigned = joined;
    joined = undefined;
  });
  consumer.on(consumer.events.REBALANCING, () => {
    assigned = [];
    joined = undefined;
  });
  consumer.on(consumer.events.CRASH, (event) => settings.onError(event.payload.error));

  const waker = createWaker();
  let stopping = false;
  const maxBatchSize = options.maxBatchSize ?? deliveryDefaults.maxBatchSize;
  await consumer.connect();
  await consumer.subscribe({ topics: [...options.topics], fromBeginning: options.fromBeginning ?? false });
  // Not awaited: `run` resolves only when the group is joined, and a new group's first join
  // waits for more members (a broker's group.initial.rebalance.delay.ms, 3 s by default; the mock
  // cluster the same). A service starting its consumers one after the other would wait that long
  // for each. Until the join, assignment() is empty; stop() waits for it before leaving.
  const running = consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: 1,
    eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
      const messages = batch.messages.map((message) => fromKafkaMessage(batch.topic, batch.partition, message));
      await deliverPartition(messages, {
        groupId: options.groupId,
        handle: options.handle,
        maxAttempts: options.maxAttempts ?? deliveryDefaults.maxAttempts,
        maxBatchSize,
        retryDelayMs: options.retryDelayMs ?? deliveryDefaults.retryDelayMs,
        ...(options.infrastructureBackoff ? { infrastructureBackoff: options.infrastructureBackoff } : {}),
        onInfrastructureFailure: settings.onError,
        deadLetter: (topic, message) => settings.publish(topic, [message]),
        commit: async (next) => {
          await consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: next }]);
          resolveOffset((BigInt(next) - 1n).toString());
          await heartbeat();
        },
        isActive: () => !stopping && isRunning() && !isStale(),
        sleep: async (ms) => {
          await waker.wait(ms);
          if (!stopping) await heartbeat();
        },
        now: () => new Date(),
      });
    },
  });
  running.catch(settings.onError);

  let stopped: Promise<void> | undefined;
  return {
    assignment: () => assigned.map((tp) => ({ ...tp })),
    stop() {
      stopped ??= (async () => {
        stopping = true;
        waker.wake();
        await running.catch(() => undefined);
        await consumer.disconnect();
        assigned = [];
      })();
      return stopped;
    },
  };
}
