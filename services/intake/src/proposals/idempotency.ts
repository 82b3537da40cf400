import { createHash } from 'node:crypto';
import { deterministicId } from '@siks/contracts';
import { canonicalJson } from '@siks/eventstore';
import type { Queryable } from '@siks/pg';
import { z } from 'zod';

/** An `Idempotency-Key` header: what a client may use as a key (a UUID is typical). */
export const IdempotencyKey = z.string().regex(/^[\w.:-]{1,200}$/, { error: 'idempotency_key.format' });

/** The answer stored for a key: replayed for the same body, refused for another. */
export interface IdempotentAnswer {
  requestHash: string;
  statusCode: number;
  response: unknown;
}

/** SHA-256 of the request body in canonical JSON (key order does not matter). */
export const requestHash = (body: unknown): string =>
  createHash('sha256')
    .update(canonicalJson(body ?? null))
    .digest('hex');

/** The proposal id a keyed creation gets: a retry after a lost answer finds the same proposal. */
export const keyedProposalId = (userId: string, key: string): string =>
  deterministicId(`intake.idempotency:${userId}`, key);

export async function findAnswer(db: Queryable, userId: string, key: string): Promise<IdempotentAnswer | undefined> {
  const { rows } = await db.query<{ request_hash: string; status_code: number; response: unknown }>(
    'SELECT request_hash, status_code, response FROM intake.idempotency WHERE user_id = $1 AND key = $2',
    [userId, key],
  );
  const row = rows[0];
  return row ? { requestHash: row.request_hash, statusCode: row.status_code, response: row.response } : undefined;
}

/** Stores the answer unless one is stored already; returns `answer` itself when it was stored now, else the stored one. */
export async function saveAnswer(
  db: Queryable,
  userId: string,
  key: string,
  answer: IdempotentAnswer,
): Promise<IdempotentAnswer> {
  // The answer need not wait for the disk: the events it describes were committed durably
  // first, and a retry that finds no answer re-appends nothing (deterministic event ids).
  const inserted = await db.query(
    `WITH async AS (SELECT set_config('synchronous_commit', 'off', true))
     INSERT INTO intake.idempotency (user_id, key, request_hash, status_code, response)
     SELECT $1, $2, $3, $4, $5 FROM async ON CONFLICT (user_id, key) DO NOTHING`,
    [userId, key, answer.requestHash, answer.statusCode, JSON.stringify(answer.response)],
  );
  if (inserted.rowCount === 1) return answer;
  return (await findAnswer(db, userId, key)) ?? answer;
}
