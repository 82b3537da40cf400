import { withTransaction, type Pool } from '@siks/pg';
import { ProblemError, type UserRole } from '@siks/service-kit';
import type { Config } from '../../config.ts';
import type { User } from '../../users/store.ts';
import type { UserChangeBy, UserLog } from '../../users/user-log.ts';
import { matchingStep, newTotpSecret, totpUri } from './codes.ts';
import { createSecretBox, type SecretBox } from './secret-box.ts';
import { acceptStep, activateTotp, findTotp, putPendingTotp, type StoredTotp } from './store.ts';

/** The roles that administer users (users/routes.ts): they may, and by setting must, use a second factor. */
export const TOTP_ROLES: readonly UserRole[] = ['admin_kabkota', 'admin_provinsi', 'pusdatin'];

export const totpProblem = (status: number, code: string, extensions?: Record<string, unknown>): ProblemError =>
  new ProblemError({
    status,
    code,
    ...(extensions ? { extensions, headers: { 'cache-control': 'no-store' } } : {}),
  });

/** What the second factor says about a login whose password was right. */
export type LoginFactor =
  | { outcome: 'passed' }
  | { outcome: 'enrolled' }
  /** Refused: counts as a failed attempt in the name's back-off. */
  | { outcome: 'refused'; problem: ProblemError };

export interface SecondFactor {
  /** Whether a key to seal secrets is configured. */
  readonly available: boolean;
  readonly requiredForAdmins: boolean;
  mayEnrol(role: UserRole): boolean;
  status(user: Pick<User, 'id' | 'role'>): Promise<{ active: boolean; required: boolean; allowed: boolean }>;
  /** A new pending secret (replacing an unconfirmed one): shown once, stored sealed. */
  enrol(user: Pick<User, 'id' | 'username'>, now: Date): Promise<{ secret: string; otpauthUri: string }>;
  /** Checks a code against the user's secret in `state` and takes its time step (a code works once). */
  useCode(userId: string, code: string | undefined, now: Date, state: StoredTotp['state']): Promise<boolean>;
  /** The second step of a login (after the password), including enrolment when required. */
  atLogin(user: User, code: string | undefined, now: Date): Promise<LoginFactor>;
}

export function createSecondFactor(config: Config, pool: Pool, log: UserLog): SecondFactor {
  const box: SecretBox | undefined = config.AUTH_TOTP_KEY
    ? createSecretBox(Buffer.from(config.AUTH_TOTP_KEY, 'base64'))
    : undefined;
  const requiredForAdmins = config.AUTH_REQUIRE_TOTP_FOR_ADMIN;
  if (requiredForAdmins && !box) throw new Error('AUTH_REQUIRE_TOTP_FOR_ADMIN needs AUTH_TOTP_KEY');
  const requireBox = (): SecretBox => {
    if (!box) throw totpProblem(503, 'totp_unavailable');
    return box;
  };
  const mayEnrol = (role: UserRole): boolean => TOTP_ROLES.includes(role);
  const required = (role: UserRole): boolean => requiredForAdmins && mayEnrol(role);

  const enrol: SecondFactor['enrol'] = async (user, now) => {
    const secret = newTotpSecret();
    const stored = await putPendingTotp(pool, user.id, requireBox().seal(user.id, secret), now);
    if (!stored) throw totpProblem(409, 'totp_already_active');
    return { secret, otpauthUri: totpUri(secret, user.username) };
  };

  const useCode: SecondFactor['useCode'] = async (userId, code, now, state) => {
    if (!code) return false;
    const stored = await findTotp(pool, userId);
    if (!stored || stored.state !== state) return false;
    const secret = requireBox().open(userId, stored.sealed);
    if (secret === undefined) throw totpProblem(503, 'totp_unavailable');
    const step = matchingStep(secret, code, now);
    return step !== undefined && (await acceptStep(pool, userId, step));
  };

  const loginBy = (user: User): UserChangeBy => ({
    actor: { userId: user.id, role: user.role, regionCode: user.regionCode },
    channel: 'operator',
  });

  return {
    available: box !== undefined,
    requiredForAdmins,
    mayEnrol,
    async status(user) {
      const stored = await findTotp(pool, user.id);
      return { active: stored?.state === 'active', required: required(user.role), allowed: mayEnrol(user.role) };
    },
    enrol,
    useCode,
    async atLogin(user, code, now) {
      const stored = await findTotp(pool, user.id);
      if (stored?.state === 'active') {
        if (!code) return { outcome: 'refused', problem: totpProblem(401, 'totp_required') };
        return (await useCode(user.id, code, now, 'active'))
          ? { outcome: 'passed' }
          : { outcome: 'refused', problem: totpProblem(401, 'totp_invalid') };
      }
      if (!required(user.role)) return { outcome: 'passed' };
      // Required but not enrolled: the right password earns a fresh secret (each try a new one, so
      // a second party who also knows the password cannot learn the one being set up), and the
      // next login with a code of it switches it on.
      if (!code || stored?.state !== 'pending') {
        return { outcome: 'refused', problem: totpProblem(401, 'totp_enrolment_required', await enrol(user, now)) };
      }
      if (!(await useCode(user.id, code, now, 'pending'))) {
        return { outcome: 'refused', problem: totpProblem(401, 'totp_invalid') };
      }
      await withTransaction(pool, async (client) => {
        if (await activateTotp(client, user.id, now))
          await log.record('UserTotpEnabled', { userId: user.id, via: 'login' }, loginBy(user));
      });
      return { outcome: 'enrolled' };
    },
  };
}
