import {
  Kafka,
  Partitioners,
  logLevel as KafkaLogLevel,
  type Admin,
  type KafkaConfig,
  type LogEntry,
  type Producer,
} from 'kafkajs';
import type { Bus, Consumer } from '../port.ts';
import { ensureKafkaTopics, kafkaLag } from './admin.ts';
import { startKafkaConsumer, type KafkaConsumerTuning } from './consumer.ts';
import { toKafkaMessage } from './messages.ts';
import { kafkaSecurityConfig, type KafkaSecurity } from './security.ts';

export interface KafkaBusOptions {
  brokers: readonly string[];
  clientId: string;
  /** TLS and SASL (`kafkaSecurityFromSettings`); none by default. */
  security?: KafkaSecurity;
  consumer?: KafkaConsumerTuning;
  /** kafkajs's own log output (default: errors only, to stderr). */
  logLevel?: 'nothing' | 'error' | 'warn' | 'info' | 'debug';
  /**
   * Errors a consumer recovers from by restarting (kafkajs CRASH events), and offsets found out of
   * range (`KafkaOffsetOutOfRangeError`); default: ignored.
   */
  onError?: (error: unknown) => void;
}

/**
 * A group's committed offset is no longer on the broker (the messages before it were deleted):
 * kafkajs moves the group to its default offset and goes on, so the messages in between are
 * never delivered to it. Topics keep every message (`retention.ms=-1`), so this means data was
 * lost on the broker (or librdkafka's mock cluster dropped old messages): said loudly here.
 */
export class KafkaOffsetOutOfRangeError extends Error {
  constructor(
    readonly topic: string,
    readonly partition: number,
    readonly groupId: string,
  ) {
    super(
      `Kafka: offset of group ${groupId} out of range on ${topic} [${partition}]; it skipped to the default offset`,
    );
    this.name = 'KafkaOffsetOutOfRangeError';
  }
}

/** kafkajs's own console output (as its default logger writes it), up to `level`. */
function writeEntry(entry: LogEntry, level: number): void {
  if (entry.level > level) return;
  const prefix = entry.namespace ? `[${entry.namespace}] ` : '';
  const line = JSON.stringify({ level: entry.label, ...entry.log, message: `${prefix}${entry.log.message}` });
  if (entry.level === KafkaLogLevel.ERROR) console.error(line);
  else if (entry.level === KafkaLogLevel.WARN) console.warn(line);
  else console.log(line);
}

const levels = {
  nothing: KafkaLogLevel.NOTHING,
  error: KafkaLogLevel.ERROR,
  warn: KafkaLogLevel.WARN,
  info: KafkaLogLevel.INFO,
  debug: KafkaLogLevel.DEBUG,
} as const;

/**
 * The bus on Kafka through kafkajs (DESIGN.md §3, production). Kept thin so that
 * @confluentinc/kafka-javascript (KafkaJS-compatible API) can replace kafkajs. Keys go to
 * partitions with Kafka's default murmur2 partitioner, as on the PostgreSQL adapter.
 * Connections open on first use.
 */
export function createKafkaBus(options: KafkaBusOptions): Bus {
  return busOnClient(new Kafka(kafkaClientConfig(options)), options);
}

/** The configuration `createKafkaBus` gives kafkajs's client: brokers, security, logging. */
export function kafkaClientConfig(options: KafkaBusOptions): KafkaConfig {
  const onError = options.onError ?? (() => undefined);
  const level = levels[options.logLevel ?? 'error'];
  return {
    clientId: options.clientId,
    brokers: [...options.brokers],
    ...kafkaSecurityConfig(options.security ?? {}),
    // Errors always reach the log creator (an out-of-range offset is only logged); it prints up to `level`.
    logLevel: Math.max(level, KafkaLogLevel.ERROR),
    logCreator: () => (entry) => {
      if (entry.namespace === 'ConsumerGroup' && entry.log.message.startsWith('Offset out of range, resetting')) {
        const { topic, partition, groupId } = entry.log as { topic?: string; partition?: number; groupId?: string };
        onError(new KafkaOffsetOutOfRangeError(topic ?? '?', partition ?? -1, groupId ?? '?'));
      }
      writeEntry(entry, level);
    },
  };
}

function busOnClient(kafka: Kafka, options: KafkaBusOptions): Bus {
  const onError = options.onError ?? (() => undefined);
  const consumers = new Set<Consumer>();
  let producer: Promise<Producer> | undefined;
  let admin: Promise<Admin> | undefined;

  // A client whose connect failed is made anew on the next call.
  const getProducer = (): Promise<Producer> => {
    if (producer) return producer;
    const client = kafka.producer({
      createPartitioner: Partitioners.DefaultPartitioner,
      allowAutoTopicCreation: false,
      maxInFlightRequests: 1,
    });
    const connecting = client.connect().then(() => client);
    connecting.catch(() => (producer = producer === connecting ? undefined : producer));
    return (producer = connecting);
  };
  const getAdmin = (): Promise<Admin> => {
    if (admin) return admin;
    const client = kafka.admin();
    const connecting = client.connect().then(() => client);
    connecting.catch(() => (admin = admin === connecting ? undefined : admin));
    return (admin = connecting);
  };

  const publish: Bus['publish'] = async (topic, messages) => {
    if (messages.length === 0) return;
    await (await getProducer()).send({ topic, acks: -1, messages: messages.map(toKafkaMessage) });
  };

  return {
    handlerMayCommitAsynchronously: false,
    ensureTopics: async (topics) => ensureKafkaTopics(await getAdmin(), topics),
    publish,
    async consume(consumerOptions) {
      const consumer = await startKafkaConsumer({ kafka, publish, onError, ...options.consumer }, consumerOptions);
      consumers.add(consumer);
      return {
        assignment: () => consumer.assignment(),
        async stop() {
          await consumer.stop();
          consumers.delete(consumer);
        },
      };
    },
    lag: async (groupId, topics) => kafkaLag(await getAdmin(), groupId, topics),
    async close() {
      await Promise.all([...consumers].map((consumer) => consumer.stop()));
      consumers.clear();
      const [p, a] = [producer, admin];
      producer = admin = undefined;
      await Promise.all([p, a].map((client) => client?.then((c) => c.disconnect()).catch(onError)));
    },
  };
}
