import { describe, expect, it } from 'vitest';
import { applyChange, diff, jsonEqual } from './paths.ts';
import { householdRecord, idx, memberRecord, sealed } from './test-data.ts';

const applyAll = <T>(value: T, changes: ReturnType<typeof diff>): T => changes.reduce(applyChange, value);

describe('field paths', () => {
  it('diffs plain fields one by one and sealed blocks and lists as a whole', () => {
    const before = householdRecord([1, 2]);
    const after = { ...householdRecord([1, 2]), programmes: ['PKH', 'BPNT'], personal: sealed('moved') };
    expect(diff(before, after)).toEqual([
      { path: 'programmes', from: ['PKH'], to: ['PKH', 'BPNT'] },
      { path: 'personal', from: sealed('household'), to: sealed('moved') },
    ]);
    expect(diff(before, householdRecord([1, 2]))).toEqual([]);
  });

  it('addresses members by nik index, so removals do not shift other members’ paths', () => {
    const before = householdRecord([1, 2, 3]);
    const after = householdRecord([1, 3, 4]);
    after.members[1] = memberRecord(3, { education: 'smp' });
    const changes = diff(before, after);
    expect(changes).toEqual([
      { path: `members.${idx(2)}`, from: memberRecord(2) },
      { path: `members.${idx(3)}.education`, from: 'sd', to: 'smp' },
      { path: `members.${idx(4)}`, to: memberRecord(4) },
    ]);
    expect(jsonEqual(applyAll(before, changes), after)).toBe(true);
  });

  it('adds and removes optional fields (absent from / to)', () => {
    const before = householdRecord([1]);
    const { kkIndex: _kk, ...withoutKk } = before;
    const after = { ...withoutKk, housing: undefined, phoneIndex: 'x' };
    const changes = diff(before, after);
    expect(changes).toEqual([
      { path: 'kkIndex', from: idx(900) },
      { path: 'phoneIndex', to: 'x' },
    ]);
    expect(applyAll(before, changes)).not.toHaveProperty('kkIndex');
    expect(applyAll(before, changes)).toHaveProperty('phoneIndex', 'x');
  });

  it('renames a member by changing its nik index, then addresses it by the new one', () => {
    const before = householdRecord([1, 2]);
    const after = applyAll(before, [
      { path: `members.${idx(2)}.nikIndex`, from: idx(2), to: idx(7) },
      { path: `members.${idx(7)}.nikCorrection`, to: sealed('c') },
    ]);
    expect(after.members.map((m) => m.nikIndex)).toEqual([idx(1), idx(7)]);
    expect(after.members[1]).toMatchObject({ nikCorrection: sealed('c'), education: 'sd' });
    expect(before.members[1]?.nikIndex).toBe(idx(2)); // never mutated
  });

  it('refuses a path into a member that is not there', () => {
    expect(() => applyChange(householdRecord([1]), { path: `members.${idx(5)}.education`, to: 'sd' })).toThrow(
      /no member/,
    );
  });
});
