import { describe, expect, it } from 'vitest';
import {
  Disability,
  Education,
  MaritalStatus,
  Occupation,
  Sex,
} from '../../../../../packages/contracts/src/proposals/enums.ts';
import { UsulHousehold } from '../../../../../packages/contracts/src/proposals/usul.ts';
import { emptyUsul, USUL_OPTIONS, usulHousehold, usulPath } from './usul-options.ts';

describe('the usul fields of the public complaint page', () => {
  it('offer exactly the contracts’ value lists', () => {
    expect(USUL_OPTIONS).toEqual({
      sex: Sex.options,
      maritalStatus: MaritalStatus.options,
      education: Education.options,
      occupation: Occupation.options,
      disability: Disability.options,
    });
  });

  it('build the household the contract takes, and name each field by its body path', () => {
    const household = usulHousehold({
      ...emptyUsul(),
      nik: ' 5202014211790931 ',
      name: 'Baiq Nurhayati',
      sex: 'female',
      birthDate: '1979-11-02',
      birthPlace: 'Praya',
      maritalStatus: 'cerai_mati',
      education: 'sd',
      occupation: 'buruh',
      street: 'Gang Melati 4',
      rt: '005',
      rw: '002',
    });
    expect(UsulHousehold.parse(household)).toEqual(household);
    expect(household.head.nik).toBe('5202014211790931');
    expect(household.address).not.toHaveProperty('dusun');
    expect(usulPath('rt')).toBe('household.address.rt');
    expect(usulPath('nik')).toBe('household.head.nik');
  });
});
