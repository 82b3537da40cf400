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

/**
 * Reads and creates the keys of a batch in one statement (one round trip): `$1`/`$2` every
 * subject not cached (sorted, so concurrent writers lock in one order) with a new wrapped key
 * each, `$3`/`$4` which call asked for which subject. It returns the rows stored before the
 * statement and the rows it inserted: a subject is inserted only when no row exists and at least
 * one call asking for it has no forgotten subject (a refused call creates nothing). A key
 * inserted meanwhile by another writer is neither seen nor inserted (ON CONFLICT): the caller
 * reads it afterwards.
 *
 * With `async`, the statement commits with `synchronous_commit = off` (when it runs on its own,
 * on the pool). Safe because a key is only worth keeping once a value sealed with it is stored,
 * and that value is appended afterwards in a transaction that commits durably: WAL is flushed in
 * order, so that later durable flush also flushes this earlier record. If the server crashes
 * before, the key may be lost but so is every value sealed with it (nothing was acknowledged);
 * a key of a failed append is merely unused.
 */
const fetchOrCreateSql = (async: boolean): string => `WITH
  ${async ? "async AS (SELECT set_config('synchronous_commit', 'off', true) AS s)," : ''}
  wanted AS (SELECT subject_id, wrapped_key FROM unnest($1::text[], $2::bytea[]) AS w(subject_id, wrapped_key)),
  asked AS (SELECT subject_id, call FROM unnest($3::text[], $4::integer[]) AS a(subject_id, call)),
  existing AS (
    SELECT s.subject_id, s.wrapped_key, s.key_version FROM pii.subject_keys s WHERE s.subject_id = ANY($1::text[])),
  refused AS (
    SELECT DISTINCT a.call FROM asked a JOIN existing e ON e.subject_id = a.subject_id WHERE e.wrapped_key IS NULL),
  created AS (
    INSERT INTO pii.subject_keys (subject_id, wrapped_key, key_version)
    SELECT w.subject_id, w.wrapped_key, $5 FROM wanted w${async ? ', async' : ''}
     WHERE NOT EXISTS (SELECT 1 FROM existing e WHERE e.subject_id = w.subject_id)
       AND EXISTS (SELECT 1 FROM asked a WHERE a.subject_id = w.subject_id
                     AND a.call NOT IN (SELECT r.call FROM refused r))
     ORDER BY w.subject_id
    ON CONFLICT (subject_id) DO NOTHING
    RETURNING subject_id, wrapped_key, key_version)
  SELECT subject_id, wrapped_key, key_version FROM existing
  UNION ALL
  SELECT subject_id, wrapped_key, key_version FROM created`;

/**
 * The keys `sealAll` needs, batched across concurrent calls: calls whose keys are all cached are
 * answered at once; the others that arrive while a batch is at the database wait and then go
 * together, in one statement that reads every key not cached and inserts every key missing
 * (see `fetchOrCreateSql`). Each call keeps its own outcome: a call with a forgotten
 * subject fails with `SubjectForgottenError` and no key is created for it; the others go on.
 */
export function createSealKeys(deps: SealKeysDeps): (subjectIds: readonly string[]) => Promise<Map<string, Buffer>> {
  const { pool, cache, now } = deps;
  const fetchOrCreate = fetchOrCreateSql(isPool(pool));
  let queue: Call[] = [];
  let busy = false;

  const selectAll = async (subjectIds: readonly string[]): Promise<Map<string, KeyRow>> => {
    const { rows } = await pool.query<KeyRow>(SELECT_SQL, [subjectIds]);
    return new Map(rows.map((row) => [row.subject_id, row]));
  };

  const load = async (calls: readonly Call[]): Promise<void> => {
    const toLoad = [...new Set(calls.flatMap((call) => call.subjects))].sort();
    const asked = calls.flatMap((call, index) => call.subjects.map((subjectId) => [subjectId, index] as const));
    const { rows: found } = await pool.query<KeyRow>(fetchOrCreate, [
      toLoad,
      toLoad.map(deps.wrapNew),
      asked.map(([subjectId]) => subjectId),
      asked.map(([, index]) => index),
      deps.version,
    ]);
    const rows = new Map(found.map((row) => [row.subject_id, row]));
    for (const [subjectId, row] of rows) if (row.wrapped_key === null) cache.set(subjectId, { kind: 'forgotten' });
    const live: Call[] = [];
    for (const call of calls) {
      const forgotten = call.subjects.find((subjectId) => rows.get(subjectId)?.wrapped_key === null);
      if (forgotten === undefined) live.push(call);
      else call.reject(new SubjectForgottenError(forgotten));
    }
    // Two writers may race to create a key: one insert wins, both then use the stored row.
    const lost = [...new Set(live.flatMap((call) => call.subjects.filter((s) => !rows.has(s))))];
    if (lost.length > 0) for (const [subjectId, row] of await selectAll(lost)) rows.set(subjectId, row);
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
