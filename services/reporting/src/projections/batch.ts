import type { RecordedEvent } from '@siks/contracts';
import type { PoolClient } from '@siks/pg';
import { newEvents } from './dedupe.ts';
import { tableName, type Projection } from './projection.ts';
import { readState, targetOf } from './state.ts';

/**
 * Applies a batch of events to the tables of `generation`, inside the caller's transaction.
 * The projection's state row is share-locked first: a rebuild swaps tables under an exclusive
 * lock of that row, so a batch either runs wholly before a swap or sees its outcome. A batch
 * of a superseded generation applies nothing and returns false (its consumer should stop).
 */
export async function applyBatch(
  client: PoolClient,
  projection: Projection,
  generation: number,
  events: readonly RecordedEvent[],
  options: { asynchronousCommit?: boolean } = {},
): Promise<boolean> {
  // `asynchronousCommit` only when the bus commits the batch's offsets after this transaction,
  // synchronously, in this database (`Bus.handlerMayCommitAsynchronously`): that flush makes this
  // commit durable too, so this one need not wait for its own (set with the lock: one round trip).
  const state = await readState(client, projection.name, 'FOR SHARE', {
    synchronousCommitOff: options.asynchronousCommit ?? false,
  });
  const target = targetOf(state, generation);
  if (!target) return false;
  const table = tableName(target);
  const fresh = await newEvents(client, table(`${projection.name}_streams`), events, target === 'shadow');
  if (fresh.length === 0) return true;
  await projection.apply(client, fresh, table, target);
  const last = fresh[fresh.length - 1]!;
  await client.query(
    `INSERT INTO ${table(`${projection.name}_progress`)} AS p
       (id, events, last_event_id, last_log_position, last_event_at, last_applied_at)
     VALUES (1, $1, $2, $3, $4, now())
     ON CONFLICT (id) DO UPDATE SET events = p.events + EXCLUDED.events, last_event_id = EXCLUDED.last_event_id,
       last_log_position = EXCLUDED.last_log_position, last_event_at = EXCLUDED.last_event_at,
       last_applied_at = EXCLUDED.last_applied_at`,
    [fresh.length, last.eventId, last.logPosition, last.recordedAt],
  );
  return true;
}
