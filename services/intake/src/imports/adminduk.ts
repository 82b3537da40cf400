import { VillageCode, type FieldIssue, type ProposalContent } from '@siks/contracts';
import { validateProposalInput, type ValidationDeps } from '../proposals/validate.ts';
import type { ConvertedRow } from './convert.ts';
import type { ImportedProposal, PopulationReference, RowIssue, RowResult } from './results.ts';

/** Proposal paths of adminduk-made proposals → their columns. */
const FIELD_OF: Readonly<Record<string, string>> = {
  regionCode: 'kode_desa',
  effectiveDate: 'tanggal_peristiwa',
  'person.nik': 'nik',
  'person.name': 'nama',
  'person.birthDate': 'tanggal_lahir',
  kkNumber: 'no_kk',
  'nikCorrections.0.oldNik': 'nik',
  'nikCorrections.0.newNik': 'nik_baru',
  'nikCorrections.0.name': 'nama',
};

/**
 * One `adminduk` row → a `deactivate` proposal (meninggal, pindah) or an `update` with a
 * NIK correction (koreksi_nik), plus the population reference for the Dukcapil match.
 */
export function admindukRow(
  row: ConvertedRow,
  deps: ValidationDeps,
  seen: Set<string>,
): { result: RowResult; proposal?: ImportedProposal; reference?: PopulationReference } {
  const errors: RowIssue[] = [...row.errors];
  const get = (name: string): string | undefined => {
    const value = row.values.get(name);
    return typeof value === 'string' ? value : undefined;
  };
  for (const name of ['peristiwa', 'tanggal_peristiwa', 'nik', 'nama', 'kode_desa'])
    if (!row.values.has(name) && !errors.some((issue) => issue.field === name))
      errors.push({ field: name, code: 'required' });
  const event = get('peristiwa') as PopulationReference['event'] | undefined;
  const newNik = get('nik_baru');
  if (event === 'koreksi_nik' && newNik === undefined && !errors.some((issue) => issue.field === 'nik_baru'))
    errors.push({ field: 'nik_baru', code: 'required' });
  const destination = get('kode_desa_tujuan');
  if (destination !== undefined) {
    if (!VillageCode.safeParse(destination).success)
      errors.push({ field: 'kode_desa_tujuan', code: 'region.village_format' });
    else if (!deps.regionExists(destination))
      errors.push({ field: 'kode_desa_tujuan', code: 'region.village_unknown' });
  }
  const key = `${event ?? ''}|${get('nik') ?? ''}|${get('tanggal_peristiwa') ?? ''}`;
  if (seen.has(key)) errors.push({ field: 'nik', code: 'import.duplicate_row' });
  seen.add(key);
  if (errors.length > 0 || event === undefined) return { result: { row: row.row, status: 'rejected', errors } };

  const nik = get('nik') ?? '';
  const name = get('nama') ?? '';
  const regionCode = get('kode_desa') ?? '';
  const eventDate = get('tanggal_peristiwa') ?? '';
  const birthDate = get('tanggal_lahir');
  const kkNumber = get('no_kk');
  const input =
    event === 'koreksi_nik'
      ? { type: 'update', regionCode, nikCorrections: [{ oldNik: nik, newNik, name }] }
      : {
          type: 'deactivate',
          regionCode,
          reason: event,
          effectiveDate: eventDate,
          person: { nik, name, ...(birthDate !== undefined ? { birthDate } : {}) },
          ...(kkNumber !== undefined ? { kkNumber } : {}),
        };
  const outcome = validateProposalInput(input, deps);
  const toRowIssue = (issue: FieldIssue): RowIssue => ({
    field: FIELD_OF[issue.path] ?? 'nik',
    code: issue.code,
    ...(issue.params ? { params: issue.params } : {}),
  });
  if (!outcome.ok) return { result: { row: row.row, status: 'rejected', errors: outcome.errors.map(toRowIssue) } };
  const sex = row.values.get('jenis_kelamin') as 'male' | 'female' | undefined;
  const reference: PopulationReference = {
    row: row.row,
    event,
    eventDate,
    regionCode,
    nik,
    name,
    ...(destination !== undefined ? { destinationRegionCode: destination } : {}),
    ...(birthDate !== undefined ? { birthDate } : {}),
    ...(sex !== undefined ? { sex } : {}),
    ...(kkNumber !== undefined ? { kkNumber } : {}),
    ...(newNik !== undefined ? { newNik } : {}),
  };
  const warnings = outcome.warnings.map(toRowIssue);
  const content: ProposalContent = outcome.content;
  return {
    result: { row: row.row, status: 'accepted', ...(warnings.length > 0 ? { warnings } : {}) },
    proposal: { ref: String(row.row), rows: [row.row], content },
    reference,
  };
}
