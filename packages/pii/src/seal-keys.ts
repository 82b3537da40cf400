import type { Pool, Queryable } from '@siks/pg';
import { SubjectForgottenError } from './errors.ts';

export type KeyEntry = { kind: 'key'; key: Buffer; expiresAt: number } | { kind: 'forgotten' };
export type KeyRow = { subject_id: string; wrapped_key: Buffer | null; key_version: number };

export interface SealKeysDeps {
  pool: Queryable;
  cache: { get(subjectId: string): KeyEntry | undefined; set(subjectId: string, entry: KeyEntry): void };
  now: () => number;
  version: number;
  /** The cache entry of a stored row (unwraps the key). */
  fromRow: (subjectId: string, row: KeyRow) => KeyEntry;
  /** A new data key for the subject, wrapped under the master key. */
  wrapNew: (subjectId: string) => Buffer;
  checkSubjectId: (subjectId: string) => void;
}

interface Call {
  subjects: string[];
  keys: Map<string, Buffer>;
  resolve: (keys: Map<string, Buffer>) => void;
  reject: (error: unknown) => void;
}

const SELECT_SQL =
  'SELECT subject_id, wrapped_key, key_version FROM pii.subject_keys WHERE subject_id = ANY($1::text[])';
const INSERT_SQL = `INSERT INTO pii.subject_keys (subject_id, wrapped_key, key_version)
   SELECT subject_id, wrapped_key, $3 FROM unnest($1::text[], $2::bytea[]) AS k(subject_id, wrapped_key)
   ON CONFLICT (subject_id) DO NOTHING RETURNING subject_id, wrapped_key, key_version`;
/**
 * The same insert committing with `synchronous_commit = off` (when it runs on its own, on the
 * pool). Safe because a key is only worth keeping once a value sealed with it is stored, and
 * that value is appended afterwards in a transaction that commits durably: WAL is flushed in
 * order, so that later durable flush also flushes this earlier record. If the server crashes
 * before, the key may be lost but so is every value sealed with it (nothing was acknowledged);
 * a key of a failed append is merely unused.
 */
const INSERT_ASYNC_SQL = `WITH async AS (SELECT set_config('synchronous_commit', 'off', true))
   INSERT INTO pii.subject_keys (subject_id, wrapped_key, key_version)
   SELECT subject_id, wrapped_key, $3 FROM unnest($1::text[], $2::bytea[]) AS k(subject_id, wrapped_key), async
   ON CONFLICT (subject_id) DO NOTHING RETURNING subject_id, wrapped_key, key_version`;

/**
 * The keys `sealAll` needs, batched across concurrent calls: calls whose keys are all cached are
 * answered at once; the others that arrive while a batch is at the database wait and then go
 * together: one SELECT of every key not cached, one INSERT of every key missing (sorted, so
 * concurrent writers lock in one order). Each call keeps its own outcome: a call with a forgotten
 * subject fails with `SubjectForgottenError` and no key is created for it; the others go on.
 */
export function createSealKeys(deps: SealKeysDeps): (subjectIds: readonly string[]) => Promise<Map<string, Buffer>> {
  const { pool, cache, now } = deps;
  const insertSql = isPool(pool) ? INSERT_ASYNC_SQL : INSERT_SQL;
  let queue: Call[] = [];
  let busy = false;

  const selectAll = async (subjectIds: readonly string[]): Promise<Map<string, KeyRow>> => {
    const { rows } = await pool.query<KeyRow>(SELECT_SQL, [subjectIds]);
    return new Map(rows.map((row) => [row.subject_id, row]));
  };

  const load = async (calls: readonly Call[]): Promise<void> => {
    const toLoad = [...new Set(calls.flatMap((call) => call.subjects))];
    const rows = await selectAll(toLoad);
    for (const [subjectId, row] of rows) if (row.wrapped_key === null) cache.set(subjectId, { kind: 'forgotten' });
    const live: Call[] = [];
    for (const call of calls) {
      const forgotten = call.subjects.find((subjectId) => rows.get(subjectId)?.wrapped_key === null);
      if (forgotten === undefined) live.push(call);
      else call.reject(new SubjectForgottenError(forgotten));
    }
    const missing = [...new Set(live.flatMap((call) => call.subjects.filter((s) => !rows.has(s))))].sort();
    if (missing.length > 0) {
      const inserted = await pool.query<KeyRow>(insertSql, [missing, missing.map(deps.wrapNew), deps.version]);
      for (const row of inserted.rows) rows.set(row.subject_id, row);
      // Two writers may race to create a key: one insert wins, both then use the stored row.
      const lost = missing.filter((subjectId) => !rows.has(subjectId));
      if (lost.length > 0) for (const [subjectId, row] of await selectAll(lost)) rows.set(subjectId, row);
    }
    for (const call of live) {
      try {
        for (const subjectId of call.subjects) {
          const row = rows.get(subjectId);
          if (!row) throw new Error('pii: subject key row vanished while sealing');
          const entry = deps.fromRow(subjectId, row);
          // A forget() that finished while this read was in flight wins over the key it read.
          if (cache.get(subjectId)?.kind === 'forgotten' || entry.kind === 'forgotten') {
            throw new SubjectForgottenError(subjectId);
          }
          cache.set(subjectId, entry);
          call.keys.set(subjectId, entry.key);
        }
        call.resolve(call.keys);
      } catch (error) {
        call.reject(error);
      }
    }
  };

  const pump = (): void => {
    if (busy || queue.length === 0) return;
    const calls = queue;
    queue = [];
    busy = true;
    load(calls)
      .catch((error: unknown) => calls.forEach((call) => call.reject(error)))
      .finally(() => {
        busy = false;
        pump();
      });
  };

  return (subjectIds) => {
    const keys = new Map<string, Buffer>();
    const subjects: string[] = [];
    try {
      for (const subjectId of new Set(subjectIds)) {
        deps.checkSubjectId(subjectId);
        const cached = cache.get(subjectId);
        if (cached?.kind === 'forgotten') throw new SubjectForgottenError(subjectId);
        if (cached && cached.expiresAt > now()) keys.set(subjectId, cached.key);
        else subjects.push(subjectId);
      }
    } catch (error) {
      return Promise.reject(error);
    }
    if (subjects.length === 0) return Promise.resolve(keys);
    return new Promise((resolve, reject) => {
      queue.push({ subjects, keys, resolve, reject });
      // After this turn of the event loop, so the calls of one turn share the batch.
      if (!busy && queue.length === 1) setImmediate(pump);
    });
  };
}

function isPool(queryable: Queryable): queryable is Pool {
  return 'connect' in queryable && !('release' in queryable);
}
