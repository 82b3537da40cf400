import type { NewEvent } from '@siks/contracts';
import type { Pool } from '@siks/pg';
import type { AppendResult, ExpectedRevision } from '../port.ts';
import { appendPrepared, prepareAppend, splitPositions, wrongRevision, type PreparedAppend } from './append.ts';
import { APPEND_SEPARATOR } from './hash.ts';

export interface GroupCommitOptions {
  /** Appends per transaction at most; 200 by default. */
  maxBatch?: number;
  /** Batches in flight at once (each on its own connection); 1 by default. */
  maxConcurrentBatches?: number;
}

interface ManyRow {
  o_outcomes: ('ok' | 'wrong_revision')[];
  o_revisions: (string | null)[];
  /** Comma-separated (see `splitPositions`). */
  o_positions: string | null;
}

interface Waiting {
  prepared: PreparedAppend;
  count: number;
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}

const APPEND_MANY_SQL =
  "SELECT o_outcomes, o_revisions, array_to_string(o_positions, ',') AS o_positions FROM eventstore.append_many($1, $2, $3, $4, string_to_array($5, E'\\x03'), $6)";

/**
 * Group commit for the PostgreSQL adapter: appends that arrive while a batch is committing wait
 * and then go together, in one statement and one transaction (`eventstore.append_many`), so N
 * concurrent appends cost one round trip and one durable commit instead of N. An append
 * arriving when nothing is in flight goes at once: with one batch in flight at most, at the end
 * of the current turn of the event loop (so the appends of that turn share it); with more, right
 * away, alone, and the rest of its turn share the next slot. Queued appends are shared out
 * over the free slots.
 *
 * Each append still gets its own answer, the one `appendEvents` would give: its result, or
 * `WrongExpectedRevisionError` / `DuplicateEventIdError` / the idempotent original result,
 * without affecting the others of its batch. A batch that fails as a whole (an error of the
 * database) is rolled back and its appends are retried one by one.
 */
export function createGroupCommit(
  pool: Pool,
  notifyInTransaction: boolean,
  options: GroupCommitOptions = {},
): (streamId: string, events: readonly NewEvent[], expected: ExpectedRevision) => Promise<AppendResult> {
  const maxBatch = options.maxBatch ?? 200;
  const maxInFlight = options.maxConcurrentBatches ?? 1;
  let queue: Waiting[] = [];
  let inFlight = 0;
  let scheduled = false;

  const pump = (): void => {
    scheduled = false;
    while (inFlight < maxInFlight && queue.length > 0) {
      // Shared out over the free slots: all in one batch would leave the other slots idle.
      const batch = queue.slice(0, Math.min(maxBatch, Math.ceil(queue.length / (maxInFlight - inFlight))));
      queue = queue.slice(batch.length);
      inFlight += 1;
      void commit(batch).finally(() => {
        inFlight -= 1;
        pump();
      });
    }
  };

  const commit = async (batch: Waiting[]): Promise<void> => {
    if (batch.length === 1) {
      const [only] = batch as [Waiting];
      await appendPrepared(pool, only.prepared, notifyInTransaction).then(only.resolve, only.reject);
      return;
    }
    let row: ManyRow | undefined;
    try {
      const values = [
        batch.map((item) => item.prepared.streamId),
        batch.map((item) => item.prepared.expectedCode),
        batch.map((item) => item.count),
        batch.flatMap((item) => item.prepared.ids),
        batch.map((item) => item.prepared.events).join(APPEND_SEPARATOR),
        notifyInTransaction,
      ];
      row = (await pool.query<ManyRow>({ name: 'eventstore_append_many', text: APPEND_MANY_SQL, values })).rows[0];
      if (!row) throw new Error('eventstore.append_many returned no row');
    } catch {
      // Nothing of the batch was written: each append on its own gets its own answer (error).
      await Promise.all(
        batch.map((item) => appendPrepared(pool, item.prepared, notifyInTransaction).then(item.resolve, item.reject)),
      );
      return;
    }
    const { o_outcomes: outcomes, o_revisions: revisions } = row;
    const positions = splitPositions(row.o_positions);
    let offset = 0;
    const conflicts: Promise<void>[] = [];
    batch.forEach((item, index) => {
      const outcome = outcomes[index];
      const revision = revisions[index];
      if (outcome === 'ok') {
        item.resolve({
          nextExpectedRevision: Number(revision),
          logPositions: positions.slice(offset, offset + item.count),
        });
        offset += item.count;
      } else {
        const actual = revision === null || revision === undefined ? undefined : Number(revision);
        conflicts.push(wrongRevision(pool, item.prepared, actual).then(item.resolve, item.reject));
      }
    });
    await Promise.all(conflicts);
  };

  return (streamId, events, expected) => {
    let prepared: PreparedAppend;
    try {
      prepared = prepareAppend(streamId, events, expected);
    } catch (error) {
      return Promise.reject(error);
    }
    if (events.length === 0) return appendPrepared(pool, prepared, notifyInTransaction);
    if (inFlight === 0 && queue.length === 0 && maxInFlight > 1) {
      // Idle, and a slot stays free for whatever else arrives this turn: no detour through the queue.
      inFlight += 1;
      const result = appendPrepared(pool, prepared, notifyInTransaction);
      const done = (): void => {
        inFlight -= 1;
        pump();
      };
      result.then(done, done);
      return result;
    }
    return new Promise<AppendResult>((resolve, reject) => {
      queue.push({ prepared, count: events.length, resolve, reject });
      if (!scheduled && inFlight < maxInFlight) {
        scheduled = true;
        queueMicrotask(pump);
      }
    });
  };
}
