import type { Queryable } from '@siks/pg';
import { decodeKey, unwrapDataKey, wrapDataKey } from './crypto.ts';
import { PiiIntegrityError } from './errors.ts';

/**
 * Earlier master keys from configuration: `PII_PREVIOUS_MASTER_KEYS` is a comma-separated list of
 * `<version>:<base64 key>` (e.g. `1:AAAA…=`). The error names the setting, never a key.
 */
export function parsePreviousMasterKeys(text: string | undefined): Map<number, Buffer> {
  const keys = new Map<number, Buffer>();
  for (const item of (text ?? '').split(',').map((part) => part.trim())) {
    if (item === '') continue;
    const match = /^(\d{1,6}):(.+)$/.exec(item);
    if (!match) throw new Error('PII_PREVIOUS_MASTER_KEYS must list <version>:<base64 key> pairs');
    keys.set(Number(match[1]), decodeKey(match[2] ?? '', 'PII_PREVIOUS_MASTER_KEYS'));
  }
  return keys;
}

export interface RewrapOptions {
  pool: Queryable;
  /** Every master key a stored key may be wrapped under, by version (the new one included). */
  masterKeys: ReadonlyMap<number, Buffer>;
  /** The version to wrap every live key under. */
  toVersion: number;
  /** Keys re-wrapped per statement. Default 500. */
  batchSize?: number;
}

export interface RewrapResult {
  /** Keys now wrapped under `toVersion` that were not before. */
  rewrapped: number;
  /** Live keys already under `toVersion`. */
  current: number;
  /** Forgotten subjects (tombstones: nothing to re-wrap). */
  forgotten: number;
}

interface Row {
  subject_id: string;
  wrapped_key: Buffer;
  key_version: number;
}

/**
 * Master-key rotation: re-wraps every live subject key under the master key `toVersion`. The
 * data keys themselves stay, so no sealed value in the log changes. Idempotent and resumable
 * (rows already under `toVersion` are skipped); safe while the services run, since each update
 * applies only if the row is still as read (a subject forgotten meanwhile stays forgotten), and
 * the services open both versions while `PII_PREVIOUS_MASTER_KEYS` lists the old key.
 */
export async function rewrapSubjectKeys(options: RewrapOptions): Promise<RewrapResult> {
  const { pool, masterKeys, toVersion } = options;
  const batchSize = options.batchSize ?? 500;
  const target = masterKeys.get(toVersion);
  if (!target) throw new Error(`pii: no master key of version ${toVersion}`);
  let rewrapped = 0;
  let after = '';
  for (;;) {
    const { rows } = await pool.query<Row>(
      `SELECT subject_id, wrapped_key, key_version FROM pii.subject_keys
        WHERE wrapped_key IS NOT NULL AND key_version <> $1 AND subject_id > $2
        ORDER BY subject_id LIMIT $3`,
      [toVersion, after, batchSize],
    );
    if (rows.length === 0) break;
    after = rows[rows.length - 1]!.subject_id;
    const updates = rows.map((row) => {
      const from = masterKeys.get(row.key_version);
      if (!from) throw new PiiIntegrityError('unknown_key_version');
      const dataKey = unwrapDataKey(from, row.key_version, row.subject_id, row.wrapped_key);
      return { row, wrapped: wrapDataKey(target, toVersion, row.subject_id, dataKey) };
    });
    const result = await pool.query(
      `UPDATE pii.subject_keys k SET wrapped_key = u.wrapped, key_version = $4
         FROM unnest($1::text[], $2::bytea[], $3::int[]) AS u(subject_id, wrapped, old_version)
        WHERE k.subject_id = u.subject_id AND k.key_version = u.old_version AND k.wrapped_key IS NOT NULL`,
      [
        updates.map((u) => u.row.subject_id),
        updates.map((u) => u.wrapped),
        updates.map((u) => u.row.key_version),
        toVersion,
      ],
    );
    rewrapped += result.rowCount ?? 0;
  }
  const { rows } = await pool.query<{ current: string; forgotten: string }>(
    `SELECT count(*) FILTER (WHERE wrapped_key IS NOT NULL AND key_version = $1) AS current,
            count(*) FILTER (WHERE wrapped_key IS NULL) AS forgotten
       FROM pii.subject_keys`,
    [toVersion],
  );
  return { rewrapped, current: Number(rows[0]?.current ?? 0), forgotten: Number(rows[0]?.forgotten ?? 0) };
}
