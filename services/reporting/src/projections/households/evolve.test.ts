import { describe, expect, it } from 'vitest';
import { recorded } from '../../events/fixtures.ts';
import { countKey, emptyHousehold, evolveHousehold, type HouseholdChange, type HouseholdRow } from './evolve.ts';

const H = '01978f3c-2222-7000-8000-000000000001';
const P = '01978f3c-1111-7000-8000-000000000001';
const stream = `household-${H}`;

function fold(events: ReturnType<typeof recorded>[]): { row: HouseholdRow; changes: HouseholdChange[] } {
  let row = emptyHousehold(H);
  const changes: HouseholdChange[] = [];
  for (const event of events) {
    const next = evolveHousehold(row, event);
    row = next.row;
    if (next.change) changes.push(next.change);
  }
  return { row, changes };
}

describe('evolveHousehold', () => {
  it('registers, deactivates with a reason and reactivates', () => {
    const { row, changes } = fold([
      recorded(
        stream,
        'HouseholdRegistered',
        { householdId: H, proposalId: P, regionCode: '52.02.01.1001' },
        {
          at: '2025-06-18T02:00:00.000Z',
        },
      ),
      recorded(stream, 'HouseholdUpdated', { householdId: H, proposalId: P, regionCode: '52.02.01.1002', changes: [] }),
      recorded(
        stream,
        'HouseholdDeactivated',
        { householdId: H, proposalId: P, reason: 'pindah' },
        {
          at: '2025-07-01T02:00:00.000Z',
        },
      ),
    ]);
    expect(row).toEqual({
      household_id: H,
      region_code: '52.02.01.1002',
      status: 'inactive',
      status_reason: 'pindah',
      status_since: '2025-07-01T02:00:00.000Z',
      registered_at: '2025-06-18T02:00:00.000Z',
      proposal_id: P,
    });
    expect(changes.map((change) => [change.change, change.status, change.region_code])).toEqual([
      ['registered', 'active', '52.02.01.1001'],
      ['updated', 'active', '52.02.01.1002'],
      ['deactivated', 'inactive', '52.02.01.1002'],
    ]);
    expect(countKey(row)).toEqual(['52.02.01.1002', 'inactive']);
    const back = evolveHousehold(row, recorded(stream, 'HouseholdReactivated', { householdId: H, proposalId: P }));
    expect(back.row).toMatchObject({ status: 'active', status_reason: null });
  });

  it('ignores events that are no household change', () => {
    const row = emptyHousehold(H);
    expect(evolveHousehold(row, recorded(stream, 'NikLookedUp', {}))).toEqual({ row, change: undefined });
  });
});
