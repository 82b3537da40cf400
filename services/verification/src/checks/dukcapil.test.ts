import { describe, expect, it } from 'vitest';
import { dukcapilCheck } from './dukcapil.ts';
import type { ReferenceFacts } from './facts.ts';
import { indexOf, member } from './test-fixtures.ts';

const village = '52.02.01.1001';
const person = member('household.members.0', 'a1', { name: 'Siti Aminah', birthDate: '1980-05-12' });
const reference = (overrides: Partial<ReferenceFacts> = {}): ReferenceFacts => ({
  nikIndex: person.nikIndex,
  event: 'pindah',
  eventDate: '2025-01-10',
  regionCode: '52.02.02.2002',
  destinationRegionCode: village,
  name: 'SITI  AMINAH',
  birthDate: '1980-05-12',
  forgotten: false,
  ...overrides,
});

describe('dukcapil match', () => {
  it('matches name (case, spacing, word order) and birth date', () => {
    expect(dukcapilCheck('new_household', village, [person], [reference({ name: 'aminah, siti' })])).toEqual({
      check: 'dukcapil_match',
      result: 'pass',
      reason: 'match',
      details: { matched: 1 },
    });
  });

  it('fails a different name or birth date, naming the path only', () => {
    const name = dukcapilCheck('new_household', village, [person], [reference({ name: 'Siti Rahma' })]);
    expect(name).toMatchObject({ result: 'fail', reason: 'name_mismatch' });
    expect(name.details?.['findings']).toEqual(['household.members.0:name_mismatch']);
    expect(JSON.stringify(name)).not.toContain('Siti');
    const date = dukcapilCheck('new_household', village, [person], [reference({ birthDate: '1980-05-13' })]);
    expect(date.reason).toBe('birth_date_mismatch');
  });

  it('fails a member recorded as deceased, but a deactivation for that death matches', () => {
    const died = reference({ event: 'meninggal', destinationRegionCode: undefined });
    expect(dukcapilCheck('new_household', village, [person], [died]).reason).toBe('recorded_deceased');
    const subject = { ...person, path: 'person', role: 'subject' as const };
    expect(dukcapilCheck('deactivate', village, [subject], [died]).result).toBe('pass');
  });

  it('warns for a member who moved elsewhere, passes one who moved into this village', () => {
    expect(
      dukcapilCheck('new_household', village, [person], [reference({ destinationRegionCode: '53.01.01.2001' })]),
    ).toMatchObject({ result: 'warn', reason: 'recorded_moved' });
    expect(dukcapilCheck('new_household', village, [person], [reference()]).result).toBe('pass');
  });

  it('fails an old NIK replaced by a correction and matches the new one', () => {
    const corrected = reference({ event: 'koreksi_nik', newNikIndex: indexOf('new') });
    expect(dukcapilCheck('new_household', village, [person], [corrected]).reason).toBe('nik_replaced');
    const renumbered = { ...person, nikIndex: indexOf('new') };
    expect(dukcapilCheck('new_household', village, [renumbered], [corrected]).reason).toBe('match');
  });

  it('takes the latest reference line and reports the worst finding of all people', () => {
    const older = reference({ event: 'meninggal', eventDate: '2024-01-01' });
    const latest = reference({ eventDate: '2025-02-01' });
    expect(dukcapilCheck('new_household', village, [person], [older, latest]).result).toBe('pass');
    const other = member('household.members.1', 'b2', { name: 'Ahmad' });
    const outcome = dukcapilCheck('new_household', village, [person, other], [reference()]);
    expect(outcome).toMatchObject({ result: 'warn', reason: 'no_reference' });
    expect(outcome.details).toEqual({ matched: 1, findings: ['household.members.1:no_reference'] });
  });

  it('warns when personal data was forgotten and has nothing to match without people', () => {
    const forgotten = { ...person, name: undefined, nik: undefined, forgotten: true };
    expect(dukcapilCheck('new_household', village, [forgotten], [reference()]).reason).toBe(
      'personal_data_unavailable',
    );
    expect(dukcapilCheck('reactivate', village, [], []).reason).toBe('not_applicable');
  });
});
