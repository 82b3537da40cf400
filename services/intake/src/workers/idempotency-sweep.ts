import type { Queryable } from '@siks/pg';
import { IDEMPOTENCY_TTL_MS, sweepAnswers } from '../proposals/idempotency.ts';

/** Deletes expired `Idempotency-Key` answers (older than `ttlMs`, 24 h by default); returns how many. */
export function sweepIdempotencyKeys(pool: Queryable, clock: () => Date, ttlMs = IDEMPOTENCY_TTL_MS): Promise<number> {
  return sweepAnswers(pool, clock(), ttlMs);
}
