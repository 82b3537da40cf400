import type { ContentRecord, Sealed } from '@siks/contracts';
import { describe, expect, it } from 'vitest';
import { householdIdOf, householdOf, peopleOf } from './people.ts';

const sealed: Sealed = { $sealed: 1, sub: 'person:x', iv: 'i', ct: 'c', tag: 't' };
const idx = (c: string): string => c.repeat(64);
const memberRecord = (nikIndex: string, relationship: 'kepala_keluarga' | 'anak') => ({
  nikIndex,
  personal: sealed,
  relationship,
  sex: 'male' as const,
  maritalStatus: 'kawin' as const,
  education: 'sd' as const,
  occupation: 'petani' as const,
  disability: 'tidak_ada' as const,
});
const household = {
  regionCode: '52.02.01.1001',
  kkIndex: idx('f'),
  members: [memberRecord(idx('a'), 'kepala_keluarga'), memberRecord(idx('b'), 'anak')],
  programmes: [],
  personal: sealed,
};
const householdId = '01950000-0000-7000-8000-0000000000aa';

describe('people of a stored proposal', () => {
  it('names household members with their clear sex and relationship', () => {
    const content: ContentRecord = { type: 'new_household', household };
    expect(peopleOf(content).map(({ path, role, relationship }) => ({ path, role, relationship }))).toEqual([
      { path: 'household.members.0', role: 'member', relationship: 'kepala_keluarga' },
      { path: 'household.members.1', role: 'member', relationship: 'anak' },
    ]);
    expect(householdOf(content)?.kkIndex).toBe(idx('f'));
    expect(householdIdOf(content)).toBeUndefined();
  });

  it('treats removed members, the deactivated person and corrected NIKs as subjects', () => {
    const removal: ContentRecord = {
      type: 'remove_member',
      householdId,
      regionCode: '52.02.01.1001',
      members: [{ reason: 'meninggal', nikIndex: idx('c'), personal: sealed }],
    };
    const deactivation: ContentRecord = {
      type: 'deactivate',
      regionCode: '52.02.01.1001',
      reason: 'meninggal',
      person: { nikIndex: idx('d'), personal: sealed },
    };
    const correction: ContentRecord = {
      type: 'update',
      regionCode: '52.02.01.1001',
      nikCorrections: [{ oldNikIndex: idx('1'), newNikIndex: idx('2'), personal: sealed }],
    };
    expect(peopleOf(removal)).toMatchObject([{ path: 'members.0', role: 'subject', nikIndex: idx('c') }]);
    expect(peopleOf(deactivation)).toMatchObject([{ path: 'person', role: 'subject', nikIndex: idx('d') }]);
    expect(peopleOf(correction)).toMatchObject([{ path: 'nikCorrections.0', role: 'subject', nikIndex: idx('2') }]);
    expect(householdIdOf(removal)).toBe(householdId);
    expect(peopleOf({ type: 'reactivate', householdId, regionCode: '52.02.01.1001', personal: sealed })).toEqual([]);
  });
});
