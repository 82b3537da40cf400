import type { CheckOutcome } from '@siks/contracts';
import type { ConflictFacts } from './facts.ts';

/**
 * `conflicting_proposal`: another pending proposal is about the same registry household, or
 * about the same person (two deactivations of one NIK), so deciding one may undo the other.
 */
export function conflictCheck(conflicts: readonly ConflictFacts[]): CheckOutcome {
  const check = 'conflicting_proposal';
  if (conflicts.length === 0) return { check, result: 'pass', reason: 'none' };
  const onHousehold = conflicts.some((conflict) => conflict.on === 'household');
  return {
    check,
    result: 'fail',
    reason: onHousehold ? 'pending_on_same_household' : 'pending_on_same_person',
    details: {
      proposals: new Set(conflicts.map((conflict) => conflict.proposalId)).size,
      regions: [...new Set(conflicts.map((conflict) => conflict.regionCode))].sort(),
    },
  };
}
