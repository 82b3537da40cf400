import { describe, expect, it } from 'vitest';
import { UserRole } from '../auth/actor.ts';
import { discloseRecord, disclosureOf, maskIdentityNumbers, recordFields } from './disclosure.ts';

const household = {
  kkNumber: '5202011503100002',
  address: { street: 'Jl. Pejanggik 12', rt: '001' },
  phone: '081234567890',
  members: [{ nik: '5202011203800001', name: 'Lalu Ahmad', birthDate: '1980-03-12', motherName: 'Inaq Sari' }],
  programmes: ['PKH'],
};

describe('the masking policy', () => {
  it('gives every role but the auditor full disclosure (one place for every service)', () => {
    expect(UserRole.options.map((role) => [role, disclosureOf(role)])).toEqual([
      ['operator_desa', 'full'],
      ['verifikator_kabkota', 'full'],
      ['admin_kabkota', 'full'],
      ['admin_provinsi', 'full'],
      ['pusdatin', 'full'],
      ['auditor', 'masked'],
    ]);
  });

  it('shows auditors names with identity numbers masked and nothing of birth, mother, address or phone', () => {
    expect(discloseRecord(household, 'masked')).toEqual({
      kkNumber: '5202••••••••0002',
      members: [{ nik: '5202••••••••0001', name: 'Lalu Ahmad' }],
      programmes: ['PKH'],
    });
    expect(discloseRecord(household, 'full')).toBe(household);
    expect(recordFields('masked')).toEqual(['name', 'nik_masked', 'kk_masked']);
  });

  it('masks identity numbers at any depth for lists', () => {
    expect(maskIdentityNumbers({ rows: [{ newNik: '5202011203800009', oldNik: '5202011203800001' }] })).toEqual({
      rows: [{ newNik: '5202••••••••0009', oldNik: '5202••••••••0001' }],
    });
  });
});
