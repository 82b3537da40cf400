import { Topics } from '@siks/contracts';
import type { Bus } from '@siks/bus';
import type { EventStore } from '@siks/eventstore';
import type { Pool } from '@siks/pg';
import type { Platform } from '@siks/platform';
import { startProposalConsumer } from './applying/handler.ts';
import { ACCESS_PREFIX, CUTOFF_PREFIX, HOUSEHOLD_PREFIX } from './households/streams.ts';
import { startReadModel } from './read-model/project.ts';
import { startPublicStageConsumer } from './public/stage-projection.ts';

export interface WorkerDeps {
  platform: {
    pool: Pool;
    store: EventStore;
    bus: Bus;
    startRelay: Platform['startRelay'];
    /** Told a forgotten person's subjects, so this process stops opening them at once. */
    keyring?: Pick<Platform['keyring'], 'evict'>;
  };
  now?: () => Date;
  /** Told about errors the workers recover from by retrying, and about proposals a rule refused. */
  logger?: {
    warn(details: object, message: string): void;
    error(details: object, message: string): void;
  };
  /** Read-model polling fallback (ms), when no notification arrives. */
  pollIntervalMs?: number;
}

export interface Workers {
  stop(): Promise<void>;
}

/**
 * The registry's background work: the relay of its streams to `registry.households.v1`, the
 * consumer of approved proposals, the read-model subscription, and the consumer that keeps the
 * public view of proposal stages (src/public).
 */
export async function startWorkers(deps: WorkerDeps): Promise<Workers> {
  const { platform, logger } = deps;
  const onError = (error: unknown): void => logger?.error({ err: error }, 'registry worker error; retrying');
  const relay = platform.startRelay(Topics.registryHouseholds, [HOUSEHOLD_PREFIX, CUTOFF_PREFIX, ACCESS_PREFIX]);
  const readModel = startReadModel({
    store: platform.store,
    pool: platform.pool,
    onError,
    ...(deps.pollIntervalMs !== undefined ? { pollIntervalMs: deps.pollIntervalMs } : {}),
  });
  let consumer;
  let publicStages;
  try {
    publicStages = await startPublicStageConsumer({ bus: platform.bus, pool: platform.pool });
    consumer = await startProposalConsumer({
      store: platform.store,
      bus: platform.bus,
      pool: platform.pool,
      ...(deps.now ? { now: deps.now } : {}),
      onNotApplied: (info) => logger?.warn(info, 'approved proposal not applied'),
      ...(platform.keyring ? { forgetter: platform.keyring } : {}),
    });
  } catch (error) {
    await Promise.allSettled([readModel.stop(), relay.stop(), publicStages?.stop()]);
    throw error;
  }
  const stages = publicStages;
  return {
    async stop() {
      await Promise.all([consumer.stop(), stages.stop()]);
      await readModel.stop();
      await relay.stop();
    },
  };
}
