import { withTransaction, type Pool } from '@siks/pg';
import { disableUser, setPasswordHash, type User } from './store.ts';
import type { UserChangeBy, UserLog } from './user-log.ts';

/**
 * Disables a user, ends their sessions and records `UserDisabled` (once: disabling a disabled
 * user changes nothing and records nothing). Commits only after the event is appended.
 */
export async function disableAndRecord(
  pool: Pool,
  log: UserLog,
  user: User,
  now: Date,
  by: UserChangeBy,
): Promise<User | undefined> {
  return withTransaction(pool, async (client) => {
    const disabled = await disableUser(client, user.id, now);
    if (user.disabledAt === null && disabled) await log.record('UserDisabled', { userId: user.id }, by);
    return disabled;
  });
}

/**
 * Sets a password hash and records who did it: `UserPasswordChanged` when the user changed their
 * own, `UserPasswordReset` when someone else (an admin, the demo seed) set it. The event names
 * the user only; the hash stays in the user store. `alsoInTransaction` runs before the append
 * (e.g. ending the user's other sessions).
 */
export async function setPasswordAndRecord(
  pool: Pool,
  log: UserLog,
  userId: string,
  passwordHash: string,
  by: UserChangeBy,
  alsoInTransaction?: (client: Parameters<typeof setPasswordHash>[0]) => Promise<void>,
): Promise<void> {
  await withTransaction(pool, async (client) => {
    await setPasswordHash(client, userId, passwordHash);
    await alsoInTransaction?.(client);
    const own = by.actor.userId === userId;
    await log.record(own ? 'UserPasswordChanged' : 'UserPasswordReset', { userId }, by);
  });
}
