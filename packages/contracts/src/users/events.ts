import { z } from 'zod';
import { RegionCode, Role } from '../metadata.ts';
import { Uuid } from '../proposals/fields.ts';

/**
 * User administration in the gateway's user store, recorded as events so that the audit log's
 * proofs cover who may do what (packages/eventstore/TRANSPARENCY.md). Stream `user-<user id>`;
 * the gateway appends, nothing consumes them yet. Who did it is the metadata `actor` (the
 * system for the command line and the demo seed), why is the metadata `reason`. Never a
 * password, a hash, a name or a user name: the name is personal data, and a user name often
 * holds one; the gateway's user store maps the id to them.
 */
export const UserCreatedData = z.strictObject({
  userId: Uuid,
  role: Role,
  /** The user's scope ('' national). */
  regionCode: RegionCode,
  /** A demo user of the embedded default (`pnpm start`). */
  demo: z.boolean(),
  /** Whether the password was generated (shown once) rather than chosen. */
  passwordGenerated: z.boolean(),
});

export const UserDisabledData = z.strictObject({ userId: Uuid });

/** The user changed their own password (their other sessions ended). */
export const UserPasswordChangedData = z.strictObject({ userId: Uuid });

/** Someone else set the user's password (an administrator, the demo seed). */
export const UserPasswordResetData = z.strictObject({ userId: Uuid });

/**
 * A second factor (TOTP) was switched on for the user after a valid code: by the user on their
 * account page (`confirm`) or while signing in when the deployment requires it (`login`). The
 * secret stays sealed in the gateway's store; the event names the user only.
 */
export const UserTotpEnabledData = z.strictObject({ userId: Uuid, via: z.enum(['confirm', 'login']) });

/** The user switched their second factor off, with a current code. */
export const UserTotpDisabledData = z.strictObject({ userId: Uuid });

/** An administrator removed another user's second factor (lost phone); they enrol again. */
export const UserTotpResetData = z.strictObject({ userId: Uuid });

export const UserEventSchemas = {
  UserCreated: { schemaVersion: 1, data: UserCreatedData },
  UserDisabled: { schemaVersion: 1, data: UserDisabledData },
  UserPasswordChanged: { schemaVersion: 1, data: UserPasswordChangedData },
  UserPasswordReset: { schemaVersion: 1, data: UserPasswordResetData },
  UserTotpEnabled: { schemaVersion: 1, data: UserTotpEnabledData },
  UserTotpDisabled: { schemaVersion: 1, data: UserTotpDisabledData },
  UserTotpReset: { schemaVersion: 1, data: UserTotpResetData },
} as const;
export type UserEventType = keyof typeof UserEventSchemas;

export const userStreamId = (userId: string): string => `user-${userId}`;
