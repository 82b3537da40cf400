import { describe, expect, it } from 'vitest';
import { auditChanges, fieldPaths } from './changes.ts';

const sealed = { $sealed: 1, sub: 'person:abc', iv: 'x', ct: 'y', tag: 'z' };

describe('auditChanges', () => {
  it('keeps from → to of non-personal fields and only the path of personal ones', () => {
    const changes = auditChanges([
      { path: 'household.housing.floorType', from: 'tanah', to: 'semen' },
      { path: 'household.members.1', personal: sealed },
      { path: 'household.members.0.name', from: 'Siti', to: 'Siti Aminah' },
      { path: 'household.programmes', from: ['PKH'], to: ['PKH', 'BPNT'] },
      { path: 'household.housing.mealsPerDay', to: 2 },
    ]);
    expect(changes).toEqual([
      { path: 'household.housing.floorType', from: 'tanah', to: 'semen' },
      { path: 'household.members.1' },
      { path: 'household.members.0.name' },
      { path: 'household.programmes', from: ['PKH'], to: ['PKH', 'BPNT'] },
      { path: 'household.housing.mealsPerDay', to: 2 },
    ]);
    expect(JSON.stringify(changes)).not.toContain('Siti');
  });

  it('drops values that contain personal keys or sealed blocks, whatever the path says', () => {
    const changes = auditChanges([
      { path: 'deactivation', from: { reason: 'pindah' }, to: { reason: 'pindah', nik: '5202014101900001' } },
      { path: 'status', from: 'active', to: { personal: sealed } },
      { path: 'extra', from: { floorType: 'tanah', incomeBand: 'under_600k' }, to: { disability: 'mental' } },
    ]);
    expect(changes).toEqual([
      { path: 'deactivation', from: { reason: 'pindah' } },
      { path: 'status', from: 'active' },
      { path: 'extra' },
    ]);
  });

  it('keeps only the path of a disability, an income band or a whole housing block (older events hold them in clear)', () => {
    expect(
      auditChanges([
        { path: 'household.members.0.disability', from: 'tidak_ada', to: 'mental' },
        { path: 'household.housing.incomeBand', from: 'under_600k', to: '600k_1m' },
        { path: 'household.housing', to: { floorType: 'tanah', incomeBand: 'under_600k' } },
        { path: 'household.housing.floorType', from: 'tanah', to: 'semen' },
      ]),
    ).toEqual([
      { path: 'household.members.0.disability' },
      { path: 'household.housing.incomeBand' },
      { path: 'household.housing' },
      { path: 'household.housing.floorType', from: 'tanah', to: 'semen' },
    ]);
  });

  it('keeps only the paths of a map of changes or a list of paths, and nothing of an odd value', () => {
    expect(auditChanges({ 'household.address.rt': { from: '1', to: '2' }, regionCode: '52.02.01.1001' })).toEqual([
      { path: 'household.address.rt' },
      { path: 'regionCode' },
    ]);
    expect(auditChanges(['kkNumber', 'housing.roofType'])).toEqual([
      { path: 'kkNumber' },
      { path: 'housing.roofType' },
    ]);
    expect(auditChanges('nik changed')).toBeUndefined();
    expect(auditChanges([])).toBeUndefined();
  });

  it('drops large values', () => {
    expect(auditChanges([{ path: 'x', from: 'a'.repeat(600), to: 'b' }])).toEqual([{ path: 'x', to: 'b' }]);
  });
});

describe('fieldPaths', () => {
  it('keeps strings only', () => {
    expect(fieldPaths(['household.members.0.nik', 3, '', 'housing'])).toEqual(['household.members.0.nik', 'housing']);
    expect(fieldPaths(undefined)).toBeUndefined();
  });
});
