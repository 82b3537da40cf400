import { windowKindOf, type ProposalContent } from '@siks/contracts';
import { describe, expect, it } from 'vitest';
import { household, newHousehold } from './test-fixtures.ts';

const LOTENG = '52.02.01.2012'; // WITA

// The window rule itself lives in @siks/contracts (window.ts, tested there); this checks it on
// intake's full proposals.
describe('windowKindOf', () => {
  it('classifies proposals', () => {
    expect(windowKindOf(newHousehold())).toBe('additions');
    expect(windowKindOf(newHousehold({ programmes: ['PBI_JK'] }))).toBe('pbi_jk');
    expect(windowKindOf(newHousehold({ programmes: ['PBI_JK', 'PKH'] }))).toBe('additions');
    const update: ProposalContent = {
      type: 'update',
      regionCode: LOTENG,
      householdId: '0190a3c4-0000-7000-8000-000000000003',
      household: household(),
    };
    expect(windowKindOf(update)).toBe('none');
    const deactivate: ProposalContent = {
      type: 'deactivate',
      regionCode: LOTENG,
      reason: 'meninggal',
      kkNumber: '5202011503100002',
    };
    expect(windowKindOf(deactivate)).toBe('additions');
  });
});
