import { uuidv7 } from '@siks/contracts';
import { withTransaction, type Pool } from '@siks/pg';
import { ProblemError, scopeFitsRole, UserRole, ValidationProblem, type FieldIssue } from '@siks/service-kit';
import type { Regions } from '@siks/wilayah';
import { z } from 'zod';
import { generatePassword, hashPassword, MIN_PASSWORD_LENGTH, type ScryptParams } from '../auth/password.ts';
import { insertUser, type User } from './store.ts';
import type { UserChangeBy, UserLog } from './user-log.ts';

/** User names: lower-case letters, digits, `.`, `_`, `-` (e.g. `operator.praya`). */
export const USERNAME = /^[a-z0-9][a-z0-9._-]{2,63}$/;

/** A user to create, as the admin API and `pnpm siks users add` take it. */
export const NewUser = z.strictObject({
  username: z.string().trim().toLowerCase().regex(USERNAME, 'username_format'),
  name: z.string().trim().min(1).max(100),
  role: UserRole,
  regionCode: z.string().trim().max(13),
  /** Omitted: a random one is generated and returned once. */
  password: z.string().min(MIN_PASSWORD_LENGTH).max(200).optional(),
  /** Why (recorded in the event log with who did it). */
  reason: z.string().trim().min(1).max(500).optional(),
});
export type NewUser = z.output<typeof NewUser>;

export interface AddUserDeps {
  db: Pool;
  /** Where the creation is recorded; it commits only once the event is appended. */
  log: UserLog;
  regions: () => Promise<Regions>;
  now: () => Date;
  scrypt?: ScryptParams;
}

/**
 * Creates a user (and records `UserCreated` with who and why) after checking that the scope fits the role and the region exists. Returns the
 * generated password when none was given (shown once, never stored in clear).
 */
export async function addUser(
  deps: AddUserDeps,
  input: NewUser,
  by: UserChangeBy,
): Promise<{ user: User; generatedPassword?: string }> {
  const issues: FieldIssue[] = [];
  if (!scopeFitsRole(input.role, input.regionCode)) {
    issues.push({ path: 'regionCode', code: 'invalid', message: 'scope_role_mismatch' });
  } else if (input.regionCode !== '' && !(await deps.regions()).exists(input.regionCode)) {
    issues.push({ path: 'regionCode', code: 'invalid', message: 'unknown_region' });
  }
  if (issues.length > 0) throw new ValidationProblem(issues);
  const generatedPassword = input.password === undefined ? generatePassword() : undefined;
  const passwordHash = await hashPassword(input.password ?? generatedPassword ?? '', deps.scrypt);
  const now = deps.now();
  // The row commits only after its event is in the log: a failed append leaves no user behind.
  const user = await withTransaction(deps.db, async (client) => {
    const inserted = await insertUser(client, {
      id: uuidv7(now.getTime()),
      username: input.username,
      name: input.name,
      role: input.role,
      regionCode: input.regionCode,
      passwordHash,
      createdBy: by.actor.role === 'system' ? undefined : by.actor.userId,
      now,
    });
    if (inserted) {
      const data = {
        userId: inserted.id,
        role: inserted.role,
        regionCode: inserted.regionCode,
        demo: false,
        passwordGenerated: generatedPassword !== undefined,
      };
      await deps.log.record('UserCreated', data, { ...by, reason: by.reason ?? input.reason });
    }
    return inserted;
  });
  if (!user) throw new ProblemError({ status: 409, code: 'username_taken' });
  return generatedPassword === undefined ? { user } : { user, generatedPassword };
}

/** A user as the API shows it (no hash, no demo flag). */
export const publicUser = (user: User) => ({
  id: user.id,
  username: user.username,
  name: user.name,
  role: user.role,
  regionCode: user.regionCode,
  createdAt: user.createdAt.toISOString(),
  disabled: user.disabledAt !== null,
});
