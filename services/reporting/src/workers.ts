import type { Bus } from '@siks/bus';
import type { Pool } from '@siks/pg';
import type { Logger } from '@siks/service-kit';
import { createLeadership } from './consumers/leadership.ts';
import { startLiveProjection, type LiveProjection } from './consumers/runner.ts';
import { projections } from './projections/index.ts';
import { PROJECTION_NAMES, type ProjectionName } from './projections/projection.ts';
import { ensureStates } from './projections/state.ts';

export interface WorkerDeps {
  pool: Pool;
  bus: Bus;
  logger?: Logger;
  /** Events per transaction (REPORTS_BATCH_SIZE; default 500). */
  batchSize?: number;
  /** Lag sampling and generation check interval (REPORTS_LAG_SAMPLE_MS; default 1000). */
  checkIntervalMs?: number;
  /** Only these projections (default: all). */
  only?: readonly ProjectionName[];
}

export interface Workers {
  /** The live generation each projection's consumer follows. */
  generations(): Partial<Record<ProjectionName, number>>;
  stop(): Promise<void>;
}

/**
 * The reporting service's background work: one consumer group per projection, from the
 * beginning of its topics, following the live generation across rebuilds, and a lag sample
 * per projection (read by `GET /v1/reports/lag` and `/metrics`). With several reporting
 * processes, each projection is fed by one of them at a time (`Leadership`). Reporting owns no
 * streams, so it runs no relay.
 */
export async function startWorkers(deps: WorkerDeps): Promise<Workers> {
  await ensureStates(deps.pool);
  const onError = (error: unknown): void => deps.logger?.error({ err: error }, 'reporting worker error');
  const runners = new Map<ProjectionName, LiveProjection>();
  const leadership = createLeadership(deps.pool);
  const stopAll = async (): Promise<void> => {
    await Promise.all([...runners.values()].map((runner) => runner.stop()));
    await leadership.release();
  };
  try {
    for (const name of deps.only ?? PROJECTION_NAMES) {
      runners.set(
        name,
        await startLiveProjection({
          pool: deps.pool,
          bus: deps.bus,
          projection: projections[name],
          leadership,
          maxBatchSize: deps.batchSize ?? 500,
          checkIntervalMs: deps.checkIntervalMs ?? 1000,
          onError,
        }),
      );
    }
  } catch (error) {
    await stopAll();
    throw error;
  }
  return {
    generations: () =>
      Object.fromEntries([...runners].map(([name, runner]) => [name, runner.generation()])) as Partial<
        Record<ProjectionName, number>
      >,
    stop: stopAll,
  };
}
