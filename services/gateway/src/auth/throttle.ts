import type { Queryable } from '@siks/pg';

/** How failed logins slow down and then lock an account (per user name, existing or not). */
export interface ThrottlePolicy {
  /** Failures in a row that lock the name. */
  lockAfter: number;
  lockSeconds: number;
  /** Failures older than this (and no lock) are forgotten, seconds. */
  forgetAfterSeconds: number;
}

/**
 * How long to hold the answer to a failed login: nothing for the first two failures, then
 * 250 ms more per failure up to one second (a script pays, a person mistyping barely notices).
 */
export const failureDelayMs = (failures: number): number => (failures < 3 ? 0 : Math.min(250 * (failures - 2), 1000));

/** An attempt may go ahead (`attempt` = its number in the current run of failures) or the name is locked. */
export type AttemptStart = { locked: false; attempt: number } | { locked: true; retryAfter: number };

const secondsUntil = (until: Date, now: Date): number =>
  Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));

async function lock(db: Queryable, username: string, now: Date, policy: ThrottlePolicy): Promise<AttemptStart> {
  const { rows } = await db.query<{ locked_until: Date }>(
    `UPDATE gateway.login_failures
     SET locked_until = coalesce(locked_until, $2::timestamptz + make_interval(secs => $3))
     WHERE username = $1 RETURNING locked_until`,
    [username, now, policy.lockSeconds],
  );
  const until = rows[0]?.locked_until ?? new Date(now.getTime() + policy.lockSeconds * 1000);
  return { locked: true, retryAfter: secondsUntil(until, now) };
}

/**
 * Counts an attempt *before* the password is checked (one statement, so parallel guesses cannot
 * slip past the limit): a locked name is refused without counting; an expired lock or a run of
 * failures older than `forgetAfterSeconds` starts again at 1. A success calls `clearFailures`.
 */
export async function beginAttempt(
  db: Queryable,
  username: string,
  now: Date,
  policy: ThrottlePolicy,
): Promise<AttemptStart> {
  const { rows } = await db.query<{ failures: number }>(
    `INSERT INTO gateway.login_failures AS f (username, failures, last_failure_at) VALUES ($1, 1, $2)
     ON CONFLICT (username) DO UPDATE SET
       failures = CASE
         WHEN f.locked_until IS NOT NULL OR f.last_failure_at < $2::timestamptz - make_interval(secs => $3) THEN 1
         ELSE f.failures + 1 END,
       locked_until = NULL,
       last_failure_at = $2
     WHERE f.locked_until IS NULL OR f.locked_until <= $2
     RETURNING failures`,
    [username, now, policy.forgetAfterSeconds],
  );
  // Names nobody retried for a day are dropped, a few at a time (guessed names must not pile up).
  await db.query(
    `DELETE FROM gateway.login_failures WHERE username IN (
       SELECT username FROM gateway.login_failures WHERE last_failure_at < $1 AND username <> $2 LIMIT 100)`,
    [new Date(now.getTime() - 86_400_000), username],
  );
  const attempt = rows[0]?.failures;
  // No row: the update was refused because the name is locked. Beyond the limit: parallel guesses.
  if (attempt === undefined || attempt > policy.lockAfter) return lock(db, username, now, policy);
  return { locked: false, attempt };
}

/** After a wrong password: the tenth (`lockAfter`-th) failure locks the name. */
export async function failedAttempt(
  db: Queryable,
  username: string,
  attempt: number,
  now: Date,
  policy: ThrottlePolicy,
): Promise<AttemptStart | undefined> {
  return attempt >= policy.lockAfter ? lock(db, username, now, policy) : undefined;
}

export async function clearFailures(db: Queryable, username: string): Promise<void> {
  await db.query('DELETE FROM gateway.login_failures WHERE username = $1', [username]);
}
