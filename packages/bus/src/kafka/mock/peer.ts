import { deadLetterTopic, type TopicSpec } from '../../port.ts';
import { mockClusterUnavailable, startMockCluster } from './mock-cluster.ts';

export interface KafkaPeer {
  /** `mock` when librdkafka's mock cluster was started here, `broker` for `KAFKA_BROKERS`. */
  kind: 'mock' | 'broker';
  brokers: string[];
  /** `kafka://host:port,…`, the services' `BUS_URL`. */
  url: string;
  /** Stops the mock cluster (a broker of `KAFKA_BROKERS` is left alone). */
  stop(): Promise<void>;
}

/** The brokers of `KAFKA_BROKERS` (comma-separated host:port), or none. */
export const brokersFromEnv = (env: Readonly<Record<string, string | undefined>>): string[] =>
  (env['KAFKA_BROKERS'] ?? '')
    .split(',')
    .map((broker) => broker.trim())
    .filter(Boolean);

/**
 * A Kafka protocol peer for the whole system: the brokers of `KAFKA_BROKERS` when set (the
 * services create their topics there), else librdkafka's mock cluster started here with
 * `topics` and their dead-letter topics (it cannot create topics later). Throws, naming what
 * to install, when neither is possible.
 */
export async function startKafkaPeer(
  topics: readonly TopicSpec[],
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<KafkaPeer> {
  const fromEnv = brokersFromEnv(env);
  if (fromEnv.length > 0) {
    return { kind: 'broker', brokers: fromEnv, url: `kafka://${fromEnv.join(',')}`, stop: async () => undefined };
  }
  const unavailable = mockClusterUnavailable();
  if (unavailable) throw new Error(`no Kafka protocol peer: set KAFKA_BROKERS, or ${unavailable}`);
  const withDeadLetters = topics.flatMap((spec) => [
    spec,
    { name: deadLetterTopic(spec.name), partitions: spec.partitions },
  ]);
  const mock = await startMockCluster(withDeadLetters);
  return { kind: 'mock', brokers: [mock.bootstrap], url: `kafka://${mock.bootstrap}`, stop: () => mock.stop() };
}

export { mockClusterUnavailable, startMockCluster, type MockCluster } from './mock-cluster.ts';
