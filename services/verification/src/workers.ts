import { CASE_STREAM_PREFIX, Topics } from '@siks/contracts';
import type { Consumer, Relay } from '@siks/bus';
import { withGroupCommit } from '@siks/eventstore';
import type { Platform } from '@siks/platform';
import type { Logger } from '@siks/service-kit';
import { checkConfigOf, type Config } from './config.ts';
import { startInputsConsumer } from './consumers/inputs.ts';
import { startQueueConsumer } from './consumers/queue.ts';

export interface WorkerDeps {
  platform: Pick<Platform, 'pool' | 'store' | 'bus' | 'keyring' | 'startRelay'>;
  config: Pick<Config, 'GEOTAG_MAX_DISTANCE_M' | 'GEOTAG_MAX_AGE_DAYS' | 'PROPOSAL_WINDOWS'>;
  logger?: Logger | undefined;
  /** Clock of the events appended in reaction (default: the system clock). */
  now?: () => Date;
}

export interface Workers {
  /** Resolves when the relay has published every case event appended so far. */
  relayCaughtUp(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The verification service's background work (flow.md): the relay of `case-` streams to
 * `verification.cases.v1`, the consumer of intake/document/registry events (read models,
 * automated checks, case opening) and the work-queue consumer of the service's own topic.
 */
export async function startWorkers(deps: WorkerDeps): Promise<Workers> {
  const { pool, store, bus, keyring } = deps.platform;
  const relay: Relay = deps.platform.startRelay(Topics.verificationCases, [CASE_STREAM_PREFIX]);
  const consumers: Consumer[] = [];
  try {
    consumers.push(
      await startInputsConsumer({
        bus,
        pool,
        logger: deps.logger,
        // The cases of a batch are appended concurrently: group commit joins them (PostgreSQL).
        deps: {
          store: withGroupCommit(store),
          opener: keyring,
          forgetter: keyring,
          checks: checkConfigOf(deps.config),
          now: deps.now ?? (() => new Date()),
        },
      }),
    );
    consumers.push(await startQueueConsumer({ bus, pool, store }));
  } catch (error) {
    await Promise.allSettled([...consumers.map((consumer) => consumer.stop()), relay.stop()]);
    throw error;
  }
  return {
    relayCaughtUp: () => relay.caughtUp(),
    async stop() {
      await Promise.all(consumers.map((consumer) => consumer.stop()));
      await relay.stop();
    },
  };
}
