import type { Queryable } from '@siks/pg';
import { blindIndexKeyId, computeBlindIndex } from './blind-index.ts';

/** A person's subject id (`person:<NIK blind index>`, docs/security.md "What is sealed"). */
export const PERSON_SUBJECT_PREFIX = 'person:';

export interface IndexResolverOptions {
  pool: Queryable;
  /** The blind-index key new indexes are made under. */
  key: Buffer;
  /** The key before the last rotation, while `pnpm siks pii reindex` has not run to its end. */
  previousKey?: Buffer | undefined;
  /** How long "no alias exists under the current key" is trusted. Default 60,000 ms. */
  emptyTtlMs?: number;
  now?: () => number;
}

export interface ResolveOptions {
  /**
   * A write: while a previous key is configured, remember the identity this value got under the
   * current key (an alias), so that it is still found once the previous key is dropped, even when
   * `pnpm siks pii reindex` had already passed the event that first named it.
   */
  record?: boolean;
}

export type IndexResolver = (purpose: string, values: readonly string[], options?: ResolveOptions) => Promise<string[]>;

interface AliasRow {
  key_id: string;
  alias: string;
  canonical: string;
}

/**
 * The identity index of each value: the blind index the event log and the read models know it by.
 * A blind index is more than a lookup key here: the log carries it in clear as a person's identity
 * (`person:<index>` subjects, registry member paths, erasure ids) and the log cannot be rewritten.
 * So a rotation does not re-key identities; it maps the new key's index to the identity instead:
 *
 * - an alias under the current key (written by `pnpm siks pii reindex` or by a write during the
 *   rotation) names the identity;
 * - else, while a previous key is configured, the previous key's own alias or its index (the
 *   value was indexed before the rotation, or is new and gets the old form until the re-index);
 * - else the current key's index (a value first seen after the rotation).
 *
 * Without a previous key and without any alias under the current key (a deployment never
 * rotated), the current index is the answer and no query is made.
 */
export function createIndexResolver(options: IndexResolverOptions): IndexResolver {
  const { pool, key, previousKey } = options;
  const now = options.now ?? Date.now;
  const emptyTtl = options.emptyTtlMs ?? 60_000;
  const keyId = blindIndexKeyId(key);
  const previousKeyId = previousKey ? blindIndexKeyId(previousKey) : undefined;
  if (previousKey?.equals(key)) throw new TypeError('blind index: the previous key must differ from the current one');
  let aliasesKnown: { value: boolean; checkedAt: number } | undefined;

  const mayHaveAliases = async (): Promise<boolean> => {
    if (previousKey) return true;
    if (aliasesKnown && (aliasesKnown.value || now() - aliasesKnown.checkedAt < emptyTtl)) return aliasesKnown.value;
    const { rows } = await pool.query<{ found: boolean }>(
      'SELECT EXISTS (SELECT 1 FROM pii.blind_index_aliases WHERE key_id = $1) AS found',
      [keyId],
    );
    aliasesKnown = { value: rows[0]?.found === true, checkedAt: now() };
    return aliasesKnown.value;
  };

  return async (purpose, values, resolveOptions = {}) => {
    const current = values.map((value) => computeBlindIndex(key, purpose, value));
    if (values.length === 0 || !(await mayHaveAliases())) return current;
    const previous = previousKey ? values.map((value) => computeBlindIndex(previousKey, purpose, value)) : [];
    const { rows } = await pool.query<AliasRow>(
      `SELECT key_id, alias, canonical FROM pii.blind_index_aliases
        WHERE (key_id = $1 AND alias = ANY($2::text[])) OR (key_id = $3 AND alias = ANY($4::text[]))`,
      [keyId, current, previousKeyId ?? '', previous],
    );
    const byCurrent = new Map(rows.filter((r) => r.key_id === keyId).map((r) => [r.alias, r.canonical]));
    const byPrevious = new Map(rows.filter((r) => r.key_id === previousKeyId).map((r) => [r.alias, r.canonical]));
    const identities = current.map(
      (index, i) => byCurrent.get(index) ?? (previousKey ? (byPrevious.get(previous[i]!) ?? previous[i]!) : index),
    );
    if (resolveOptions.record && previousKey) {
      const fresh = current.flatMap((index, i) =>
        byCurrent.has(index) || identities[i] === index ? [] : [{ alias: index, canonical: identities[i]! }],
      );
      if (fresh.length > 0) await insertAliases(pool, keyId, fresh);
    }
    return identities;
  };
}

/**
 * Stores aliases under `keyId`, idempotently. Never one whose identity is a forgotten person:
 * a forgotten person must stay unfindable by NIK under a new key.
 */
export async function insertAliases(
  pool: Queryable,
  keyId: string,
  aliases: readonly { alias: string; canonical: string }[],
): Promise<number> {
  if (aliases.length === 0) return 0;
  const result = await pool.query(
    `INSERT INTO pii.blind_index_aliases (key_id, alias, canonical)
     SELECT $1, a.alias, a.canonical FROM unnest($2::text[], $3::text[]) AS a(alias, canonical)
      WHERE NOT EXISTS (SELECT 1 FROM pii.subject_keys k
                         WHERE k.subject_id = $4 || a.canonical AND k.wrapped_key IS NULL)
     ON CONFLICT (key_id, alias) DO NOTHING`,
    [keyId, aliases.map((a) => a.alias), aliases.map((a) => a.canonical), PERSON_SUBJECT_PREFIX],
  );
  return result.rowCount ?? 0;
}

/** Drops every alias naming `canonical` (the person was forgotten). */
export async function dropAliasesOf(pool: Queryable, canonical: string): Promise<void> {
  await pool.query('DELETE FROM pii.blind_index_aliases WHERE canonical = $1', [canonical]);
}
