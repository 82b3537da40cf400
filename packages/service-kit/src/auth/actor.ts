import { Role, RegionCode, type Actor } from '@siks/contracts';
import { z } from 'zod';
import { notFound } from '../errors/problem.ts';

/** Roles a person can hold (DESIGN.md §7); `system` is never in a user's token. */
export const UserRole = Role.exclude(['system']);
export type UserRole = z.infer<typeof UserRole>;

/** The caller of a request, from its verified access token. */
export interface AuthenticatedActor {
  userId: string;
  role: UserRole;
  /** Scope: `PP`, `PP.KK`, `PP.KK.CC.DDDD`, or '' for national. */
  regionCode: string;
  /** Display name (personal data: never log it). */
  name: string;
}

/** How many dot-separated levels each role's scope has (`null`: any level, '' included). */
const SCOPE_LEVELS: Readonly<Record<UserRole, readonly number[] | null>> = {
  operator_desa: [4],
  verifikator_kabkota: [2],
  admin_kabkota: [2],
  admin_provinsi: [1],
  pusdatin: [0],
  auditor: null,
};

const levelsOf = (code: string): number => (code === '' ? 0 : code.split('.').length);

/** Whether `regionCode` is a well-formed scope for `role` (a village for an operator, …). */
export function scopeFitsRole(role: UserRole, regionCode: string): boolean {
  if (!RegionCode.safeParse(regionCode).success) return false;
  const levels = SCOPE_LEVELS[role];
  return levels === null || levels.includes(levelsOf(regionCode));
}

/**
 * Whether `regionCode` lies within the actor's scope: the same region or one below it
 * (`52.02` covers `52.02.01.1001`, not `52.021…` nor `52`); national scope ('') covers all.
 */
export function inScope(actor: Pick<AuthenticatedActor, 'regionCode'>, regionCode: string): boolean {
  const scope = actor.regionCode;
  return scope === '' || regionCode === scope || regionCode.startsWith(`${scope}.`);
}

/** Throws 404 (not 403: nothing leaks) when `regionCode` is outside the actor's scope. */
export function assertInScope(actor: Pick<AuthenticatedActor, 'regionCode'>, regionCode: string): void {
  if (!inScope(actor, regionCode)) throw notFound();
}

/** The actor as recorded in event metadata (`@siks/contracts` `Actor`). */
export function toEventActor(actor: AuthenticatedActor): Actor {
  return { userId: actor.userId, role: actor.role, regionCode: actor.regionCode };
}
