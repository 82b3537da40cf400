import type { Queryable } from '@siks/pg';
import type { SignedCheckpoint } from './checkpoint.ts';

/** A published checkpoint as a service hands it out: the signed note and the key it names. */
export interface StoredCheckpoint {
  size: number;
  /** The signed note, byte for byte as written to the checkpoint directory. */
  note: string;
  /** The verifier key line of the key that signed it (`public.vkey`). */
  vkey: string;
}

/**
 * Keeps a copy of a published checkpoint in `audit_log.checkpoints` (the first one of a size
 * wins, as in the directory). The database cannot forge one: a reader checks the signature.
 */
export async function recordCheckpoint(
  db: Queryable,
  checkpoint: Pick<SignedCheckpoint, 'size' | 'text'>,
  vkey: string,
): Promise<void> {
  await db.query(
    'INSERT INTO audit_log.checkpoints (size, note, vkey) VALUES ($1, $2, $3) ON CONFLICT (size) DO NOTHING',
    [checkpoint.size, checkpoint.text, vkey],
  );
}

/**
 * The latest recorded checkpoint, or the one of exactly `size` leaves; undefined when there is
 * none (also when the audit log was never set up: no checkpoint was ever published then).
 */
export async function readRecordedCheckpoint(db: Queryable, size?: number): Promise<StoredCheckpoint | undefined> {
  const present = await db.query<{ present: boolean }>(
    `SELECT to_regclass('audit_log.checkpoints') IS NOT NULL AS present`,
  );
  if (!present.rows[0]?.present) return undefined;
  const { rows } = await db.query<{ size: string; note: string; vkey: string }>(
    size === undefined
      ? 'SELECT size, note, vkey FROM audit_log.checkpoints ORDER BY size DESC LIMIT 1'
      : 'SELECT size, note, vkey FROM audit_log.checkpoints WHERE size = $1',
    size === undefined ? [] : [size],
  );
  const row = rows[0];
  return row ? { size: Number(row.size), note: row.note, vkey: row.vkey } : undefined;
}
