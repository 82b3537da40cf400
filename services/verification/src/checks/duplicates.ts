import type { CheckOutcome } from '@siks/contracts';
import type { ActiveHouseholdMatch, KkFacts, PendingProposalMatch, PersonFacts } from './facts.ts';

const distinctSorted = (values: Iterable<string>): string[] => [...new Set(values)].sort();

/**
 * `duplicate_nik` (DOMAIN.md: "a NIK active in another household is a duplicate finding"): a
 * member the proposal adds is active in another registry household, or is a member in another
 * pending proposal — in any village of any regency. The household the proposal is about does
 * not count (a split or an update names its own members). `regions` lists the other villages.
 */
export function duplicateNikCheck(
  people: readonly PersonFacts[],
  targetHouseholdId: string | undefined,
  active: readonly ActiveHouseholdMatch[],
  pending: readonly PendingProposalMatch[],
): CheckOutcome {
  const check = 'duplicate_nik';
  const members = people.filter((person) => person.role === 'member');
  if (members.length === 0) return { check, result: 'pass', reason: 'not_applicable' };
  const pathOf = new Map(members.map((member) => [member.nikIndex, member.path]));
  const activeElsewhere = active.filter(
    (match) => match.nikIndex !== undefined && pathOf.has(match.nikIndex) && match.householdId !== targetHouseholdId,
  );
  const pendingElsewhere = pending.filter((match) => match.nikIndex !== undefined && pathOf.has(match.nikIndex));
  return duplicateOutcome(check, activeElsewhere, pendingElsewhere, (match) => pathOf.get(match.nikIndex ?? ''));
}

/** `duplicate_kk`: the household's KK number is active in another household or in another pending proposal. */
export function duplicateKkCheck(
  kk: KkFacts | undefined,
  targetHouseholdId: string | undefined,
  active: readonly ActiveHouseholdMatch[],
  pending: readonly PendingProposalMatch[],
): CheckOutcome {
  const check = 'duplicate_kk';
  if (!kk) return { check, result: 'pass', reason: 'not_applicable' };
  const activeElsewhere = active.filter((match) => match.householdId !== targetHouseholdId);
  const pendingElsewhere = pending.filter(
    (match) => targetHouseholdId === undefined || match.householdId !== targetHouseholdId,
  );
  return duplicateOutcome(check, activeElsewhere, pendingElsewhere, () => kk.path);
}

function duplicateOutcome(
  check: 'duplicate_nik' | 'duplicate_kk',
  active: readonly { regionCode: string; nikIndex?: string | undefined }[],
  pending: readonly { regionCode: string; nikIndex?: string | undefined }[],
  pathOf: (match: { nikIndex?: string | undefined }) => string | undefined,
): CheckOutcome {
  if (active.length === 0 && pending.length === 0) return { check, result: 'pass', reason: 'unique' };
  const all = [...active, ...pending];
  const details = {
    paths: distinctSorted(all.map(pathOf).filter((path): path is string => path !== undefined)),
    regions: distinctSorted(all.map((match) => match.regionCode)),
    activeHouseholds: active.length,
    pendingProposals: pending.length,
  };
  return {
    check,
    result: 'fail',
    reason: active.length > 0 ? 'active_in_other_household' : 'in_other_pending_proposal',
    details,
  };
}
