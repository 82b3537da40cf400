import type { CheckOutcome, ProposalType } from '@siks/contracts';
import type { PersonFacts, ReferenceFacts } from './facts.ts';
import { sameName } from './names.ts';

type Finding =
  | 'match'
  | 'name_mismatch'
  | 'birth_date_mismatch'
  | 'recorded_deceased'
  | 'nik_replaced'
  | 'recorded_moved'
  | 'no_reference'
  | 'personal_data_unavailable';

/** Most serious first; the check's reason is the most serious finding. */
const SEVERITY: readonly Finding[] = [
  'recorded_deceased',
  'nik_replaced',
  'name_mismatch',
  'birth_date_mismatch',
  'recorded_moved',
  'personal_data_unavailable',
  'no_reference',
  'match',
];
const FAILS: ReadonlySet<Finding> = new Set([
  'recorded_deceased',
  'nik_replaced',
  'name_mismatch',
  'birth_date_mismatch',
]);
const WARNS: ReadonlySet<Finding> = new Set(['recorded_moved', 'personal_data_unavailable', 'no_reference']);

/**
 * `dukcapil_match` (*padan Dukcapil*): each person's NIK, name and birth date against the
 * population reference (adminduk extracts). The reference only holds what an extract named
 * (deaths, moves, NIK corrections), so a NIK it does not know is a warning, not a failure.
 * A member added to a household who is recorded as deceased, or who uses a NIK that was
 * replaced, fails; a member recorded as moved away warns unless they moved into this village.
 */
export function dukcapilCheck(
  proposalType: ProposalType,
  regionCode: string,
  people: readonly PersonFacts[],
  references: readonly ReferenceFacts[],
): CheckOutcome {
  const check = 'dukcapil_match';
  if (people.length === 0) return { check, result: 'pass', reason: 'not_applicable' };
  const findings = people.map((person) => ({
    path: person.path,
    finding: judgePerson(proposalType, regionCode, person, references),
  }));
  const worst = SEVERITY.find((finding) => findings.some((f) => f.finding === finding)) ?? 'match';
  const result = FAILS.has(worst) ? 'fail' : WARNS.has(worst) ? 'warn' : 'pass';
  const notable = findings.filter((f) => f.finding !== 'match').map((f) => `${f.path}:${f.finding}`);
  const matched = findings.filter((f) => f.finding === 'match').length;
  return {
    check,
    result,
    reason: worst,
    details: { matched, ...(notable.length > 0 ? { findings: notable } : {}) },
  };
}

function judgePerson(
  proposalType: ProposalType,
  regionCode: string,
  person: PersonFacts,
  references: readonly ReferenceFacts[],
): Finding {
  if (person.forgotten || person.name === undefined) return 'personal_data_unavailable';
  // The person uses a NIK that a correction introduced: the reference names them under it.
  const asNew = latest(references.filter((ref) => ref.newNikIndex === person.nikIndex));
  const asOld = latest(references.filter((ref) => ref.nikIndex === person.nikIndex));
  const reference = asOld ?? asNew;
  if (!reference) return 'no_reference';
  if (reference.forgotten || reference.name === undefined) return 'personal_data_unavailable';
  if (!sameName(reference.name, person.name)) return 'name_mismatch';
  if (reference.birthDate !== undefined && person.birthDate !== undefined && reference.birthDate !== person.birthDate)
    return 'birth_date_mismatch';
  if (reference === asNew) return 'match';
  const joining = person.role === 'member' && proposalType !== 'deactivate' && proposalType !== 'remove_member';
  switch (reference.event) {
    case 'meninggal':
      return joining ? 'recorded_deceased' : 'match';
    case 'koreksi_nik':
      return 'nik_replaced';
    case 'pindah':
      return joining && reference.destinationRegionCode !== regionCode ? 'recorded_moved' : 'match';
    default: {
      const unreachable: never = reference.event;
      return unreachable;
    }
  }
}

/** The most recent reference line (by event date, then input order). */
function latest(references: readonly ReferenceFacts[]): ReferenceFacts | undefined {
  let best: ReferenceFacts | undefined;
  for (const ref of references) if (!best || ref.eventDate >= best.eventDate) best = ref;
  return best;
}
