import { describe, expect, it } from 'vitest';
import { CutoffFixedData, HouseholdEventSchemas, NikLookedUpData, parseHouseholdEvent } from '../index.ts';

const sealed = { $sealed: 1, sub: 'person:x', iv: 'a', ct: 'b', tag: 'c' };
const index = 'a'.repeat(64);
const common = {
  householdId: '0190a1b2-0000-7000-8000-000000000001',
  proposalId: '0190a1b2-0000-7000-8000-000000000002',
  regionCode: '52.02.01.2001',
};

describe('registry contracts', () => {
  it('parses household events by type and refuses unknown fields and types', () => {
    const event = parseHouseholdEvent({
      type: 'HouseholdDeactivated',
      data: { ...common, reason: 'meninggal', date: '2025-06-01', person: { nikIndex: index, personal: sealed } },
    });
    expect(event.type).toBe('HouseholdDeactivated');
    expect(() =>
      parseHouseholdEvent({
        type: 'HouseholdDeactivated',
        data: { ...common, reason: 'meninggal', date: '2025-06-01', nik: '1' },
      }),
    ).toThrow();
    expect(() => parseHouseholdEvent({ type: 'HouseholdDeleted', data: common })).toThrow(/not a household event/);
  });

  it('requires a village, the proposal and at least one change on an update', () => {
    const updated = HouseholdEventSchemas.HouseholdUpdated.data;
    expect(
      updated.safeParse({ ...common, changes: [{ path: 'housing.floorType', from: 'tanah', to: 'semen' }] }).success,
    ).toBe(true);
    expect(updated.safeParse({ ...common, changes: [] }).success).toBe(false);
    expect(updated.safeParse({ ...common, regionCode: '52.02', changes: [{ path: 'x' }] }).success).toBe(false);
    const { proposalId: _p, ...withoutProposal } = common;
    expect(updated.safeParse({ ...withoutProposal, changes: [{ path: 'x' }] }).success).toBe(false);
  });

  it('keeps lookups and cut-offs free of clear identity numbers', () => {
    expect(
      NikLookedUpData.safeParse({ nikIndex: '5202011203800001', found: false, householdIds: [], regionCode: '' })
        .success,
    ).toBe(false);
    expect(
      CutoffFixedData.safeParse({
        cutoffId: common.householdId,
        regencyCode: '52.02',
        period: '2025-13',
        logPosition: '1:2',
        regionCode: '52.02',
      }).success,
    ).toBe(false);
    expect(
      CutoffFixedData.safeParse({
        cutoffId: common.householdId,
        regencyCode: '52.02',
        period: '2025-06',
        logPosition: '1:2',
        regionCode: '52.02',
      }).success,
    ).toBe(true);
  });
});
