import type { Queryable } from '@siks/pg';

/**
 * How failed logins slow a user name down (existing or not). Not a lockout: an attacker who
 * knows someone's user name can make them wait at most `maxWaitSeconds` before their next try,
 * never lock them out for long; a guesser gets one try per `maxWaitSeconds` once past the free
 * failures (with the per-address limit on top).
 */
export interface ThrottlePolicy {
  /** Failures in a row that cost no wait (mistypes). */
  freeFailures: number;
  /** Longest wait between two tries, seconds; the wait doubles from 1 s up to this. */
  maxWaitSeconds: number;
  /** A run of failures older than this (counted from the last one) is forgotten, seconds. */
  forgetAfterSeconds: number;
}

/** The policy the gateway's configuration sets (login, password change, TOTP codes share it). */
export const policyOf = (config: { LOGIN_BACKOFF_AFTER_FAILURES: number; LOGIN_BACKOFF_MAX_SECONDS: number }) => ({
  freeFailures: Math.max(1, config.LOGIN_BACKOFF_AFTER_FAILURES),
  maxWaitSeconds: Math.max(1, config.LOGIN_BACKOFF_MAX_SECONDS),
  forgetAfterSeconds: 3600,
});

/**
 * How long to hold the answer to a failed login: nothing for the first two failures, then
 * 250 ms more per failure up to one second (a script pays, a person mistyping barely notices).
 */
export const failureDelayMs = (failures: number): number => (failures < 3 ? 0 : Math.min(250 * (failures - 2), 1000));

/** The wait after attempt number `attempt` of a run, seconds (0 within the free failures). */
export const backoffSeconds = (attempt: number, policy: ThrottlePolicy): number =>
  attempt <= policy.freeFailures
    ? 0
    : Math.min(policy.maxWaitSeconds, 2 ** Math.min(30, attempt - policy.freeFailures - 1));

/** An attempt may go ahead (`attempt` = its number in the current run) or the name must wait. */
export type AttemptStart = { locked: false; attempt: number } | { locked: true; retryAfter: number };

const secondsUntil = (until: Date, now: Date): number =>
  Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));

/**
 * Counts an attempt *before* the password is checked, in one statement, so parallel guesses
 * cannot slip past: a name still waiting is refused without counting; otherwise the attempt
 * is counted and, past the free failures, already sets the next wait (`locked_until`), which
 * a correct password then lifts (`clearFailures`). A run older than `forgetAfterSeconds`
 * starts again at 1.
 */
export async function beginAttempt(
  db: Queryable,
  username: string,
  now: Date,
  policy: ThrottlePolicy,
): Promise<AttemptStart> {
  const attempt = `CASE WHEN f.last_failure_at < $2::timestamptz - make_interval(secs => $3) THEN 1
                        ELSE f.failures + 1 END`;
  const { rows } = await db.query<{ failures: number }>(
    `INSERT INTO gateway.login_failures AS f (username, failures, last_failure_at, locked_until)
     VALUES ($1, 1, $2, CASE WHEN 1 > $4 THEN $2::timestamptz + make_interval(secs => 1) END)
     ON CONFLICT (username) DO UPDATE SET
       failures = ${attempt},
       locked_until = CASE WHEN ${attempt} > $4
         THEN $2::timestamptz + make_interval(secs => least($5, power(2, least(30, ${attempt} - $4 - 1))))
         END,
       last_failure_at = $2
     WHERE f.locked_until IS NULL OR f.locked_until <= $2
     RETURNING failures`,
    [username, now, policy.forgetAfterSeconds, policy.freeFailures, policy.maxWaitSeconds],
  );
  // Names nobody retried for a day are dropped, a few at a time (guessed names must not pile up).
  await db.query(
    `DELETE FROM gateway.login_failures WHERE username IN (
       SELECT username FROM gateway.login_failures WHERE last_failure_at < $1 AND username <> $2 LIMIT 100)`,
    [new Date(now.getTime() - 86_400_000), username],
  );
  const counted = rows[0]?.failures;
  if (counted !== undefined) return { locked: false, attempt: counted };
  // No row: the update was refused because the name is still waiting.
  const waiting = await db.query<{ locked_until: Date | null }>(
    'SELECT locked_until FROM gateway.login_failures WHERE username = $1',
    [username],
  );
  const until = waiting.rows[0]?.locked_until ?? new Date(now.getTime() + 1000);
  return { locked: true, retryAfter: secondsUntil(until, now) };
}

export async function clearFailures(db: Queryable, username: string): Promise<void> {
  await db.query('DELETE FROM gateway.login_failures WHERE username = $1', [username]);
}
