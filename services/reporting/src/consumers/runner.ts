import type { Bus, Consumer } from '@siks/bus';
import type { Pool } from '@siks/pg';
import type { Projection } from '../projections/projection.ts';
import type { Leadership } from './leadership.ts';
import { readState } from '../projections/state.ts';
import { startProjectionConsumer } from './consumer.ts';
import { sampleLag } from './lag.ts';

export interface LiveProjectionOptions {
  pool: Pool;
  bus: Bus;
  projection: Projection;
  /** Whether this process may feed the projection now (one process at a time does). */
  leadership: Leadership;
  maxBatchSize: number;
  /** How often to sample the lag and look for a new live generation (after a rebuild's swap). */
  checkIntervalMs: number;
  onError: (error: unknown) => void;
}

export interface LiveProjection {
  /** The generation this runner consumes now (undefined while another process leads the projection). */
  generation(): number | undefined;
  stop(): Promise<void>;
}

/**
 * Keeps a projection's live tables fed: consumes in the group of the live generation and,
 * when a rebuild has swapped in a new generation (seen by the periodic check, or by a batch
 * that found its generation superseded), stops the old consumer and joins the new group, which
 * goes on from where the rebuild left it. Only while this process leads the projection
 * (`Leadership`); otherwise it stands by and looks again at each check.
 */
export async function startLiveProjection(options: LiveProjectionOptions): Promise<LiveProjection> {
  const { pool, bus, projection, onError } = options;
  let consumer: Consumer | undefined;
  let generation: number | undefined;
  let stopped = false;
  let syncing: Promise<void> | undefined;

  const stopConsumer = async (): Promise<void> => {
    const previous = consumer;
    consumer = undefined;
    generation = undefined;
    await previous?.stop();
  };
  const sync = async (): Promise<void> => {
    if (!(await options.leadership.lead(projection.name))) {
      await stopConsumer();
      return;
    }
    const state = await readState(pool, projection.name);
    if (!stopped && state.generation !== generation) {
      await stopConsumer();
      if (stopped) return;
      generation = state.generation;
      consumer = await startProjectionConsumer({
        bus,
        pool,
        projection,
        generation: state.generation,
        maxBatchSize: options.maxBatchSize,
        onSuperseded: trigger,
      });
    }
    await sampleLag(pool, bus, state);
  };
  function trigger(): void {
    if (stopped) return;
    syncing ??= sync()
      .catch(onError)
      .finally(() => (syncing = undefined));
  }

  await sync();
  const timer = setInterval(trigger, options.checkIntervalMs);
  timer.unref();
  return {
    generation: () => generation,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await syncing;
      await stopConsumer();
    },
  };
}
