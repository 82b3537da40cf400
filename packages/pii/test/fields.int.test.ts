import { describe, expect, it } from 'vitest';
import { createKeyring, isSealed, openDeep, openFields, sealFields } from '../src/index.ts';
import { newKey, usePiiDatabase } from './helpers.ts';

const pool = await usePiiDatabase();
const keyring = createKeyring({ pool, masterKey: newKey(), blindIndexKey: newKey() });

const member = {
  memberId: 'm-1',
  nik: '5202011204870001',
  name: 'Lalu Ahmad',
  birthDate: '1987-04-12',
  sex: 'male',
  motherName: null,
  address: { street: 'Jl. Sudirman 12', rt: '002', rw: '001', dusun: 'Dusun Lendang' },
};

describe('sealFields / openFields', () => {
  it('seals the listed fields, leaves the rest, and opens them back', async () => {
    const sealed = await sealFields(keyring, 'subject-1', member, ['nik', 'name', 'birthDate', 'motherName']);
    expect(isSealed(sealed.nik)).toBe(true);
    expect(isSealed(sealed.name)).toBe(true);
    expect(sealed.motherName).toBeNull();
    expect(sealed.sex).toBe('male');
    expect(sealed.address).toBe(member.address);
    expect(member.nik).toBe('5202011204870001');
    expect(JSON.stringify(sealed)).not.toContain('Ahmad');
    const opened = await openFields(keyring, JSON.parse(JSON.stringify(sealed)) as object, [
      'nik',
      'name',
      'birthDate',
      'motherName',
    ]);
    expect(opened).toEqual(member);
  });

  it('follows nested paths and array wildcards', async () => {
    const household = {
      address: { street: 'Jl. Pejanggik 3', rt: '001' },
      members: [
        { nik: '5202011204870001', sex: 'male' },
        { nik: '5202015506900002', sex: 'female' },
      ],
    };
    const sealed = await sealFields(keyring, 'household-1', household, ['address.street', 'members.*.nik']);
    expect(isSealed(sealed['address'] && (sealed['address'] as Record<string, unknown>)['street'])).toBe(true);
    expect(JSON.stringify(sealed)).not.toMatch(/520201|Pejanggik/);
    expect(await openFields(keyring, sealed, ['address.street', 'members.*.nik'])).toEqual(household);
    expect(await openDeep(keyring, sealed)).toEqual(household);
  });

  it('turns a forgotten subject’s fields into the shredded marker', async () => {
    const sealed = await sealFields(keyring, 'subject-2', { nik: '5202011204870003', kept: 1 }, ['nik']);
    await keyring.forget('subject-2');
    expect(await openFields(keyring, sealed, ['nik'])).toEqual({ nik: undefined, kept: 1 });
    expect(await openFields(keyring, sealed, ['nik'], { shredded: '[dihapus]' })).toEqual({
      nik: '[dihapus]',
      kept: 1,
    });
  });

  it('refuses overlapping or repeated paths', async () => {
    await expect(sealFields(keyring, 'subject-3', member, ['address', 'address.street'])).rejects.toThrow(/overlap/);
    await expect(sealFields(keyring, 'subject-3', member, ['nik', 'nik'])).rejects.toThrow(/twice/);
  });
});
