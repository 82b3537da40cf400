import type { HouseholdEvent } from '@siks/contracts';
import { describe, expect, it } from 'vitest';
import type { HouseholdCommand } from './commands.ts';
import { decide } from './decide.ts';
import { RuleViolation } from './errors.ts';
import { evolve, fold } from './evolve.ts';
import type { HouseholdState } from './state.ts';
import { HOUSEHOLD, householdRecord, idx, memberRecord, PROPOSAL, sealed } from './test-data.ts';

const NEW_HOUSEHOLD = '0190a1b2-0000-7000-8000-000000000002';
const REGION = '52.02.01.2001';

function run(
  commands: HouseholdCommand[],
  start: HouseholdState | null = null,
): { state: HouseholdState | null; events: HouseholdEvent[] } {
  let state = start;
  const events: HouseholdEvent[] = [];
  for (const command of commands) {
    for (const event of decide(command, state)) {
      events.push(event);
      state = evolve(state, event);
    }
  }
  return { state, events };
}

const register: HouseholdCommand = {
  type: 'RegisterHousehold',
  householdId: HOUSEHOLD,
  proposalId: PROPOSAL,
  household: householdRecord([1, 2, 3]),
};
const registered = (): HouseholdState => run([register]).state!;
const ruleOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (error) {
    if (error instanceof RuleViolation) return error.code;
    throw error;
  }
  return undefined;
};

describe('Household decide/evolve', () => {
  it('registers once', () => {
    const { state, events } = run([register]);
    expect(events.map((e) => e.type)).toEqual(['HouseholdRegistered']);
    expect(state).toMatchObject({ householdId: HOUSEHOLD, status: 'active', proposalIds: [PROPOSAL] });
    expect(ruleOf(() => decide(register, state))).toBe('household_exists');
  });

  it('refuses changes to a household that does not exist', () => {
    expect(
      ruleOf(() =>
        decide({ type: 'ReactivateHousehold', proposalId: PROPOSAL, regionCode: REGION, personal: sealed('n') }, null),
      ),
    ).toBe('household_not_found');
  });

  it('updates only what changed, and nothing for a restatement', () => {
    const state = registered();
    const same = decide(
      { type: 'UpdateHousehold', proposalId: PROPOSAL, household: householdRecord([1, 2, 3]) },
      state,
    );
    expect(same).toEqual([]);
    const moved = householdRecord([1, 2, 3], { regionCode: '52.02.01.2002' });
    const [event] = decide({ type: 'UpdateHousehold', proposalId: PROPOSAL, household: moved }, state);
    expect(event).toMatchObject({
      type: 'HouseholdUpdated',
      data: { regionCode: '52.02.01.2002', changes: [{ path: 'regionCode', from: REGION, to: '52.02.01.2002' }] },
    });
    expect(evolve(state, event!)?.doc.regionCode).toBe('52.02.01.2002');
  });

  it('does not copy an older record’s clear disability or income band into a new change', () => {
    const state = registered(); // registered from an older record: disability in clear
    const removed = { ...state.doc.members[2]!, disability: 'mental' as const };
    const start: HouseholdState = {
      ...state,
      doc: { ...state.doc, members: [...state.doc.members.slice(0, 2), removed] },
    };
    // A newer record: the two values sealed in the blocks, so absent in clear; member 3 left.
    const newer = householdRecord([1, 2]);
    newer.members = newer.members.map(({ disability: _d, ...member }) => ({ ...member, personal: sealed('new') }));
    const [event] = decide({ type: 'UpdateHousehold', proposalId: PROPOSAL, household: newer }, start);
    if (event?.type !== 'HouseholdUpdated') throw new Error('expected an update');
    const json = JSON.stringify(event.data.changes);
    expect(json).not.toContain('"disability"');
    expect(json).not.toContain('mental');
    expect(event.data.changes).toContainEqual({ path: `members.${idx(1)}.disability` });
    // Applying the changes still gives the newer record.
    expect(evolve(start, event)?.doc.members).toEqual(newer.members);
  });

  it('adds and removes members with their rules', () => {
    const state = registered();
    const add = (n: number, relationship: 'anak' | 'kepala_keluarga' = 'anak'): HouseholdCommand => ({
      type: 'AddMembers',
      proposalId: PROPOSAL,
      regionCode: REGION,
      members: [memberRecord(n, { relationship })],
    });
    expect(ruleOf(() => decide(add(2), state))).toBe('member_already_present');
    expect(ruleOf(() => decide(add(4, 'kepala_keluarga'), state))).toBe('second_head');
    expect(ruleOf(() => decide({ ...add(4), regionCode: '52.02.01.2002' } as HouseholdCommand, state))).toBe(
      'region_mismatch',
    );
    const remove: HouseholdCommand = {
      type: 'RemoveMembers',
      proposalId: PROPOSAL,
      regionCode: REGION,
      members: [{ nikIndex: idx(2), reason: 'meninggal', personal: sealed('r') }],
    };
    const after = run([add(4), remove], state).state!;
    expect(after.doc.members.map((m) => m.nikIndex)).toEqual([idx(1), idx(3), idx(4)]);
    expect(ruleOf(() => decide(remove, after))).toBe('member_not_present');
  });

  it('deactivates and reactivates, each only from the other status', () => {
    const deactivate: HouseholdCommand = {
      type: 'DeactivateHousehold',
      proposalId: PROPOSAL,
      regionCode: '52.02.01.2001',
      reason: 'meninggal',
      date: '2025-06-01',
    };
    const reactivate: HouseholdCommand = {
      type: 'ReactivateHousehold',
      proposalId: PROPOSAL,
      regionCode: REGION,
      personal: sealed('note'),
    };
    const state = registered();
    expect(ruleOf(() => decide(reactivate, state))).toBe('already_active');
    const inactive = run([deactivate], state).state!;
    expect(inactive).toMatchObject({ status: 'inactive', deactivation: { reason: 'meninggal', date: '2025-06-01' } });
    expect(ruleOf(() => decide(deactivate, inactive))).toBe('already_inactive');
    expect(
      ruleOf(() =>
        decide({ type: 'AddMembers', proposalId: PROPOSAL, regionCode: REGION, members: [memberRecord(9)] }, inactive),
      ),
    ).toBe('household_inactive');
    const again = run([reactivate], inactive).state!;
    expect(again.status).toBe('active');
    expect(again).not.toHaveProperty('deactivation');
  });

  it('splits off the members that move; a split moving nobody is refused', () => {
    const state = registered();
    const split = (members: number[]): HouseholdCommand => ({
      type: 'SplitHousehold',
      proposalId: PROPOSAL,
      newHouseholdId: NEW_HOUSEHOLD,
      household: householdRecord(members),
    });
    const [event] = decide(split([3, 8]), state);
    expect(event).toEqual({
      type: 'HouseholdSplit',
      data: {
        householdId: HOUSEHOLD,
        proposalId: PROPOSAL,
        regionCode: REGION,
        newHouseholdId: NEW_HOUSEHOLD,
        movedMembers: [idx(3)],
      },
    });
    const after = evolve(state, event!)!;
    expect(after.doc.members.map((m) => m.nikIndex)).toEqual([idx(1), idx(2)]);
    expect(after.splits).toEqual([NEW_HOUSEHOLD]);
    expect(ruleOf(() => decide(split([8]), state))).toBe('no_members_moved');
  });

  it('corrects a NIK: the member keeps its place and data under the new index', () => {
    const state = registered();
    const correct: HouseholdCommand = {
      type: 'CorrectNiks',
      proposalId: PROPOSAL,
      corrections: [{ oldNikIndex: idx(2), newNikIndex: idx(20), personal: sealed('fix') }],
    };
    const after = run([correct], state).state!;
    expect(after.doc.members.map((m) => m.nikIndex)).toEqual([idx(1), idx(20), idx(3)]);
    expect(after.doc.members[1]?.nikCorrection).toEqual(sealed('fix'));
    expect(ruleOf(() => decide(correct, after))).toBe('member_not_present');
    const clash: HouseholdCommand = {
      type: 'CorrectNiks',
      proposalId: PROPOSAL,
      corrections: [{ oldNikIndex: idx(1), newNikIndex: idx(3), personal: sealed('x') }],
    };
    expect(ruleOf(() => decide(clash, state))).toBe('member_already_present');
  });

  it('folds a stream to the same state as evolving step by step', () => {
    const { state, events } = run([
      register,
      {
        type: 'DeactivateHousehold',
        proposalId: PROPOSAL,
        regionCode: '52.02.01.2001',
        reason: 'pindah',
        date: '2025-01-01',
      },
    ]);
    expect(fold(events)).toEqual(state);
  });
});
