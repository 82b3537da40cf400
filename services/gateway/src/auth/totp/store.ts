import type { Queryable } from '@siks/pg';

/** A user's second factor as stored: the secret stays sealed (`secret-box.ts`). */
export interface StoredTotp {
  userId: string;
  sealed: Buffer;
  state: 'pending' | 'active';
  lastStep: number | null;
}

interface Row {
  user_id: string;
  secret_sealed: Buffer;
  state: 'pending' | 'active';
  last_step: string | null;
}

export async function findTotp(db: Queryable, userId: string): Promise<StoredTotp | undefined> {
  const { rows } = await db.query<Row>(
    'SELECT user_id, secret_sealed, state, last_step FROM gateway.user_totp WHERE user_id = $1',
    [userId],
  );
  const row = rows[0];
  return row
    ? {
        userId: row.user_id,
        sealed: row.secret_sealed,
        state: row.state,
        lastStep: row.last_step === null ? null : Number(row.last_step),
      }
    : undefined;
}

/** Stores a new pending secret (replacing an earlier pending one; never an active one). */
export async function putPendingTotp(db: Queryable, userId: string, sealed: Buffer, now: Date): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO gateway.user_totp (user_id, secret_sealed, state, created_at) VALUES ($1, $2, 'pending', $3)
     ON CONFLICT (user_id) DO UPDATE SET secret_sealed = $2, created_at = $3, last_step = NULL
     WHERE gateway.user_totp.state = 'pending'`,
    [userId, sealed, now],
  );
  return (rowCount ?? 0) > 0;
}

/**
 * Takes the time step of a valid code, once: true only if no code of this or a later step was
 * accepted before (one statement, so two requests with the same code cannot both pass).
 */
export async function acceptStep(db: Queryable, userId: string, step: number): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE gateway.user_totp SET last_step = $2
     WHERE user_id = $1 AND (last_step IS NULL OR last_step < $2)`,
    [userId, step],
  );
  return (rowCount ?? 0) > 0;
}

/** Switches a pending second factor on; false when it was not pending. */
export async function activateTotp(db: Queryable, userId: string, now: Date): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE gateway.user_totp SET state = 'active', activated_at = $2 WHERE user_id = $1 AND state = 'pending'`,
    [userId, now],
  );
  return (rowCount ?? 0) > 0;
}

/** Removes a user's second factor (disable, reset); true when there was an active one. */
export async function removeTotp(db: Queryable, userId: string): Promise<boolean> {
  const { rows } = await db.query<{ state: string }>(
    'DELETE FROM gateway.user_totp WHERE user_id = $1 RETURNING state',
    [userId],
  );
  return rows[0]?.state === 'active';
}
