import { describe, expect, it } from 'vitest';
import { checkFieldBatch } from './field-batch.ts';
import { household, newHousehold, testDeps } from './test-fixtures.ts';

describe('checkFieldBatch', () => {
  it('answers per record; a bad record does not sink the others', () => {
    const twoHeads = household();
    twoHeads.members[1] = { ...twoHeads.members[1]!, relationship: 'kepala_keluarga' };
    const items = checkFieldBatch(
      [
        { clientId: 'tab-1:1', submit: true, proposal: newHousehold() },
        { clientId: 'tab-1:2', proposal: { type: 'new_household', household: twoHeads } },
        { clientId: 'tab-1:3', proposal: newHousehold(), colour: 'red' },
        { clientId: 'tab-1:1', proposal: newHousehold() },
        'not an object',
      ],
      testDeps,
    );
    expect(items.map((item) => (item.ok ? { ok: true, clientId: item.record.clientId } : item))).toEqual([
      { ok: true, clientId: 'tab-1:1' },
      {
        index: 1,
        ok: false,
        clientId: 'tab-1:2',
        errors: [{ path: 'records.1.proposal.household.members.1.relationship', code: 'household.head_multiple' }],
      },
      {
        index: 2,
        ok: false,
        clientId: 'tab-1:3',
        errors: [{ path: 'records.2.colour', code: 'unrecognized_keys', params: { keys: 'colour' } }],
      },
      {
        index: 3,
        ok: false,
        clientId: 'tab-1:1',
        errors: [{ path: 'records.3.clientId', code: 'batch.client_id_repeated' }],
      },
      { index: 4, ok: false, errors: [{ path: 'records.4', code: 'invalid_type', params: { expected: 'object' } }] },
    ]);
    expect(items[0]).toMatchObject({ ok: true, record: { submit: true, proposal: { type: 'new_household' } } });
  });
});
