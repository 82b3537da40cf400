import { describe, expect, it } from 'vitest';
import { applySet } from './patch.ts';
import { household, member, newHousehold } from './test-fixtures.ts';

describe('applySet', () => {
  const content = newHousehold();

  it('sets nested fields without touching the original', () => {
    const outcome = applySet(content, {
      'household.address.rt': '004',
      'household.members.1.name': 'Baiq Siti Aisyah',
    });
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.content).toMatchObject({
      household: { address: { rt: '004' }, members: [{}, { name: 'Baiq Siti Aisyah' }, {}] },
    });
    expect(content).toEqual(newHousehold());
  });

  it('adds and removes optional fields and array elements', () => {
    const added = member({
      nik: '5202014101150004',
      name: 'Baiq Nur',
      relationship: 'anak',
      sex: 'female',
      birthDate: '2015-01-01',
    });
    const outcome = applySet(content, {
      'household.members.0': null,
      'household.members.2': null,
      'household.members.3': added,
      'household.kkNumber': null,
      'household.phone': '081234567890',
    });
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    const { household: result } = outcome.content as { household: ReturnType<typeof household> };
    expect(result.members.map((m) => m.name)).toEqual(['Baiq Siti', 'Baiq Nur']);
    expect(result).not.toHaveProperty('kkNumber');
    expect(result.phone).toBe('081234567890');
  });

  it('refuses paths that reach nowhere, and the type', () => {
    expect(
      applySet(content, {
        'household.members.7.name': 'X',
        'household.nothing.deeper': 1,
        type: 'update',
        'household.members.x': 1,
      }),
    ).toEqual({
      ok: false,
      issues: [
        { path: 'household.members.7.name', code: 'patch.not_found' },
        { path: 'household.nothing.deeper', code: 'patch.not_found' },
        { path: 'type', code: 'patch.immutable' },
        { path: 'household.members.x', code: 'patch.not_found' },
      ],
    });
  });

  it('lets an unknown last key through for the contract to reject', () => {
    const outcome = applySet(content, { 'household.colour': 'blue' });
    expect(outcome).toMatchObject({ ok: true, content: { household: { colour: 'blue' } } });
  });
});
