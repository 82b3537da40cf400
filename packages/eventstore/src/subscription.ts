import type { RecordedEvent } from '@siks/contracts';
import { withTransaction, type Pool, type PoolClient } from '@siks/pg';
import type { EventStore, ReadAllPage } from './port.ts';

export interface SubscriptionOptions {
  store: EventStore;
  /** The subscriber's database: checkpoint table (`subscriptionMigrations`) and read model. */
  pool: Pool;
  /** Unique per subscriber, e.g. "reporting.dashboard". */
  subscriptionId: string;
  streamPrefixes?: readonly string[];
  /** Events per batch (one transaction each); 500 by default. */
  batchSize?: number;
  /**
   * Applies a batch inside the transaction that also stores the new checkpoint: either both
   * commit or neither does. Throwing rolls the batch back; it is retried after a delay.
   */
  handle: (events: RecordedEvent[], client: PoolClient) => Promise<void>;
  /** Told about every failure (reading, handling, checkpointing); the runner keeps going. */
  onError?: (error: unknown) => void;
  /** Fallback polling when no notification arrives; 250 ms by default. */
  pollIntervalMs?: number;
  /** First retry delay after a failure, doubling up to 30 s; 500 ms by default. */
  retryDelayMs?: number;
  /** Where a subscription without a checkpoint starts (exclusive); the log's beginning by default. */
  startAfter?: string;
}

export interface Subscription {
  /** Stops after the batch in progress; resolves when the runner has stopped. */
  stop(): Promise<void>;
  /** Resolves the first time the subscription has read everything readable. Rejects if stopped before. */
  caughtUp: Promise<void>;
  /** The last checkpoint committed (or loaded) by this runner. */
  position(): string;
}

const TABLE = 'public.eventstore_checkpoints';

/** The checkpoint moved while a batch was being applied (another runner skipped ahead): roll back. */
class CheckpointMoved extends Error {
  override readonly name = 'CheckpointMoved';
}

/**
 * Runs a checkpointed subscription: loads the checkpoint, catches up in batches through
 * `store.readAll`, then waits for `onAppended` (or the poll interval) and continues. Each batch
 * runs `handle` and advances the checkpoint in one transaction on `pool` (exactly-once effect).
 * Two runners with the same id do not apply a batch twice: the checkpoint row is locked and
 * compared first, and a runner that finds it moved continues from there.
 */
export function startSubscription(options: SubscriptionOptions): Subscription {
  const { store, pool, subscriptionId } = options;
  const batchSize = options.batchSize ?? 500;
  const pollIntervalMs = options.pollIntervalMs ?? 250;
  const retryDelayMs = options.retryDelayMs ?? 500;
  const readOptions = options.streamPrefixes ? { streamPrefixes: options.streamPrefixes } : {};
  let position = options.startAfter ?? '';
  let stopped = false;
  let signalled = false;
  let wakeUp: (() => void) | undefined;
  let markCaughtUp!: () => void;
  let failCaughtUp!: (error: Error) => void;
  const caughtUp = new Promise<void>((resolve, reject) => {
    markCaughtUp = resolve;
    failCaughtUp = reject;
  });
  caughtUp.catch(() => undefined);

  const signal = (): void => {
    signalled = true;
    wakeUp?.();
  };
  /** Waits `ms`, or less when signalled (a signal during work cuts the next wait short). */
  const wait = (ms: number, interruptible: boolean): Promise<void> =>
    new Promise((resolve) => {
      if (stopped || (interruptible && signalled)) {
        signalled = false;
        resolve();
        return;
      }
      const done = (): void => {
        clearTimeout(timer);
        wakeUp = undefined;
        signalled = false;
        resolve();
      };
      const timer = setTimeout(done, ms);
      wakeUp = interruptible ? done : () => stopped && done();
    });
  const report = (error: unknown): void => {
    try {
      options.onError?.(error);
    } catch {
      // The error callback must not stop the runner.
    }
  };

  const loadCheckpoint = async (): Promise<void> => {
    await pool.query(`INSERT INTO ${TABLE} (subscription_id, position) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [
      subscriptionId,
      position,
    ]);
    const row = (
      await pool.query<{ position: string }>(`SELECT position FROM ${TABLE} WHERE subscription_id = $1`, [
        subscriptionId,
      ])
    ).rows[0];
    if (!row) throw new Error(`checkpoint of subscription ${subscriptionId} disappeared`);
    position = row.position;
  };

  /**
   * One batch: runners of the same id take turns on a transaction-scoped advisory lock (which,
   * unlike a row lock, gives the transaction no id: until the handler first writes, this
   * transaction holds back no reader of the global log), and the checkpoint moves by compare
   * and set at the end, so a `skipTo` that moved it meanwhile rolls the batch back.
   */
  const applyBatch = async (events: RecordedEvent[], next: string): Promise<void> => {
    const outcome = await withTransaction(pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
        `siks.subscription:${subscriptionId}`,
      ]);
      const current = (
        await client.query<{ position: string }>(`SELECT position FROM ${TABLE} WHERE subscription_id = $1`, [
          subscriptionId,
        ])
      ).rows[0];
      if (!current) throw new Error(`checkpoint of subscription ${subscriptionId} disappeared`);
      if (current.position !== position) return { moved: current.position }; // another runner got here first
      await options.handle(events, client);
      const updated = await client.query(
        `UPDATE ${TABLE} SET position = $2, updated_at = now() WHERE subscription_id = $1 AND position = $3`,
        [subscriptionId, next, position],
      );
      if (updated.rowCount !== 1) throw new CheckpointMoved();
      return { moved: next };
    }).catch(async (error: unknown) => {
      if (!(error instanceof CheckpointMoved)) throw error;
      await loadCheckpoint(); // rolled back: continue from where the other runner left it
      return { moved: position };
    });
    position = outcome.moved;
  };

  /** Moves the checkpoint past events of other streams (nothing to handle, no transaction). */
  const skipTo = async (next: string): Promise<void> => {
    const moved = await pool.query(
      `UPDATE ${TABLE} SET position = $3, updated_at = now() WHERE subscription_id = $1 AND position = $2`,
      [subscriptionId, position, next],
    );
    if (moved.rowCount === 1) position = next;
    else await loadCheckpoint(); // another runner moved it: continue from there
  };

  const read = (after: string): Promise<ReadAllPage> =>
    store.readAllPage({ ...readOptions, after, maxCount: batchSize });

  const run = async (): Promise<void> => {
    let unlisten: (() => Promise<void>) | undefined;
    let failures = 0;
    let loaded = false;
    // While a full batch is handled, the next one is already being read.
    let ahead: { after: string; page: Promise<ReadAllPage> } | undefined;
    while (!stopped) {
      try {
        if (!loaded) {
          await loadCheckpoint();
          loaded = true;
          unlisten = await store.onAppended(signal, readOptions).catch((error: unknown) => {
            report(error); // polling still works
            return undefined;
          });
        }
        if (stopped) break;
        const { events, next } = ahead?.after === position ? await ahead.page : await read(position);
        ahead = undefined;
        if (stopped) break;
        if (events.length === batchSize) {
          ahead = { after: next, page: read(next) };
          ahead.page.catch(() => undefined); // awaited (and reported) when used
        }
        if (events.length > 0) await applyBatch(events, next);
        else if (next !== position) await skipTo(next);
        failures = 0;
        if (events.length < batchSize) {
          markCaughtUp();
          await wait(pollIntervalMs, true);
        }
      } catch (error) {
        report(error);
        failures += 1;
        await wait(Math.min(retryDelayMs * 2 ** (failures - 1), 30_000), false);
      }
    }
    await ahead?.page.catch(() => undefined);
    await unlisten?.().catch(report);
    failCaughtUp(new Error(`subscription ${subscriptionId} stopped before catching up`));
  };
  const running = run();

  return {
    async stop() {
      stopped = true;
      wakeUp?.();
      await running;
    },
    caughtUp,
    position: () => position,
  };
}
