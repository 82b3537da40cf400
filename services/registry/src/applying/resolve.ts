import type { DuplicateResolution } from '@siks/contracts';
import type { HouseholdCommand } from '../households/commands.ts';
import { RuleViolation } from '../households/errors.ts';
import { isHead } from '../households/state.ts';
import type { ActiveDuplicate } from './duplicates.ts';
import type { Target } from './plan.ts';

export interface ResolveContext {
  proposalId: string;
  /** The proposal's village: its regency (first two segments) is the approver's scope. */
  regionCode: string;
  /** The approval's date (WIB), the date of a deactivation it causes. */
  approvedOn: string;
}

const regencyOf = (regionCode: string): string => regionCode.split('.').slice(0, 2).join('.');

/**
 * The changes to other households that let an approved proposal register people or a KK
 * already active there, before the proposal's own targets (pure; throws `RuleViolation`).
 *
 * A person is registered once: without a resolution any duplicate refuses the whole proposal
 * (`nik_active_elsewhere` when a person is, else `kk_active_elsewhere`); so does a duplicate
 * outside the proposal's regency (the approver may not touch it; that regency must act).
 * - `deactivate_other`: each other household is deactivated, reason `duplikat`.
 * - `move_members`: the duplicated members are removed from the other household (reason
 *   `duplikat`); that household is then deactivated (reason `duplikat`) when it is left without
 *   members, when its head is among them (no household without a head), or when its KK is the
 *   one registered (a KK is active once). Its other members stay with it.
 * Every change carries the resolution's reason (event metadata).
 */
export function resolutionTargets(
  duplicates: readonly ActiveDuplicate[],
  resolution: DuplicateResolution | undefined,
  context: ResolveContext,
): Target[] {
  if (duplicates.length === 0) return [];
  const rule = duplicates.some((duplicate) => duplicate.nikIndexes.length > 0)
    ? 'nik_active_elsewhere'
    : 'kk_active_elsewhere';
  if (resolution === undefined) throw new RuleViolation(rule);
  const regency = regencyOf(context.regionCode);
  if (duplicates.some((duplicate) => regencyOf(duplicate.state.doc.regionCode) !== regency))
    throw new RuleViolation(rule);
  const { proposalId, approvedOn } = context;
  return duplicates.flatMap(({ state, nikIndexes, kk }): Target[] => {
    const { householdId } = state;
    const regionCode = state.doc.regionCode;
    const target = (command: HouseholdCommand): Target => ({ householdId, command, reason: resolution.reason });
    const deactivate = target({
      type: 'DeactivateHousehold',
      proposalId,
      regionCode,
      reason: 'duplikat',
      date: approvedOn,
    });
    if (resolution.kind === 'deactivate_other') return [deactivate];
    const moving = new Set(nikIndexes);
    const moved = state.doc.members.filter((member) => moving.has(member.nikIndex));
    const left = state.doc.members.filter((member) => !moving.has(member.nikIndex));
    const targets: Target[] = [];
    if (moved.length > 0)
      targets.push(
        target({
          type: 'RemoveMembers',
          proposalId,
          regionCode,
          members: moved.map((member) => ({
            nikIndex: member.nikIndex,
            reason: 'duplikat',
            personal: member.personal,
          })),
        }),
      );
    if (kk || left.length === 0 || moved.some(isHead)) targets.push(deactivate);
    return targets;
  });
}
