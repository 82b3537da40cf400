import type { CheckOutcome, ProposalType } from '@siks/contracts';
import { validateKk, validateNik } from '@siks/wilayah';
import type { KkFacts, PersonFacts } from './facts.ts';

const HOUSEHOLD_TYPES: ReadonlySet<ProposalType> = new Set(['new_household', 'split_household', 'update']);

/**
 * `identity` (DOMAIN.md "Identity rules"): every NIK well-formed and consistent with the
 * member's declared sex and birth date, the KK number well-formed, exactly one head of
 * household, no NIK twice. Findings are `<path>:<code>` (codes of `@siks/wilayah`).
 * `today` (`YYYY-MM-DD`) resolves two-digit years. A deactivation must name a household the
 * checks could find in the proposal's own village (`targetHouseholdId`): otherwise it fails with
 * `target_not_found`, whether the person is registered elsewhere or nowhere (nothing leaks).
 */
export function identityCheck(
  proposalType: ProposalType,
  people: readonly PersonFacts[],
  kk: KkFacts | undefined,
  today: string,
  targetHouseholdId?: string,
): CheckOutcome {
  const check = 'identity';
  if (proposalType === 'deactivate' && targetHouseholdId === undefined)
    return { check, result: 'fail', reason: 'target_not_found' };
  if (people.length === 0 && !kk) return { check, result: 'pass', reason: 'not_applicable' };
  const findings: string[] = [];
  let forgotten = 0;
  for (const person of people) {
    if (person.forgotten || person.nik === undefined) {
      forgotten += 1;
      continue;
    }
    const declared = person.role === 'member' ? person : undefined;
    const result = validateNik(person.nik, {
      today,
      ...(declared?.sex !== undefined ? { sex: declared.sex } : {}),
      ...(declared?.birthDate !== undefined ? { birthDate: declared.birthDate } : {}),
    });
    for (const issue of result.errors) findings.push(`${person.path}:${issue.code}`);
  }
  if (kk?.number !== undefined) {
    for (const issue of validateKk(kk.number, { today }).errors) findings.push(`${kk.path}:${issue.code}`);
  } else if (kk?.forgotten) {
    forgotten += 1;
  }

  const members = people.filter((person) => person.role === 'member');
  const seen = new Set<string>();
  for (const member of members) {
    if (seen.has(member.nikIndex)) findings.push(`${member.path}:nik.duplicate_in_proposal`);
    seen.add(member.nikIndex);
  }
  if (HOUSEHOLD_TYPES.has(proposalType) && members.length > 0) {
    const heads = members.filter((member) => member.relationship === 'kepala_keluarga').length;
    if (heads !== 1) findings.push(`household.members:head_count`);
  }

  if (findings.length > 0) return { check, result: 'fail', reason: 'invalid', details: { findings } };
  if (forgotten > 0)
    return { check, result: 'warn', reason: 'personal_data_unavailable', details: { count: forgotten } };
  return { check, result: 'pass', reason: 'valid' };
}
