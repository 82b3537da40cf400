import { describe, expect, it } from 'vitest';
import { RuleViolation } from '../households/errors.ts';
import { householdRecord, idx, PROPOSAL, sealed } from '../households/test-data.ts';
import type { TargetLookups } from './lookups.ts';
import { dateInWib, newHouseholdId, planTargets } from './plan.ts';

const SOURCE = '0190a1b2-0000-7000-8000-000000000003';
const FOUND = '0190a1b2-0000-7000-8000-000000000004';
const VILLAGE = '52.02.01.2001';
/** Lookups of one village's read model: only `VILLAGE` holds anything. */
const lookups = (byNik: Record<string, string> = {}, byKk: Record<string, string> = {}): TargetLookups => ({
  byNik: async (nikIndex, regionCode) => (regionCode === VILLAGE ? byNik[nikIndex] : undefined),
  byKk: async (kkIndex, regionCode) => (regionCode === VILLAGE ? byKk[kkIndex] : undefined),
});

describe('planTargets', () => {
  it('splits: registers the new household first, then leaves the old one', async () => {
    const targets = await planTargets({
      proposalId: PROPOSAL,
      content: { type: 'split_household', householdId: SOURCE, household: householdRecord([2]) },
      approvedOn: '2025-06-30',
      lookups: lookups(),
    });
    expect(targets.map((t) => [t.householdId, t.command.type])).toEqual([
      [newHouseholdId(PROPOSAL), 'RegisterHousehold'],
      [SOURCE, 'SplitHousehold'],
    ]);
  });

  it('finds a deactivation’s household by the person, else by KK, dated by the approval when undated', async () => {
    const [byPerson] = await planTargets({
      proposalId: PROPOSAL,
      content: {
        type: 'deactivate',
        regionCode: '52.02.01.2001',
        reason: 'meninggal',
        person: { nikIndex: idx(5), personal: sealed('p') },
      },
      approvedOn: '2025-06-30',
      lookups: lookups({ [idx(5)]: FOUND }),
    });
    expect(byPerson).toMatchObject({
      householdId: FOUND,
      command: { type: 'DeactivateHousehold', date: '2025-06-30' },
    });
    // The household must lie in the proposal's village (checked again when deciding).
    expect(byPerson?.command).toMatchObject({ regionCode: VILLAGE });
    const [byKk] = await planTargets({
      proposalId: PROPOSAL,
      content: {
        type: 'deactivate',
        regionCode: '52.02.01.2001',
        reason: 'pindah',
        kkIndex: idx(9),
        effectiveDate: '2025-05-01',
      },
      approvedOn: '2025-06-30',
      lookups: lookups({}, { [idx(9)]: FOUND }),
    });
    expect(byKk).toMatchObject({ householdId: FOUND, command: { date: '2025-05-01' } });
    await expect(
      planTargets({
        proposalId: PROPOSAL,
        content: { type: 'deactivate', regionCode: '52.02.01.2001', reason: 'pindah', kkIndex: idx(9) },
        approvedOn: '2025-06-30',
        lookups: lookups(),
      }),
    ).rejects.toBeInstanceOf(RuleViolation);
  });

  it('groups NIK corrections by the household holding each old NIK', async () => {
    const correction = (n: number) => ({ oldNikIndex: idx(n), newNikIndex: idx(n + 100), personal: sealed(`c${n}`) });
    const targets = await planTargets({
      proposalId: PROPOSAL,
      content: {
        type: 'update',
        regionCode: '52.02.01.2001',
        nikCorrections: [correction(1), correction(2), correction(3)],
      },
      approvedOn: '2025-06-30',
      lookups: lookups({ [idx(1)]: SOURCE, [idx(2)]: FOUND, [idx(3)]: SOURCE }),
    });
    expect(
      targets.map((t) => [t.householdId, t.command.type === 'CorrectNiks' ? t.command.corrections.length : 0]),
    ).toEqual([
      [SOURCE, 2],
      [FOUND, 1],
    ]);
  });

  it('dates in Western Indonesian Time', () => {
    expect(dateInWib('2025-06-30T17:30:00Z')).toBe('2025-07-01');
    expect(dateInWib('2025-06-30T16:59:59Z')).toBe('2025-06-30');
  });
});
