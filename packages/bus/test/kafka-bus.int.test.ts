import { randomBytes } from 'node:crypto';
import { ConfigResourceTypes, Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool } from '@siks/pg';
import { createBusFromUrl, createKafkaBus, deadLetterTopic, partitionForKey } from '../src/index.ts';
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
        consumer: { sessionTimeoutMs: 2_500, heartbeatIntervalMs: 250, rebalanceTimeoutMs: 3_000, maxWaitTimeMs: 250 },
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
