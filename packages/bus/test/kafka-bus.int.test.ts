import { randomBytes } from 'node:crypto';
import { ConfigResourceTypes, Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool } from '@siks/pg';
import {
  createBusFromUrl,
  createKafkaBus,
  deadLetterTopic,
  KafkaOffsetOutOfRangeError,
  partitionForKey,
} from '../src/index.ts';
import { eventually } from './eventually.ts';
import { busContract, contractTopicSpecs } from './bus-contract.ts';
import { mockClusterUnavailable, startMockCluster, type MockCluster } from '../src/kafka/mock/mock-cluster.ts';

/**
 * The bus contract on Kafka: against KAFKA_BROKERS when set, else against librdkafka's mock
 * cluster built here from src/kafka/mock/mock-cluster.c. Without librdkafka-dev the suite fails in
 * CI (CI=true) and is skipped, with the reason, elsewhere.
 */
const brokersFromEnv = process.env['KAFKA_BROKERS']?.split(',').filter(Boolean) ?? [];
const unavailable = brokersFromEnv.length > 0 ? undefined : mockClusterUnavailable();
const runId = brokersFromEnv.length > 0 ? randomBytes(4).toString('hex') : 'mock';
const urlTopic = { name: `bus-url.${runId}`, partitions: 2 };
/** The mock keeps ~5 MB per partition: past that it drops the oldest messages, read or not. */
const prunedTopic = { name: 'bus-pruned.mock', partitions: 1 };
const tuning = { sessionTimeoutMs: 2_500, heartbeatIntervalMs: 250, rebalanceTimeoutMs: 3_000, maxWaitTimeMs: 250 };

if (unavailable && !process.env['CI']) {
  describe('Bus contract: Kafka', () => {
    it.skip(`skipped: ${unavailable}`, () => undefined);
  });
} else {
  let brokers: string[] = brokersFromEnv;
  let mock: MockCluster | undefined;
  beforeAll(async () => {
    if (unavailable) throw new Error(`Kafka contract suite cannot run: ${unavailable}`);
    if (brokers.length === 0) {
      mock = await startMockCluster([
        ...contractTopicSpecs(runId),
        urlTopic,
        { name: deadLetterTopic(urlTopic.name), partitions: urlTopic.partitions },
        prunedTopic,
      ]);
      brokers = [mock.bootstrap];
    }
  });
  afterAll(async () => {
    await mock?.stop();
  });

  busContract('Kafka', {
    makeBus: async () =>
      createKafkaBus({
        brokers,
        clientId: 'bus-contract',
        logLevel: 'nothing',
        // The mock cluster rebalances in (session timeout - 1 s); keep rebalances short.
        consumer: tuning,
      }),
    runId,
    waitMs: 30_000,
  });

  describe('createBusFromUrl', () => {
    it('makes a Kafka bus for kafka://host:port,…', async () => {
      // Never connected: the Kafka adapter does not use the pool.
      const pool = createPool({ url: 'postgres://127.0.0.1:1/unused', max: 1, applicationName: 'unused' });
      const bus = createBusFromUrl(`kafka://${brokers.join(',')}`, pool, { kafka: { logLevel: 'nothing' } });
      try {
        await bus.ensureTopics([urlTopic]);
        await bus.publish(urlTopic.name, [{ key: 'household-9', value: '{}' }]);
        const lag = await bus.lag(`nobody.${runId}`, [urlTopic.name]);
        expect(lag.map((entry) => entry.lag)).toEqual(
          [0, 1].map((partition) => (partition === partitionForKey('household-9', 2) ? 1 : 0)),
        );
      } finally {
        await bus.close();
        await pool.end();
      }
    });
  });

  describe('a committed offset the broker no longer has', () => {
    it.skipIf(brokersFromEnv.length > 0)(
      'is reported as KafkaOffsetOutOfRangeError (kafkajs skips ahead silently otherwise; mock only)',
      async () => {
        const errors: unknown[] = [];
        const bus = createKafkaBus({
          brokers,
          clientId: 'bus-pruned',
          logLevel: 'nothing',
          consumer: tuning,
          onError: (error) => errors.push(error),
        });
        const consume = (received: string[]) =>
          bus.consume({
            groupId: 'pruned',
            topics: [prunedTopic.name],
            fromBeginning: true,
            handle: async (messages) => void received.push(...messages.map((message) => message.value)),
          });
        try {
          await bus.publish(prunedTopic.name, [{ key: 'k', value: 'first' }]);
          const first: string[] = [];
          const consumer = await consume(first);
          await eventually(() => expect(first).toEqual(['first']), 30_000);
          await consumer.stop();
          // 6 MB in 12 publishes (message sets): the mock drops the oldest, the group's next offset among them.
          for (let i = 0; i < 12; i++) await bus.publish(prunedTopic.name, [{ key: 'k', value: 'x'.repeat(500_000) }]);
          const again = await consume([]);
          await eventually(() => expect(errors).toContainEqual(expect.any(KafkaOffsetOutOfRangeError)), 30_000);
          await again.stop();
          expect(errors.find((error) => error instanceof KafkaOffsetOutOfRangeError)).toMatchObject({
            topic: prunedTopic.name,
            partition: 0,
            groupId: 'pruned',
          });
        } finally {
          await bus.close();
        }
      },
    );
  });

  describe('topics on a real broker', () => {
    it.skipIf(brokersFromEnv.length === 0)(
      'are created to keep every message (rebuilds replay them from the beginning)',
      async () => {
        const topic = { name: `bus-retention.${runId}`, partitions: 1 };
        const bus = createKafkaBus({ brokers, clientId: 'bus-retention', logLevel: 'nothing' });
        const admin = new Kafka({ brokers, clientId: 'bus-retention-check', logLevel: logLevel.NOTHING }).admin();
        try {
          await bus.ensureTopics([topic]);
          await admin.connect();
          const described = await admin.describeConfigs({
            includeSynonyms: false,
            resources: [topic.name, deadLetterTopic(topic.name)].map((name) => ({
              type: ConfigResourceTypes.TOPIC,
              name,
              configNames: ['retention.ms'],
            })),
          });
          for (const resource of described.resources) {
            expect(resource.configEntries.find((entry) => entry.configName === 'retention.ms')?.configValue).toBe('-1');
          }
        } finally {
          await admin.disconnect();
          await bus.close();
        }
      },
    );
  });
}
