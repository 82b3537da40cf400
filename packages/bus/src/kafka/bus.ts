import { Kafka, Partitioners, logLevel as KafkaLogLevel, type Admin, type Producer } from 'kafkajs';
import type { Bus, Consumer } from '../port.ts';
import { ensureKafkaTopics, kafkaLag } from './admin.ts';
import { startKafkaConsumer, type KafkaConsumerTuning } from './consumer.ts';
import { toKafkaMessage } from './messages.ts';

export interface KafkaBusOptions {
  brokers: readonly string[];
  clientId: string;
  consumer?: KafkaConsumerTuning;
  /** kafkajs's own log output (default: errors only, to stderr). */
  logLevel?: 'nothing' | 'error' | 'warn' | 'info' | 'debug';
  /** Errors a consumer recovers from by restarting (kafkajs CRASH events); default: ignored. */
  onError?: (error: unknown) => void;
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
  const kafka = new Kafka({
    clientId: options.clientId,
    brokers: [...options.brokers],
    logLevel: levels[options.logLevel ?? 'error'],
  });
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
