import type { Queryable } from '@siks/pg';
import type { KeyRow } from './seal-keys.ts';

type Row = Omit<KeyRow, 'subject_id'>;
interface Waiter {
  resolve: (row: Row | undefined) => void;
  reject: (error: unknown) => void;
}

const SELECT_MANY =
  'SELECT subject_id, wrapped_key, key_version FROM pii.subject_keys WHERE subject_id = ANY($1::text[])';

/**
 * Reads subject keys for `open()`, batched: every read asked for in the same turn of the event
 * loop (a consumer opening the members of a batch of proposals, a history with many subjects)
 * shares one `= ANY` query instead of one query per subject. At most `maxBatch` ids a query.
 */
export function createKeyReader(pool: Queryable, maxBatch = 1_000): (subjectId: string) => Promise<Row | undefined> {
  let pending: Map<string, Waiter[]> | undefined;

  const flush = async (batch: Map<string, Waiter[]>): Promise<void> => {
    try {
      const { rows } = await pool.query<KeyRow>(SELECT_MANY, [[...batch.keys()]]);
      const byId = new Map(rows.map((row) => [row.subject_id, row]));
      for (const [subjectId, waiters] of batch) {
        const row = byId.get(subjectId);
        for (const waiter of waiters)
          waiter.resolve(row ? { wrapped_key: row.wrapped_key, key_version: row.key_version } : undefined);
      }
    } catch (error) {
      for (const waiters of batch.values()) for (const waiter of waiters) waiter.reject(error);
    }
  };

  const detach = (batch: Map<string, Waiter[]>): void => {
    if (pending === batch) pending = undefined;
    void flush(batch);
  };

  return (subjectId) =>
    new Promise<Row | undefined>((resolve, reject) => {
      if (!pending) {
        const batch = new Map<string, Waiter[]>();
        pending = batch;
        setImmediate(() => pending === batch && detach(batch));
      }
      const batch = pending;
      const waiters = batch.get(subjectId) ?? [];
      waiters.push({ resolve, reject });
      batch.set(subjectId, waiters);
      if (batch.size >= maxBatch) detach(batch);
    });
}
