import type { FieldChange, HouseholdEvent } from '@siks/contracts';
import type { HouseholdCommand } from './commands.ts';
import { RuleViolation } from './errors.ts';
import { diff } from './paths.ts';
import { docOf, isHead, type HouseholdState } from './state.ts';

/**
 * The events a command produces on a household, or a `RuleViolation`. Pure. An empty list
 * means there is nothing to change (an update that restates the current data).
 */
export function decide(command: HouseholdCommand, state: HouseholdState | null): HouseholdEvent[] {
  if (command.type === 'RegisterHousehold') {
    if (state !== null) throw new RuleViolation('household_exists');
    const { householdId, proposalId, household, splitFrom } = command;
    return [
      {
        type: 'HouseholdRegistered',
        data: {
          householdId,
          proposalId,
          regionCode: household.regionCode,
          household,
          ...(splitFrom !== undefined ? { splitFrom } : {}),
        },
      },
    ];
  }
  if (state === null) throw new RuleViolation('household_not_found');
  const { householdId } = state;
  const common = { householdId, proposalId: command.proposalId, regionCode: state.doc.regionCode };
  const sameRegion = (regionCode: string | undefined): void => {
    if (regionCode !== undefined && regionCode !== state.doc.regionCode) throw new RuleViolation('region_mismatch');
  };
  const active = (): void => {
    if (state.status !== 'active') throw new RuleViolation('household_inactive');
  };
  const present = new Set(state.doc.members.map((member) => member.nikIndex));

  switch (command.type) {
    case 'UpdateHousehold': {
      const changes = diff({ ...state.doc }, docOf(command.household)).map(withoutClearHealthOrIncome);
      if (changes.length === 0) return [];
      return [{ type: 'HouseholdUpdated', data: { ...common, regionCode: command.household.regionCode, changes } }];
    }
    case 'CorrectNiks': {
      const changes = command.corrections.flatMap((correction) => {
        if (!present.has(correction.oldNikIndex)) throw new RuleViolation('member_not_present');
        if (correction.newNikIndex !== correction.oldNikIndex && present.has(correction.newNikIndex)) {
          throw new RuleViolation('member_already_present');
        }
        const member = state.doc.members.find((m) => m.nikIndex === correction.oldNikIndex);
        return [
          {
            path: `members.${correction.oldNikIndex}.nikIndex`,
            from: correction.oldNikIndex,
            to: correction.newNikIndex,
          },
          {
            path: `members.${correction.newNikIndex}.nikCorrection`,
            ...(member?.nikCorrection ? { from: member.nikCorrection } : {}),
            to: correction.personal,
          },
        ];
      });
      return [{ type: 'HouseholdUpdated', data: { ...common, changes } }];
    }
    case 'AddMembers': {
      sameRegion(command.regionCode);
      active();
      let heads = state.doc.members.filter(isHead).length;
      const adding = new Set<string>();
      return command.members.map((member) => {
        if (present.has(member.nikIndex) || adding.has(member.nikIndex)) {
          throw new RuleViolation('member_already_present');
        }
        adding.add(member.nikIndex);
        if (isHead(member) && ++heads > 1) throw new RuleViolation('second_head');
        return { type: 'MemberAdded', data: { ...common, member } };
      });
    }
    case 'RemoveMembers': {
      sameRegion(command.regionCode);
      active();
      const removing = new Set<string>();
      return command.members.map(({ nikIndex, reason, effectiveDate, personal }) => {
        if (!present.has(nikIndex) || removing.has(nikIndex)) throw new RuleViolation('member_not_present');
        removing.add(nikIndex);
        return {
          type: 'MemberRemoved',
          data: { ...common, nikIndex, reason, ...(effectiveDate !== undefined ? { effectiveDate } : {}), personal },
        };
      });
    }
    case 'DeactivateHousehold': {
      sameRegion(command.regionCode);
      if (state.status === 'inactive') throw new RuleViolation('already_inactive');
      const { reason, date, person, personal } = command;
      return [
        {
          type: 'HouseholdDeactivated',
          data: {
            ...common,
            reason,
            date,
            ...(person !== undefined ? { person } : {}),
            ...(personal !== undefined ? { personal } : {}),
          },
        },
      ];
    }
    case 'ReactivateHousehold':
      sameRegion(command.regionCode);
      if (state.status === 'active') throw new RuleViolation('already_active');
      return [{ type: 'HouseholdReactivated', data: { ...common, personal: command.personal } }];
    case 'SplitHousehold': {
      active();
      const movedMembers = command.household.members
        .map((member) => member.nikIndex)
        .filter((nikIndex) => present.has(nikIndex));
      if (movedMembers.length === 0) throw new RuleViolation('no_members_moved');
      return [{ type: 'HouseholdSplit', data: { ...common, newHouseholdId: command.newHouseholdId, movedMembers } }];
    }
    default: {
      const unreachable: never = command;
      throw new Error(`decide: unknown command ${JSON.stringify(unreachable)}`);
    }
  }
}

/** Clear keys that newer records keep only inside sealed blocks (see `MemberPersonal`, `HouseholdPersonal`). */
const SEALED_NOW = new Set(['disability', 'incomeBand']);

const stripSealedNow = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(stripSealedNow);
  if (typeof value !== 'object' || value === null || '$sealed' in value) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !SEALED_NOW.has(key))
      .map(([key, inner]) => [key, stripSealedNow(inner)]),
  );
};

/**
 * A household registered from an older proposal keeps `disability` and the income band in
 * clear; when a newer (sealed) record replaces them, the change must not copy the old clear
 * value into a new event as its `from`. `to` is what the record says (clear only in old records).
 */
function withoutClearHealthOrIncome(change: FieldChange): FieldChange {
  if (change.from === undefined) return change;
  const last = change.path.split('.').at(-1) ?? '';
  if (SEALED_NOW.has(last)) {
    const { from: _from, ...rest } = change;
    return rest;
  }
  return { ...change, from: stripSealedNow(change.from) as FieldChange['from'] };
}
