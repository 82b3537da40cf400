import { createHash } from 'node:crypto';
import { deterministicId } from '@siks/contracts';
import { canonicalJson } from '@siks/eventstore';
import type { Pool, Queryable } from '@siks/pg';
import { z } from 'zod';

/** An `Idempotency-Key` header: what a client may use as a key (a UUID is typical). */
export const IdempotencyKey = z.string().regex(/^[\w.:-]{1,200}$/, { error: 'idempotency_key.format' });

/** How long an answer is kept for its key (DESIGN.md §8); a key older than this is free again. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

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

/** The answer stored for the key at `now`, unless it has expired. */
export async function findAnswer(
  db: Queryable,
  userId: string,
  key: string,
  now: Date,
  ttlMs = IDEMPOTENCY_TTL_MS,
): Promise<IdempotentAnswer | undefined> {
  const { rows } = await db.query<{ request_hash: string; status_code: number; response: unknown }>(
    `SELECT request_hash, status_code, response FROM intake.idempotency
      WHERE user_id = $1 AND key = $2 AND created_at > $3`,
    [userId, key, new Date(now.getTime() - ttlMs)],
  );
  const row = rows[0];
  return row ? { requestHash: row.request_hash, statusCode: row.status_code, response: row.response } : undefined;
}

/** Stores answers; `save` resolves to `answer` itself when it was stored now, else to the one stored before. */
export interface AnswerStore {
  save(userId: string, key: string, answer: IdempotentAnswer, now: Date): Promise<IdempotentAnswer>;
}

interface Waiting {
  userId: string;
  key: string;
  answer: IdempotentAnswer;
  now: Date;
  resolve: (answer: IdempotentAnswer) => void;
  reject: (error: unknown) => void;
}

// The answer need not wait for the disk: the events it describes were committed durably first,
// and a retry that finds no answer re-appends nothing (deterministic event ids). An expired
// answer still stored (not swept yet) is replaced.
const SAVE_SQL = `WITH async AS (SELECT set_config('synchronous_commit', 'off', true))
  INSERT INTO intake.idempotency AS i (user_id, key, request_hash, status_code, response, created_at)
  SELECT a.user_id, a.key, a.request_hash, a.status_code, a.response::jsonb, a.created_at
    FROM unnest($1::text[], $2::text[], $3::text[], $4::integer[], $5::text[], $6::timestamptz[])
      AS a(user_id, key, request_hash, status_code, response, created_at), async
  ON CONFLICT (user_id, key) DO UPDATE
    SET request_hash = excluded.request_hash, status_code = excluded.status_code,
        response = excluded.response, created_at = excluded.created_at
    WHERE i.created_at <= excluded.created_at - $7 * interval '1 millisecond'
  RETURNING user_id, key`;

/**
 * Answers saved in batches: the saves that arrive while one batch is at the database go
 * together in one statement (one round trip, one commit), each with its own outcome.
 */
export function createAnswerStore(pool: Pool, ttlMs = IDEMPOTENCY_TTL_MS): AnswerStore {
  let queue: Waiting[] = [];
  let busy = false;

  const write = async (batch: Waiting[]): Promise<void> => {
    // One row per key in a statement; a second save of a key in the batch reads the first's.
    const seen = new Set<string>();
    const first: Waiting[] = [];
    const repeated: Waiting[] = [];
    for (const item of batch) {
      const id = JSON.stringify([item.userId, item.key]);
      if (seen.has(id)) repeated.push(item);
      else {
        seen.add(id);
        first.push(item);
      }
    }
    const { rows } = await pool.query<{ user_id: string; key: string }>(SAVE_SQL, [
      first.map((item) => item.userId),
      first.map((item) => item.key),
      first.map((item) => item.answer.requestHash),
      first.map((item) => item.answer.statusCode),
      first.map((item) => JSON.stringify(item.answer.response)),
      first.map((item) => item.now),
      ttlMs,
    ]);
    const stored = new Set(rows.map((row) => JSON.stringify([row.user_id, row.key])));
    await Promise.all(
      [...first, ...repeated].map(async (item) => {
        if (first.includes(item) && stored.has(JSON.stringify([item.userId, item.key]))) {
          item.resolve(item.answer);
          return;
        }
        try {
          item.resolve((await findAnswer(pool, item.userId, item.key, item.now, ttlMs)) ?? item.answer);
        } catch (error) {
          item.reject(error);
        }
      }),
    );
  };

  const pump = (): void => {
    if (busy || queue.length === 0) return;
    const batch = queue;
    queue = [];
    busy = true;
    write(batch)
      .catch((error: unknown) => batch.forEach((item) => item.reject(error)))
      .finally(() => {
        busy = false;
        pump();
      });
  };

  return {
    save: (userId, key, answer, now) =>
      new Promise((resolve, reject) => {
        queue.push({ userId, key, answer, now, resolve, reject });
        if (!busy && queue.length === 1) setImmediate(pump);
      }),
  };
}

/** Deletes the answers that expired before `now`; returns how many. */
export async function sweepAnswers(db: Queryable, now: Date, ttlMs = IDEMPOTENCY_TTL_MS): Promise<number> {
  const result = await db.query('DELETE FROM intake.idempotency WHERE created_at <= $1', [
    new Date(now.getTime() - ttlMs),
  ]);
  return result.rowCount ?? 0;
}
