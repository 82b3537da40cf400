export * from './port.ts';
export { murmur2, partitionForKey } from './partitioner.ts';
export { createPostgresBus, type PostgresBusOptions } from './postgres/bus.ts';
export { busMigrations } from './postgres/migrations.ts';
export { UnknownTopicError } from './postgres/publish.ts';
export {
  countDeadLetters,
  listDeadLetters,
  readDeadLetter,
  replayDeadLetter,
  deadLetterId,
  parseDeadLetterId,
  type DeadLetter,
  type DeadLetterCount,
  type DeadLetterFilter,
  type Replay,
  type ReplayOutcome,
  type ReplayRequest,
} from './postgres/dead-letters.ts';
export { infrastructureFailure, isInfrastructureFailure } from './failure.ts';
export { backoffDelay, type Backoff } from './backoff.ts';
export { createKafkaBus, kafkaClientConfig, KafkaOffsetOutOfRangeError, type KafkaBusOptions } from './kafka/bus.ts';
export {
  kafkaSecurityConfig,
  kafkaSecurityFromSettings,
  type KafkaSaslMechanism,
  type KafkaSecurity,
  type KafkaSecuritySettings,
} from './kafka/security.ts';
export type { KafkaConsumerTuning } from './kafka/consumer.ts';
export { startRelay, aggregateKey, relayMessage, RelayHeaders, type Relay, type RelayOptions } from './relay.ts';
export { processedOnce } from './inbox.ts';
export { createBusFromUrl, parseBusUrl, type BusFromUrlOptions, type BusTarget } from './from-url.ts';
export { startEventConsumer, eventOf, type EventConsumerOptions } from './event-consumer.ts';
export {
  startBatchEventConsumer,
  processedOnceMany,
  ConcurrentlyProcessedError,
  type BatchEventConsumerOptions,
} from './batch-consumer.ts';
export {
  watchConsumers,
  type ConsumerWatch,
  type ConsumerThresholds,
  type ConsumerCheck,
  type GroupProgress,
} from './consumer-watch.ts';
export { observeConsumerLag } from './bus-metrics.ts';
