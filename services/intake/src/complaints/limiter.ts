import type { Queryable } from '@siks/pg';
import { ProblemError } from '@siks/service-kit';

export interface WindowLimiter {
  /** Counts one attempt of `client`; throws 429 once it is over the limit for the window. */
  take(client: string): Promise<void>;
}

export interface WindowLimiterOptions {
  db: Queryable;
  limit: number;
  windowMs: number;
  now: () => number;
  /**
   * What is stored for a client address: a keyed hash (the keyring's blind index), so the
   * table never holds an address in clear.
   */
  clientKey: (client: string) => string;
}

const TAKE_SQL = `INSERT INTO intake.complaint_attempts (client_key, window_start, attempts) VALUES ($1, $2, 1)
  ON CONFLICT (client_key, window_start) DO UPDATE SET attempts = intake.complaint_attempts.attempts + 1
  RETURNING attempts`;

/**
 * A fixed-window limit per client address, stricter than the service-wide one: for the public
 * complaint form (no token), so one address cannot flood village queues. Counted in
 * PostgreSQL (one upsert per attempt), so every intake process shares the same count.
 */
export function createWindowLimiter(options: WindowLimiterOptions): WindowLimiter {
  return {
    async take(client) {
      if (options.limit <= 0) return;
      const time = options.now();
      const windowStart = time - (time % options.windowMs);
      const { rows } = await options.db.query<{ attempts: number }>(TAKE_SQL, [
        options.clientKey(client),
        new Date(windowStart),
      ]);
      if ((rows[0]?.attempts ?? 0) > options.limit) {
        const retryAfter = Math.max(1, Math.ceil((windowStart + options.windowMs - time) / 1000));
        throw new ProblemError({
          status: 429,
          code: 'complaints_rate_limited',
          params: { retryAfter },
          headers: { 'retry-after': String(retryAfter) },
        });
      }
    },
  };
}

/** Deletes the counts of windows that ended before `now`; returns how many rows went. */
export async function sweepComplaintAttempts(db: Queryable, now: Date, windowMs: number): Promise<number> {
  const { rowCount } = await db.query(`DELETE FROM intake.complaint_attempts WHERE window_start < $1`, [
    new Date(now.getTime() - windowMs),
  ]);
  return rowCount ?? 0;
}
