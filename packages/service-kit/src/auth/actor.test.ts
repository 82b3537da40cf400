import { describe, expect, it } from 'vitest';
import { inScope, scopeFitsRole } from './actor.ts';

describe('inScope', () => {
  it('covers the same region and every region below it', () => {
    const regency = { regionCode: '52.02' };
    expect(inScope(regency, '52.02')).toBe(true);
    expect(inScope(regency, '52.02.01')).toBe(true);
    expect(inScope(regency, '52.02.01.1001')).toBe(true);
  });

  it('does not cover a sibling, a parent or a code that merely starts with the same digits', () => {
    const regency = { regionCode: '52.02' };
    expect(inScope(regency, '52.03.01.1001')).toBe(false);
    expect(inScope(regency, '52')).toBe(false);
    expect(inScope(regency, '52.021')).toBe(false);
  });

  it('gives national scope everything', () => {
    expect(inScope({ regionCode: '' }, '11.01.01.2001')).toBe(true);
  });
});

describe('scopeFitsRole', () => {
  it('requires a village for operators, a regency for district roles, a province, national for pusdatin', () => {
    expect(scopeFitsRole('operator_desa', '52.02.01.2001')).toBe(true);
    expect(scopeFitsRole('operator_desa', '52.02')).toBe(false);
    expect(scopeFitsRole('verifikator_kabkota', '52.02')).toBe(true);
    expect(scopeFitsRole('admin_kabkota', '52')).toBe(false);
    expect(scopeFitsRole('admin_provinsi', '52')).toBe(true);
    expect(scopeFitsRole('pusdatin', '')).toBe(true);
    expect(scopeFitsRole('pusdatin', '52')).toBe(false);
    expect(scopeFitsRole('auditor', '52.02')).toBe(true);
    expect(scopeFitsRole('auditor', 'x')).toBe(false);
  });
});
