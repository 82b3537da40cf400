import { describe, expect, it } from 'vitest';
import * as enums from '../proposals/contracts.ts';
import { en } from './en.ts';
import { id } from './id.ts';
import { format, translate } from './i18n.ts';
import { hasReasonWords, reasonText } from './reason-codes.ts';
import { REASON_CODES } from '../../../../packages/contracts/src/reasons.ts';

const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? '').sort();

describe('message catalogues', () => {
  it('have the same keys in Bahasa Indonesia and English', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(id).sort());
  });

  it('use the same placeholders in both languages, and no text is empty', () => {
    for (const key of Object.keys(id) as (keyof typeof id)[]) {
      expect(placeholders(en[key]), key).toEqual(placeholders(id[key]));
      expect(id[key].trim(), key).not.toBe('');
      expect(en[key].trim(), key).not.toBe('');
    }
  });

  it('fills placeholders and leaves unknown ones', () => {
    expect(format('{count} usulan {x}', { count: 3 })).toBe('3 usulan {x}');
    expect(translate('en', 'outbox.waiting', { count: 2 })).toBe('2 proposals waiting to be sent');
    expect(translate('id', 'outbox.waiting', { count: 2 })).toBe('2 usulan menunggu dikirim');
  });

  it('label every option of the household form in both languages', () => {
    const choices: [string, readonly string[]][] = [
      ['rel', enums.Relationship.options],
      ['sex', enums.Sex.options],
      ['marital', enums.MaritalStatus.options],
      ['edu', enums.Education.options],
      ['job', enums.Occupation.options],
      ['dis', enums.Disability.options],
      ['floor', enums.FloorType.options],
      ['wall', enums.WallType.options],
      ['roof', enums.RoofType.options],
      ['own', enums.Ownership.options],
      ['water', enums.DrinkingWater.options],
      ['light', enums.Lighting.options],
      ['fuel', enums.CookingFuel.options],
      ['toilet', enums.Toilet.options],
      ['income', enums.IncomeBand.options],
      ['type', enums.ProposalType.options],
      ['status', enums.ProposalStatus.options],
    ];
    const missing = choices.flatMap(([prefix, codes]) =>
      codes.map((code) => `${prefix}.${code}`).filter((key) => !(key in id) || !(key in en)),
    );
    expect(missing).toEqual([]);
  });
});

describe('reason codes the services write', () => {
  it('have words in both languages for every code (REASON_CODES of the contracts)', () => {
    expect(REASON_CODES.length).toBeGreaterThan(10);
    expect(REASON_CODES.filter((code) => !hasReasonWords(code))).toEqual([]);
    expect(reasonText('unsupported_file_type', 'id')).toMatch(/tidak didukung/);
    expect(reasonText('unsupported_file_type', 'en')).toMatch(/not supported/);
  });

  it('leave a person’s own reason as written', () => {
    expect(reasonText('Foto salah rumah', 'en')).toBe('Foto salah rumah');
  });
});
