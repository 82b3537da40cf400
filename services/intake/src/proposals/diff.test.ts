import { describe, expect, it } from 'vitest';
import { deepEqual, diff } from './diff.ts';
import { household, member, newHousehold } from './test-fixtures.ts';

describe('diff', () => {
  it('finds nothing between equal contents', () => {
    expect(diff(newHousehold(), newHousehold())).toEqual([]);
  });

  it('reports changed, added and removed fields with their paths', () => {
    const before = household();
    const after = household({ phone: '081234567890', address: { street: 'Jl. Gajah Mada 7', rt: '004', rw: '001' } });
    after.members[1] = { ...after.members[1]!, name: 'Baiq Siti Aisyah' };
    expect(diff({ type: 'new_household', household: before }, { type: 'new_household', household: after })).toEqual([
      { path: 'household.address.rt', from: '003', to: '004' },
      { path: 'household.address.dusun', from: 'Montong' },
      { path: 'household.members.1.name', from: 'Baiq Siti', to: 'Baiq Siti Aisyah' },
      { path: 'household.phone', to: '081234567890' },
    ]);
  });

  it('reports an added or removed member as one change of the element', () => {
    const before = household();
    const added = member({
      nik: '5202014101150004',
      name: 'Baiq Nur',
      relationship: 'anak',
      sex: 'female',
      birthDate: '2015-01-01',
    });
    const after = household({ members: [...before.members, added] });
    expect(diff(before, after)).toEqual([{ path: 'members.3', to: added }]);
    expect(diff(after, before)).toEqual([{ path: 'members.3', from: added }]);
  });

  it('treats a list of plain values as one value', () => {
    expect(diff(household(), household({ programmes: ['PKH', 'BPNT', 'PBI_JK'] }))).toEqual([
      { path: 'programmes', from: ['PKH', 'BPNT'], to: ['PKH', 'BPNT', 'PBI_JK'] },
    ]);
  });

  it('reports a change of kind (object ↔ value) as one change', () => {
    expect(diff({ a: { b: 1 } }, { a: 2 })).toEqual([{ path: 'a', from: { b: 1 }, to: 2 }]);
  });

  it('deepEqual ignores undefined properties', () => {
    expect(deepEqual({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(deepEqual([1, { x: 2 }], [1, { x: 3 }])).toBe(false);
  });
});
