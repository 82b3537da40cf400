import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { withTransaction, type Pool, type Queryable } from '@siks/pg';

/** What a login or refresh hands to the browser: an opaque refresh token and its CSRF token. */
export interface SessionTokens {
  refreshToken: string;
  csrfToken: string;
  /** End of the session (the family's absolute expiry; rotation does not extend it). */
  expiresAt: Date;
}

const sha256 = (text: string): Buffer => createHash('sha256').update(text).digest();
const token = (bytes: number): string => randomBytes(bytes).toString('base64url');

async function issueToken(
  db: Queryable,
  familyId: string,
  now: Date,
): Promise<{ refreshToken: string; csrfToken: string }> {
  const refreshToken = token(32);
  const csrfToken = token(24);
  await db.query(
    'INSERT INTO gateway.refresh_tokens (token_hash, family_id, csrf_hash, issued_at) VALUES ($1, $2, $3, $4)',
    [sha256(refreshToken), familyId, sha256(csrfToken), now],
  );
  return { refreshToken, csrfToken };
}

/** Starts a session (a new refresh-token family) for a user who just proved their password. */
export async function startSession(
  db: Queryable,
  userId: string,
  now: Date,
  ttlSeconds: number,
): Promise<SessionTokens> {
  const familyId = randomUUID();
  const expiresAt = new Date(now.getTime() + ttlSeconds * 1000);
  await db.query('INSERT INTO gateway.refresh_families (id, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)', [
    familyId,
    userId,
    now,
    expiresAt,
  ]);
  return { ...(await issueToken(db, familyId, now)), expiresAt };
}

export type RotateResult =
  | { ok: true; userId: string; tokens: SessionTokens }
  | { ok: false; reason: 'unknown' | 'reused' | 'csrf' | 'revoked' | 'expired' | 'disabled' };

/**
 * How long after its rotation a spent refresh token may still be answered, once: the browser
 * that sent it may never have received the answer (the connection dropped, common on weak
 * village connections) or a second tab sent it at the same moment. Later, or a second time, it
 * counts as a copied token.
 */
export const REUSE_GRACE_MS = 10_000;

interface Row {
  family_id: string;
  used_at: Date | null;
  regranted_at: Date | null;
  csrf_hash: Buffer;
  user_id: string;
  expires_at: Date;
  revoked_at: Date | null;
  disabled_at: Date | null;
}

const revokeFamily = (db: Queryable, familyId: string, now: Date, reason: string) =>
  db.query(
    `UPDATE gateway.refresh_families SET revoked_at = $2, revoked_reason = $3 WHERE id = $1 AND revoked_at IS NULL`,
    [familyId, now, reason],
  );

/**
 * Rotates a refresh token: the presented one is spent and a new one (with a new CSRF token) is
 * issued in the same family. A spent token presented again means it was copied: the whole
 * family is revoked, so whoever holds the newer token is signed out too — except once within
 * `REUSE_GRACE_MS` of its rotation, with its CSRF token, while no newer token of the family has
 * been used: that is the same browser that missed the answer, and it gets a fresh token.
 */
export async function rotateSession(
  pool: Pool,
  refreshToken: string,
  csrfToken: string,
  now: Date,
): Promise<RotateResult> {
  return withTransaction(pool, async (client) => {
    const { rows } = await client.query<Row>(
      `SELECT t.family_id, t.used_at, t.regranted_at, t.csrf_hash, f.user_id, f.expires_at, f.revoked_at, u.disabled_at
       FROM gateway.refresh_tokens t
       JOIN gateway.refresh_families f ON f.id = t.family_id
       JOIN gateway.users u ON u.id = f.user_id
       WHERE t.token_hash = $1
       FOR UPDATE OF t, f`,
      [sha256(refreshToken)],
    );
    const row = rows[0];
    if (!row) return { ok: false, reason: 'unknown' };
    if (row.revoked_at) return { ok: false, reason: 'revoked' };
    if (row.used_at && !(await mayRegrant(client, row, sha256(refreshToken), csrfToken, now))) {
      await revokeFamily(client, row.family_id, now, 'reuse_detected');
      return { ok: false, reason: 'reused' };
    }
    if (!sha256(csrfToken).equals(row.csrf_hash)) return { ok: false, reason: 'csrf' };
    if (row.expires_at.getTime() <= now.getTime()) return { ok: false, reason: 'expired' };
    if (row.disabled_at) {
      await revokeFamily(client, row.family_id, now, 'user_disabled');
      return { ok: false, reason: 'disabled' };
    }
    await client.query(
      row.used_at
        ? 'UPDATE gateway.refresh_tokens SET regranted_at = $2 WHERE token_hash = $1'
        : 'UPDATE gateway.refresh_tokens SET used_at = $2 WHERE token_hash = $1',
      [sha256(refreshToken), now],
    );
    const tokens = await issueToken(client, row.family_id, now);
    return { ok: true, userId: row.user_id, tokens: { ...tokens, expiresAt: row.expires_at } };
  });
}

/** Whether a spent token is within its one grace answer (see `REUSE_GRACE_MS`). */
async function mayRegrant(db: Queryable, row: Row, tokenHash: Buffer, csrfToken: string, now: Date): Promise<boolean> {
  if (!row.used_at || row.regranted_at) return false;
  if (now.getTime() - row.used_at.getTime() > REUSE_GRACE_MS) return false;
  if (!sha256(csrfToken).equals(row.csrf_hash)) return false;
  const { rows } = await db.query(
    `SELECT 1 FROM gateway.refresh_tokens
      WHERE family_id = $1 AND issued_at >= $2 AND used_at IS NOT NULL AND token_hash <> $3 LIMIT 1`,
    [row.family_id, row.used_at, tokenHash],
  );
  return rows.length === 0;
}

/** Ends the session of a refresh token whose CSRF token matches; false when there is none to end. */
export async function endSession(db: Queryable, refreshToken: string, csrfToken: string, now: Date): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE gateway.refresh_families f SET revoked_at = $3, revoked_reason = 'logout'
     FROM gateway.refresh_tokens t
     WHERE t.token_hash = $1 AND t.csrf_hash = $2 AND t.used_at IS NULL AND f.id = t.family_id AND f.revoked_at IS NULL`,
    [sha256(refreshToken), sha256(csrfToken), now],
  );
  return (rowCount ?? 0) > 0;
}
