import { deterministicId, type ContentRecord } from '@siks/contracts';
import type { HouseholdCommand, NikCorrection } from '../households/commands.ts';
import { RuleViolation } from '../households/errors.ts';
import type { TargetLookups } from './lookups.ts';

/** One household an approved proposal changes, and how. */
export interface Target {
  householdId: string;
  command: HouseholdCommand;
  /** The event metadata's reason, when it is not the approval's (a duplicate resolution's). */
  reason?: string;
}

/** The id of the household a `new_household` or `split_household` proposal creates. */
export const newHouseholdId = (proposalId: string): string => deterministicId(proposalId, 'household');

export interface PlanContext {
  proposalId: string;
  content: ContentRecord;
  /** The approval's date (`YYYY-MM-DD`), for a deactivation without an effective date. */
  approvedOn: string;
  lookups: TargetLookups;
}

/**
 * The households an approved proposal changes, in the order to apply them (for a split: the
 * new household first, then the one it leaves). Throws `RuleViolation` when a target cannot be
 * found.
 */
export async function planTargets({ proposalId, content, approvedOn, lookups }: PlanContext): Promise<Target[]> {
  switch (content.type) {
    case 'new_household': {
      const householdId = newHouseholdId(proposalId);
      return [
        { householdId, command: { type: 'RegisterHousehold', householdId, proposalId, household: content.household } },
      ];
    }
    case 'split_household': {
      const householdId = newHouseholdId(proposalId);
      return [
        {
          householdId,
          command: {
            type: 'RegisterHousehold',
            householdId,
            proposalId,
            household: content.household,
            splitFrom: content.householdId,
          },
        },
        {
          householdId: content.householdId,
          command: { type: 'SplitHousehold', proposalId, newHouseholdId: householdId, household: content.household },
        },
      ];
    }
    case 'update': {
      const targets: Target[] = [];
      if (content.household !== undefined && content.householdId !== undefined) {
        targets.push({
          householdId: content.householdId,
          command: { type: 'UpdateHousehold', proposalId, household: content.household },
        });
      }
      if (content.nikCorrections !== undefined) {
        const byHousehold = new Map<string, NikCorrection[]>();
        for (const correction of content.nikCorrections) {
          const householdId = content.householdId ?? (await lookups.byNik(correction.oldNikIndex, content.regionCode));
          if (householdId === undefined) throw new RuleViolation('household_not_found');
          byHousehold.set(householdId, [...(byHousehold.get(householdId) ?? []), correction]);
        }
        for (const [householdId, corrections] of byHousehold) {
          targets.push({ householdId, command: { type: 'CorrectNiks', proposalId, corrections } });
        }
      }
      return targets;
    }
    case 'add_member':
      return [
        {
          householdId: content.householdId,
          command: { type: 'AddMembers', proposalId, regionCode: content.regionCode, members: content.members },
        },
      ];
    case 'remove_member':
      return [
        {
          householdId: content.householdId,
          command: { type: 'RemoveMembers', proposalId, regionCode: content.regionCode, members: content.members },
        },
      ];
    case 'deactivate': {
      const named = content.householdId;
      const householdId =
        named ??
        (content.person ? await lookups.byNik(content.person.nikIndex, content.regionCode) : undefined) ??
        (content.kkIndex ? await lookups.byKk(content.kkIndex, content.regionCode) : undefined);
      if (householdId === undefined) throw new RuleViolation('household_not_found');
      return [
        {
          householdId,
          command: {
            type: 'DeactivateHousehold',
            proposalId,
            // Named or found (within the proposal's village), the household must lie in that village.
            regionCode: content.regionCode,
            reason: content.reason,
            date: content.effectiveDate ?? approvedOn,
            ...(content.person ? { person: content.person } : {}),
            ...(content.personal ? { personal: content.personal } : {}),
          },
        },
      ];
    }
    case 'reactivate':
      return [
        {
          householdId: content.householdId,
          command: {
            type: 'ReactivateHousehold',
            proposalId,
            regionCode: content.regionCode,
            personal: content.personal,
          },
        },
      ];
    default: {
      const unreachable: never = content;
      throw new Error(`planTargets: unknown content ${JSON.stringify(unreachable)}`);
    }
  }
}

/** The calendar date of an instant in Western Indonesian Time (UTC+7), `YYYY-MM-DD`. */
export function dateInWib(instant: string): string {
  return new Date(Date.parse(instant) + 7 * 3600_000).toISOString().slice(0, 10);
}
