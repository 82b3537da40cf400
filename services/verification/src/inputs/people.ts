import type { ContentRecord, HouseholdRecord, Relationship, Sealed, Sex } from '@siks/contracts';

/** A person a stored proposal names, before their personal fields are opened. */
export interface SealedPerson {
  path: string;
  nikIndex: string;
  role: 'member' | 'subject';
  personal: Sealed;
  sex?: Sex;
  relationship?: Relationship;
}

/**
 * The people of a proposal's stored content: `member`s are people it puts into a household
 * (new household, split, update with members, add member); `subject`s are people it is about
 * (removed members, the deceased or moved person, the new NIK of a correction).
 */
export function peopleOf(content: ContentRecord): SealedPerson[] {
  const members = (household: HouseholdRecord | undefined, prefix: string): SealedPerson[] =>
    (household?.members ?? []).map((member, index) => ({
      path: `${prefix}.${index}`,
      nikIndex: member.nikIndex,
      role: 'member',
      personal: member.personal,
      sex: member.sex,
      relationship: member.relationship,
    }));
  switch (content.type) {
    case 'new_household':
    case 'split_household':
      return members(content.household, 'household.members');
    case 'update':
      return [
        ...members(content.household, 'household.members'),
        ...(content.nikCorrections ?? []).map(
          (correction, index): SealedPerson => ({
            path: `nikCorrections.${index}`,
            nikIndex: correction.newNikIndex,
            role: 'subject',
            personal: correction.personal,
          }),
        ),
      ];
    case 'add_member':
      return content.members.map((member, index) => ({
        path: `members.${index}`,
        nikIndex: member.nikIndex,
        role: 'member',
        personal: member.personal,
        sex: member.sex,
        relationship: member.relationship,
      }));
    case 'remove_member':
      return content.members.map((member, index) => ({
        path: `members.${index}`,
        nikIndex: member.nikIndex,
        role: 'subject',
        personal: member.personal,
      }));
    case 'deactivate':
      return content.person
        ? [{ path: 'person', nikIndex: content.person.nikIndex, role: 'subject', personal: content.person.personal }]
        : [];
    case 'reactivate':
      return [];
    default: {
      const unreachable: never = content;
      return unreachable;
    }
  }
}

/** The household block a proposal states (new household, split, update with household data). */
export function householdOf(content: ContentRecord): HouseholdRecord | undefined {
  switch (content.type) {
    case 'new_household':
    case 'split_household':
      return content.household;
    case 'update':
      return content.household;
    default:
      return undefined;
  }
}

/** The registry household a proposal names explicitly. */
export function householdIdOf(content: ContentRecord): string | undefined {
  return content.type === 'new_household' ? undefined : content.householdId;
}
