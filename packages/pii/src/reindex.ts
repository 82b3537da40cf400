import type { Queryable } from '@siks/pg';
import { blindIndexKeyId, computeBlindIndex } from './blind-index.ts';
import { PiiIntegrityError } from './errors.ts';
import { insertAliases } from './identities.ts';
import { isSealed, type Sealed } from './sealed.ts';

/**
 * Where an index sits beside a sealed block (`personal`) and where its value sits in the opened
 * block: member and person records, households and deactivations (KK), NIK corrections, adminduk
 * reference lines, and the person a complaint is about. An index without a readable value is left.
 */
const PAIRS: readonly { index: string; value: readonly string[]; purpose: 'nik' | 'kk' }[] = [
  { index: 'nikIndex', value: ['nik'], purpose: 'nik' },
  { index: 'kkIndex', value: ['kkNumber'], purpose: 'kk' },
  { index: 'oldNikIndex', value: ['oldNik'], purpose: 'nik' },
  { index: 'newNikIndex', value: ['newNik'], purpose: 'nik' },
  { index: 'subjectNikIndex', value: ['subject', 'nik'], purpose: 'nik' },
];

const INDEX = /^[0-9a-f]{64}$/;
/** The tombstone index a forgotten person's records point at in read models (contracts' FORGOTTEN_INDEX). */
const FORGOTTEN_INDEX = '0'.repeat(64);

export interface ReindexOptions {
  /** The keyring's database (schema `pii`). */
  pool: Queryable;
  /** Opens sealed values (the keyring: undefined for a forgotten subject). */
  open(sealed: Sealed): Promise<unknown>;
  /** The new blind-index key (`PII_BLIND_INDEX_KEY`). */
  key: Buffer;
  /** Aliases of keys other than these (and `key`) are dropped at the end: no service uses them any more. */
  keepKeys?: readonly Buffer[];
  /** A page of the event log after `after` (the event store's `readAllPage`). */
  readPage(after: string, maxCount: number): Promise<{ events: readonly { data: unknown }[]; next: string }>;
  /** Events per page. Default 500. */
  batchSize?: number;
  /** Told after every page. */
  onProgress?(progress: ReindexProgress): void;
  /** Read the log from its beginning again, ignoring the stored cursor. */
  restart?: boolean;
}

export interface ReindexProgress {
  /** Events read under this key so far (this run and earlier ones). */
  events: number;
  /** Aliases written so far. */
  aliases: number;
  /** Sealed values that did not open (forgotten subjects, or values of another master key). */
  unreadable: number;
}

export interface ReindexResult extends ReindexProgress {
  keyId: string;
  /** What this run did (the totals include earlier, interrupted runs). */
  thisRun: { events: number; aliases: number };
  /** Aliases of keys no longer configured, dropped at the end. */
  dropped: number;
}

/**
 * `pnpm siks pii reindex`: reads the event log and, for every index that sits beside a sealed
 * value the keyring can still open, stores an alias from that value's index under the new key to
 * the index the log carries (its identity; identities.ts). A forgotten person's blocks do not open
 * and get no alias, so they are not found under the new key. Resumable (the cursor per key is kept
 * in `pii.blind_index_reindex` after every page), idempotent (an alias is written once), and safe
 * while the services run (they record the aliases of what they write meanwhile).
 */
export async function reindexBlindIndexes(options: ReindexOptions): Promise<ReindexResult> {
  const { pool, key } = options;
  const keyId = blindIndexKeyId(key);
  const batchSize = options.batchSize ?? 500;
  await pool.query(
    `INSERT INTO pii.blind_index_reindex (key_id, cursor) VALUES ($1, '')
     ON CONFLICT (key_id) DO UPDATE SET cursor = CASE WHEN $2 THEN '' ELSE pii.blind_index_reindex.cursor END,
       events = CASE WHEN $2 THEN 0 ELSE pii.blind_index_reindex.events END,
       aliases = CASE WHEN $2 THEN 0 ELSE pii.blind_index_reindex.aliases END, finished = false`,
    [keyId, options.restart === true],
  );
  const state = await pool.query<{ cursor: string; events: string; aliases: string }>(
    'SELECT cursor, events, aliases FROM pii.blind_index_reindex WHERE key_id = $1',
    [keyId],
  );
  let cursor = state.rows[0]?.cursor ?? '';
  const progress: ReindexProgress = {
    events: Number(state.rows[0]?.events ?? 0),
    aliases: Number(state.rows[0]?.aliases ?? 0),
    unreadable: 0,
  };
  const start = { events: progress.events, aliases: progress.aliases };
  for (;;) {
    const page = await options.readPage(cursor, batchSize);
    const pairs: { alias: string; canonical: string }[] = [];
    for (const event of page.events) {
      for (const pair of await pairsOf(event.data, options.open, progress)) {
        const alias = computeBlindIndex(key, pair.purpose, pair.value);
        if (alias !== pair.index) pairs.push({ alias, canonical: pair.index });
      }
    }
    const written = await insertAliases(pool, keyId, pairs);
    progress.events += page.events.length;
    progress.aliases += written;
    const moved = page.next !== cursor;
    cursor = page.next;
    await pool.query(
      `UPDATE pii.blind_index_reindex SET cursor = $2, events = $3, aliases = $4, updated_at = now() WHERE key_id = $1`,
      [keyId, cursor, progress.events, progress.aliases],
    );
    options.onProgress?.({ ...progress });
    if (page.events.length === 0 || !moved) break;
  }
  const keep = [keyId, ...(options.keepKeys ?? []).map(blindIndexKeyId)];
  const dropped = await pool.query('DELETE FROM pii.blind_index_aliases WHERE NOT (key_id = ANY($1::text[]))', [keep]);
  await pool.query('UPDATE pii.blind_index_reindex SET finished = true, updated_at = now() WHERE key_id = $1', [keyId]);
  return {
    keyId,
    ...progress,
    thisRun: { events: progress.events - start.events, aliases: progress.aliases - start.aliases },
    dropped: dropped.rowCount ?? 0,
  };
}

interface Pair {
  index: string;
  value: string;
  purpose: 'nik' | 'kk';
}

/** The (index, value) pairs of one event's data, walking it for records with a sealed `personal`. */
async function pairsOf(data: unknown, open: ReindexOptions['open'], progress: ReindexProgress): Promise<Pair[]> {
  const pairs: Pair[] = [];
  const visit = async (node: unknown): Promise<void> => {
    if (Array.isArray(node)) {
      for (const item of node) await visit(item);
      return;
    }
    if (typeof node !== 'object' || node === null || isSealed(node)) return;
    const record = node as Record<string, unknown>;
    const sealed = record['personal'];
    const wanted = PAIRS.filter(({ index }) => {
      const value = record[index];
      return typeof value === 'string' && INDEX.test(value) && value !== FORGOTTEN_INDEX;
    });
    if (isSealed(sealed) && wanted.length > 0) {
      const opened = await openQuietly(sealed, open);
      if (opened === undefined) progress.unreadable += 1;
      for (const pair of wanted) {
        const value = pick(opened, pair.value);
        if (typeof value === 'string' && value !== '')
          pairs.push({ index: record[pair.index] as string, value, purpose: pair.purpose });
      }
    }
    for (const [field, value] of Object.entries(record)) if (field !== 'personal') await visit(value);
  };
  await visit(data);
  return pairs;
}

/** A value that does not open (forgotten subject, unknown subject) is skipped, not fatal. */
async function openQuietly(sealed: Sealed, open: ReindexOptions['open']): Promise<unknown> {
  try {
    return await open(sealed);
  } catch (error) {
    if (error instanceof PiiIntegrityError) return undefined;
    throw error;
  }
}

function pick(value: unknown, path: readonly string[]): unknown {
  let node = value;
  for (const step of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[step];
  }
  return node;
}
