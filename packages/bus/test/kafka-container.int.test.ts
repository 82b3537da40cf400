import { randomBytes } from 'node:crypto';
import { containerRuntimeUnavailable, startKafkaContainer, type RunningContainer } from '@siks/testing/containers';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { createKafkaBus } from '../src/index.ts';
import { busContract } from './bus-contract.ts';

/**
 * The bus contract on a real Kafka broker in a container (testcontainers, `@testcontainers/kafka`),
 * where a Docker engine exists; `kafka-bus.int.test.ts` covers librdkafka's mock cluster and
 * `KAFKA_BROKERS`. Without Docker the suite says it skipped and why (the machines this project
 * was built on have none: it has not run there).
 */
const unavailable = await containerRuntimeUnavailable();

if (unavailable) {
  describe('Bus contract: Kafka (testcontainers)', () => {
    it.skip(`skipped: ${unavailable}`, () => undefined);
  });
} else {
  let kafka: (RunningContainer & { brokers: string[] }) | undefined;
  beforeAll(async () => {
    kafka = await startKafkaContainer();
  }, 240_000);
  afterAll(async () => {
    await kafka?.stop();
  });
  busContract('Kafka (testcontainers)', {
    makeBus: async () =>
      createKafkaBus({
        brokers: kafka?.brokers ?? [],
        clientId: 'bus-contract-container',
        logLevel: 'nothing',
        consumer: { sessionTimeoutMs: 6_000, heartbeatIntervalMs: 500, rebalanceTimeoutMs: 6_000, maxWaitTimeMs: 250 },
      }),
    runId: randomBytes(4).toString('hex'),
    waitMs: 60_000,
  });
}
