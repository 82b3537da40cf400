import type { DuplicateResolution } from '@siks/contracts';
import { describe, expect, it } from 'vitest';
import { decide } from '../households/decide.ts';
import { RuleViolation } from '../households/errors.ts';
import { evolve, fold } from '../households/evolve.ts';
import type { HouseholdState } from '../households/state.ts';
import { HOUSEHOLD, householdRecord, idx, PROPOSAL } from '../households/test-data.ts';
import { claimsOf, type ActiveDuplicate } from './duplicates.ts';
import { newHouseholdId, type Target } from './plan.ts';
import { resolutionTargets } from './resolve.ts';

const OTHER = '0190a1b2-0000-7000-8000-000000000009';
const context = { proposalId: PROPOSAL, regionCode: '52.02.01.2001', approvedOn: '2025-06-30' };
const deactivate: DuplicateResolution = { kind: 'deactivate_other', reason: 'KK lama sudah tidak berlaku' };
const move: DuplicateResolution = { kind: 'move_members', reason: 'anggota pindah ke KK yang baru' };

/** A registered household (members 1 = head, 2, 3), optionally in another village. */
function other(regionCode = '52.02.02.2002'): HouseholdState {
  return fold([
    {
      type: 'HouseholdRegistered',
      data: {
        householdId: OTHER,
        proposalId: PROPOSAL,
        regionCode,
        household: householdRecord([1, 2, 3], { regionCode, kkIndex: idx(901) }),
      },
    },
  ])!;
}
const duplicate = (nikIndexes: number[], kk = false, state = other()): ActiveDuplicate => ({
  state,
  nikIndexes: nikIndexes.map(idx),
  kk,
});
const ruleOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (error) {
    if (error instanceof RuleViolation) return error.code;
    throw error;
  }
  return undefined;
};
/** The other household after the resolution's commands, decided and folded as the registry would. */
function after(targets: Target[], start: HouseholdState): HouseholdState {
  let state: HouseholdState | null = start;
  for (const { command } of targets) for (const event of decide(command, state)) state = evolve(state, event);
  return state!;
}

describe('resolutionTargets', () => {
  it('changes nothing when there is no duplicate', () => {
    expect(resolutionTargets([], undefined, context)).toEqual([]);
  });

  it('refuses a person or a KK active in another household without a resolution', () => {
    expect(ruleOf(() => resolutionTargets([duplicate([2])], undefined, context))).toBe('nik_active_elsewhere');
    expect(ruleOf(() => resolutionTargets([duplicate([], true)], undefined, context))).toBe('kk_active_elsewhere');
    expect(ruleOf(() => resolutionTargets([duplicate([], true), duplicate([2])], undefined, context))).toBe(
      'nik_active_elsewhere',
    );
  });

  it('refuses, even resolved, a duplicate outside the proposal’s regency', () => {
    const elsewhere = duplicate([2], false, other('52.03.01.2001'));
    expect(ruleOf(() => resolutionTargets([elsewhere], deactivate, context))).toBe('nik_active_elsewhere');
    expect(ruleOf(() => resolutionTargets([duplicate([2]), elsewhere], move, context))).toBe('nik_active_elsewhere');
  });

  it('deactivate_other: deactivates the other household (duplikat) with the resolution’s reason', () => {
    const targets = resolutionTargets([duplicate([2])], deactivate, context);
    expect(targets).toEqual([
      {
        householdId: OTHER,
        reason: deactivate.reason,
        command: {
          type: 'DeactivateHousehold',
          proposalId: PROPOSAL,
          regionCode: '52.02.02.2002',
          reason: 'duplikat',
          date: '2025-06-30',
        },
      },
    ]);
    expect(after(targets, other())).toMatchObject({ status: 'inactive', deactivation: { reason: 'duplikat' } });
  });

  it('move_members: removes the duplicated members and keeps the household when its head stays', () => {
    const targets = resolutionTargets([duplicate([2])], move, context);
    expect(targets.map((target) => target.command.type)).toEqual(['RemoveMembers']);
    expect(targets[0]?.command).toMatchObject({ members: [{ nikIndex: idx(2), reason: 'duplikat' }] });
    const state = after(targets, other());
    expect(state.status).toBe('active');
    expect(state.doc.members.map((member) => member.nikIndex)).toEqual([idx(1), idx(3)]);
  });

  it('move_members: deactivates a household left without its head, without members, or holding the KK', () => {
    for (const [moved, kk] of [
      [[1], false],
      [[1, 2, 3], false],
      [[2], true],
    ] as const) {
      const targets = resolutionTargets([duplicate([...moved], kk)], move, context);
      expect(targets.map((target) => target.command.type)).toEqual(['RemoveMembers', 'DeactivateHousehold']);
      expect(after(targets, other())).toMatchObject({ status: 'inactive', deactivation: { reason: 'duplikat' } });
    }
    const kkOnly = resolutionTargets([duplicate([], true)], move, context);
    expect(kkOnly.map((target) => target.command.type)).toEqual(['DeactivateHousehold']);
  });
});

describe('claimsOf', () => {
  it('claims the NIKs and KK a plan registers or adds; the households it works on are its own', () => {
    const created = newHouseholdId(PROPOSAL);
    const claims = claimsOf([
      {
        householdId: created,
        command: {
          type: 'RegisterHousehold',
          householdId: created,
          proposalId: PROPOSAL,
          household: householdRecord([4]),
          splitFrom: HOUSEHOLD,
        },
      },
      {
        householdId: HOUSEHOLD,
        command: {
          type: 'SplitHousehold',
          proposalId: PROPOSAL,
          newHouseholdId: created,
          household: householdRecord([4]),
        },
      },
    ]);
    expect([...claims.nikIndexes]).toEqual([idx(4)]);
    expect([...claims.kkIndexes]).toEqual([idx(900)]);
    expect([...claims.own].sort()).toEqual([created, HOUSEHOLD].sort());
    const removal = claimsOf([
      {
        householdId: HOUSEHOLD,
        command: { type: 'RemoveMembers', proposalId: PROPOSAL, regionCode: '52.02.01.2001', members: [] },
      },
    ]);
    expect(removal.nikIndexes.size + removal.kkIndexes.size).toBe(0);
  });
});
