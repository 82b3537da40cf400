import type { Bus } from '@siks/bus';
import { withTransaction, type Pool } from '@siks/pg';
import { startProjectionConsumer } from '../consumers/consumer.ts';
import { groupTotals } from '../consumers/lag.ts';
import { projections } from '../projections/index.ts';
import { live, tableName, type ProjectionName } from '../projections/projection.ts';
import { fillWaitingRegions } from '../projections/region-keys.ts';
import { ensureStates, readState } from '../projections/state.ts';
import { nextPollDelay } from './poll.ts';
import { createShadowTables, dropShadowTables, indexShadowTables, replaceLiveTables } from './tables.ts';

export interface RebuildDeps {
  pool: Pool;
  bus: Bus;
}

export type RebuildPhase = 'preparing' | 'catching_up' | 'swapping' | 'handing_over' | 'done';

export interface RebuildProgress {
  projection: ProjectionName;
  generation: number;
  phase: RebuildPhase;
  /** Messages of the projection's topics the rebuild has consumed. */
  processed: number;
  /** Messages on those topics now. */
  total: number;
  lagEvents: number;
  elapsedMs: number;
}

export interface RebuildOptions {
  onProgress?: (progress: RebuildProgress) => void;
  /** Swap once the rebuild is at most this many messages behind (default 0: fully caught up). */
  maxLag?: number;
  /** After the swap, wait until the workers have caught the new generation up, or this long (default 2000 ms). */
  handoverMs?: number;
  /** How often at most to look at the rebuild's consumer group (default 25 ms; less often while far behind). */
  pollIntervalMs?: number;
  /** Events per transaction (default 5000: a rebuild has many to catch up on, fewer batches cost less). */
  maxBatchSize?: number;
  /** Consumers in the rebuild's group when the projection allows `parallelRebuild` (default 2; else always 1). */
  parallelConsumers?: number;
  signal?: AbortSignal;
}

export interface RebuildResult {
  projection: ProjectionName;
  generation: number;
  /** Messages consumed until the swap. */
  messages: number;
  /** Distinct events in the rebuilt projection. */
  events: number;
  seconds: number;
  eventsPerSecond: number;
}

export class RebuildInProgressError extends Error {
  constructor(name: string) {
    super(`a rebuild of projection ${name} is already running`);
    this.name = 'RebuildInProgressError';
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts generation `last + 1` into fresh shadow tables; returns it. */
async function prepare(pool: Pool, name: ProjectionName): Promise<number> {
  return withTransaction(pool, async (client) => {
    const state = await readState(client, name, 'FOR UPDATE');
    const generation = state.lastGeneration + 1;
    await createShadowTables(client, projections[name]);
    await client.query('UPDATE reporting.projections SET building = $2, last_generation = $2 WHERE name = $1', [
      name,
      generation,
    ]);
    return generation;
  });
}

/** Makes the shadow tables live and generation `generation` the live one, atomically. */
async function swap(pool: Pool, name: ProjectionName, generation: number): Promise<void> {
  await withTransaction(pool, async (client) => {
    // Waits for batches in flight (they share-lock the row); readers wait for the renames at most this long.
    await client.query(`SET LOCAL lock_timeout = '10s'`);
    const state = await readState(client, name, 'FOR UPDATE');
    if (state.building !== generation) throw new Error(`rebuild of ${name} generation ${generation} was superseded`);
    await replaceLiveTables(client, projections[name]);
    await client.query(
      'UPDATE reporting.projections SET generation = $2, building = NULL, swapped_at = now() WHERE name = $1',
      [name, generation],
    );
  });
}

async function abandon(pool: Pool, name: ProjectionName, generation: number): Promise<void> {
  await withTransaction(pool, async (client) => {
    const state = await readState(client, name, 'FOR UPDATE');
    if (state.building !== generation) return;
    await dropShadowTables(client, projections[name]);
    await client.query('UPDATE reporting.projections SET building = NULL WHERE name = $1', [name]);
  });
}

/**
 * Rebuilds a projection from the beginning of its topics while the service keeps answering
 * from the live tables: a new generation's consumer group fills shadow tables (`<table>__next`)
 * and, once caught up, its consumers leave the group and one transaction drops the live tables
 * and renames the shadows in. The workers notice the new generation and follow its consumer
 * group from where the rebuild left it. One rebuild per projection runs at a time (an advisory
 * lock, held on a connection). A `parallelRebuild` projection is caught up by two consumers.
 */
export async function rebuildProjection(
  deps: RebuildDeps,
  name: ProjectionName,
  options: RebuildOptions = {},
): Promise<RebuildResult> {
  const { pool, bus } = deps;
  const pollIntervalMs = options.pollIntervalMs ?? 25;
  const started = Date.now();
  await ensureStates(pool);
  const lock = await pool.connect();
  try {
    const got = await lock.query<{ ok: boolean }>(
      `SELECT pg_try_advisory_lock(hashtextextended('reporting.rebuild:' || $1, 0)) AS ok`,
      [name],
    );
    if (!got.rows[0]?.ok) throw new RebuildInProgressError(name);
    const generation = await prepare(pool, name);
    const report = (phase: RebuildPhase, totals = { processed: 0, total: 0, lagEvents: 0 }): void =>
      options.onProgress?.({ projection: name, generation, phase, ...totals, elapsedMs: Date.now() - started });
    report('preparing');
    let superseded = false;
    const members = projections[name].parallelRebuild ? (options.parallelConsumers ?? 2) : 1;
    const consumers = await Promise.all(
      Array.from({ length: members }, () =>
        startProjectionConsumer({
          bus,
          pool,
          projection: projections[name],
          generation,
          maxBatchSize: options.maxBatchSize ?? 5000,
          onSuperseded: () => (superseded = true),
        }),
      ),
    );
    const stopConsumers = (): Promise<unknown> => Promise.all(consumers.map((consumer) => consumer.stop()));
    let messages = 0;
    let swapped = false;
    const catchingUpSince = Date.now();
    try {
      for (;;) {
        options.signal?.throwIfAborted();
        if (superseded) throw new Error(`rebuild of ${name} generation ${generation} was superseded`);
        const totals = await groupTotals(bus, name, generation);
        report('catching_up', totals);
        if (totals.lagEvents <= (options.maxLag ?? 0)) {
          messages = totals.processed;
          break;
        }
        const elapsedMs = Date.now() - catchingUpSince;
        await sleep(nextPollDelay({ ...totals, elapsedMs, minMs: pollIntervalMs, maxMs: 10 * pollIntervalMs }));
      }
      // The rebuild's consumers leave the group before the swap: the workers join it after the
      // swap, and a projection fed by several topics must never have two members at once (two
      // batches would read, evolve and write the same rows; see Projection.parallelRebuild).
      await stopConsumers();
      report('swapping', await groupTotals(bus, name, generation));
      await withTransaction(pool, async (client) => {
        await fillWaitingRegions(client, projections[name], tableName('shadow'));
        await indexShadowTables(client, projections[name]);
      });
      await swap(pool, name, generation);
      swapped = true;
      // The workers go on from the group's offsets; wait (a while) to see them caught up.
      const handoverUntil = Date.now() + (options.handoverMs ?? 2000);
      for (;;) {
        const totals = await groupTotals(bus, name, generation);
        report('handing_over', totals);
        if (totals.lagEvents === 0 || Date.now() >= handoverUntil) break;
        await sleep(pollIntervalMs);
      }
    } finally {
      await stopConsumers();
      if (!swapped) await abandon(pool, name, generation).catch(() => undefined);
    }
    const seconds = (Date.now() - started) / 1000;
    const progress = await pool.query<{ events: string }>(`SELECT events FROM ${live(`${name}_progress`)}`);
    const final = await groupTotals(bus, name, generation);
    report('done', final);
    return {
      projection: name,
      generation,
      messages,
      events: Number(progress.rows[0]?.events ?? 0),
      seconds,
      eventsPerSecond: seconds > 0 ? Math.round(messages / seconds) : messages,
    };
  } finally {
    await lock.query(`SELECT pg_advisory_unlock_all()`).catch(() => undefined);
    lock.release();
  }
}
