import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  AmendProposalBody,
  ComplaintBody,
  CreateProposalBody,
  FieldBatchBody,
  FieldBatchRecord,
  HouseholdData,
  isPersonalPath,
  parseWithIssues,
  proposalFieldMessages,
  renderFieldIssues,
  type FieldIssue,
} from './index.ts';

const member = {
  nik: '5202011203800001',
  name: "Lalu Ahmad bin H. M'ali",
  relationship: 'kepala_keluarga',
  sex: 'male',
  birthDate: '1980-03-12',
  birthPlace: 'Praya',
  maritalStatus: 'kawin',
  education: 'sd',
  occupation: 'petani',
  disability: 'tidak_ada',
};
const household = {
  regionCode: '52.02.01.2012',
  address: { street: 'Jl. Gajah Mada 7', rt: '3', rw: '001' },
  members: [member],
  programmes: ['PKH'],
};
const codes = (issues: FieldIssue[]) => issues.map(({ path, code }) => ({ path, code }));
function issuesOf(schema: Parameters<typeof parseWithIssues>[0], input: unknown) {
  const result = parseWithIssues(schema, input);
  return result.ok ? [] : codes(result.issues);
}

describe('proposal contracts', () => {
  it('accepts a household and fills body defaults', () => {
    expect(HouseholdData.parse(household)).toEqual(household);
    expect(CreateProposalBody.parse({ proposal: { type: 'new_household', household } })).toMatchObject({
      channel: 'operator',
      submit: false,
    });
  });

  it('rejects unknown fields at every level with their path', () => {
    expect(
      issuesOf(CreateProposalBody, {
        extra: 1,
        proposal: { type: 'new_household', household: { ...household, members: [{ ...member, hobby: 'x' }] } },
      }),
    ).toEqual([
      { path: 'proposal.household.members.0.hobby', code: 'unrecognized_keys' },
      { path: 'extra', code: 'unrecognized_keys' },
    ]);
  });

  it('names rule codes for identity numbers, dates, missing and enum fields', () => {
    const bad = {
      ...household,
      kkNumber: '52020115031000',
      members: [{ ...member, nik: '520201120380000A', birthDate: '1980-02-30', sex: 'L', name: undefined }],
    };
    expect(issuesOf(HouseholdData, bad)).toEqual([
      { path: 'kkNumber', code: 'kk.length' },
      { path: 'members.0.nik', code: 'nik.characters' },
      { path: 'members.0.name', code: 'required' },
      { path: 'members.0.sex', code: 'invalid_value' },
      { path: 'members.0.birthDate', code: 'date.invalid' },
    ]);
    expect(issuesOf(HouseholdData, { ...household, members: [{ ...member, nik: '520201120380001' }] })).toEqual([
      { path: 'members.0.nik', code: 'nik.length' },
    ]);
  });

  it('bounds field batches and parses records one by one', () => {
    expect(issuesOf(FieldBatchBody, { deviceId: 'tab-1', records: Array.from({ length: 501 }, () => ({})) })).toEqual([
      { path: 'records', code: 'too_big_array' },
    ]);
    expect(issuesOf(FieldBatchRecord, { clientId: 'bad id!', proposal: { type: 'new_household', household } })).toEqual(
      [{ path: 'clientId', code: 'client_id.format' }],
    );
  });

  it('checks amendment paths and requires a reason', () => {
    expect(issuesOf(AmendProposalBody, { reason: ' ', set: { 'household..x': 1 } })).toEqual([
      { path: 'reason', code: 'reason.required' },
      { path: 'set.household..x', code: 'patch.path_format' },
    ]);
    expect(issuesOf(AmendProposalBody, { reason: 'r', set: {} })).toEqual([{ path: 'set', code: 'patch.empty' }]);
  });

  it('accepts a complaint and rejects a bad phone', () => {
    const complaint = {
      regionCode: '52.02.01.2012',
      category: 'missing_household',
      description: 'Keluarga di RT 3 belum terdata.',
    };
    expect(ComplaintBody.parse(complaint)).toEqual(complaint);
    expect(issuesOf(ComplaintBody, { ...complaint, contact: { phone: '12' } })).toEqual([
      { path: 'contact.phone', code: 'phone.format' },
    ]);
  });

  it('renders messages in Bahasa Indonesia and English without the value', () => {
    const result = parseWithIssues(HouseholdData, {
      ...household,
      members: [{ ...member, nik: '52020112038000' }],
      extra: 'x',
    });
    if (result.ok) throw new Error('expected issues');
    expect(renderFieldIssues(result.issues, 'id', proposalFieldMessages)).toEqual([
      { path: 'members.0.nik', code: 'nik.length', message: 'NIK harus terdiri dari 16 digit.' },
      { path: 'extra', code: 'unrecognized_keys', message: 'isian tidak dikenal: extra' },
    ]);
    expect(renderFieldIssues(result.issues, 'en', proposalFieldMessages)[1]?.message).toBe('unknown fields: extra');
    expect(JSON.stringify(renderFieldIssues(result.issues, 'en', proposalFieldMessages))).not.toContain(
      '52020112038000',
    );
  });

  it('has a message for every code the schemas use', () => {
    const dir = new URL('.', import.meta.url);
    const used = new Set<string>();
    for (const file of readdirSync(dir).filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))) {
      const source = readFileSync(new URL(file, dir), 'utf8');
      for (const match of source.matchAll(/(?:error|message): '([a-z_]+(?:\.[a-z_]+)*)'/g)) used.add(match[1] ?? '');
    }
    expect(used.size).toBeGreaterThan(10);
    expect([...used].filter((code) => !Object.hasOwn(proposalFieldMessages, code))).toEqual([]);
  });

  it('tells personal paths from clear ones', () => {
    for (const path of [
      'household.members.0.nik',
      'household.address.rt',
      'household.kkNumber',
      'household.members.3',
      'members.1',
      'person.name',
      'note',
      'household',
    ])
      expect([path, isPersonalPath(path)]).toEqual([path, true]);
    for (const path of [
      'household.members.0.relationship',
      'household.housing.floorType',
      'household.programmes',
      'reason',
      'regionCode',
    ])
      expect([path, isPersonalPath(path)]).toEqual([path, false]);
  });
});
