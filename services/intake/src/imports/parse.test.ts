import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { testDeps } from '../proposals/test-fixtures.ts';
import { ADMINDUK_COLUMNS, HOUSEHOLD_COLUMNS, layoutMarkdown } from './layout.ts';
import { parseImportFile, type ImportOptions } from './parse.ts';
import { renderImportIssue } from './render.ts';
import type { ImportOutcome } from './results.ts';
import { sampleHouseholdRows, toCsv, toXlsx, type Row } from './sample-data.ts';

const musdes: ImportOptions = { channel: 'musdes', deps: testDeps };
const adminduk: ImportOptions = { channel: 'adminduk', deps: testDeps };
const sample = (name: string) => readFileSync(new URL(`../../samples/${name}`, import.meta.url));

function accepted(outcome: ImportOutcome) {
  if (!outcome.ok) throw new Error(`file rejected: ${JSON.stringify(outcome.errors)}`);
  return outcome;
}
function rejected(outcome: ImportOutcome) {
  if (!outcome.ok) throw new Error(`file rejected: ${JSON.stringify(outcome.errors)}`);
  return outcome.rows.filter((row) => row.status === 'rejected');
}
/** Sets a cell by column name in data row `index` (0 = first data row). */
function edit(rows: Row[], index: number, column: string, value: string): Row[] {
  const copy = rows.map((row) => [...row]);
  const position = copy[0]!.indexOf(column);
  copy[index + 1]![position] = value;
  return copy;
}
const csv = (rows: Row[]) => Buffer.from(toCsv(rows));

describe('musdes/rtrw files', () => {
  it('imports the sample CSV: one proposal per household, every row accepted', async () => {
    const outcome = accepted(await parseImportFile(sample('bnba-musdes.csv'), 'csv', musdes));
    expect(outcome.rowCount).toBe(10);
    expect(outcome.rows.every((row) => row.status === 'accepted')).toBe(true);
    expect(outcome.rows.map((row) => row.row)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(outcome.proposals.map((p) => [p.ref, p.rows])).toEqual([
      ['K00001', [2, 3]],
      ['K00002', [4, 5, 6, 7]],
      ['K00003', [8, 9, 10, 11]],
    ]);
    const first = outcome.proposals[0]!.content;
    expect(first).toMatchObject({
      type: 'new_household',
      household: {
        regionCode: '52.02.01.2012',
        address: { rt: '002', rw: '002', dusun: 'Lendang' },
        programmes: ['PKH'],
        housing: { floorAreaPerPersonM2: 5, floorType: 'semen', mealsPerDay: 1, hasAssetsOver500k: true },
        members: [
          { relationship: 'kepala_keluarga', sex: 'male', birthDate: '1994-09-15', disability: 'tidak_ada' },
          { relationship: 'istri_suami', sex: 'female' },
        ],
      },
    });
    expect(outcome.proposals[2]!.content).toMatchObject({ household: { housing: { floorAreaPerPersonM2: 6.5 } } });
  });

  it('reads the same households from an XLSX workbook', async () => {
    const rows = readFileSync(new URL('../../samples/bnba-musdes.csv', import.meta.url), 'utf8');
    const fromCsv = accepted(await parseImportFile(Buffer.from(rows), 'csv', musdes));
    const table = sampleHouseholdRows({ rows: 10, seed: 7 });
    const fromXlsx = accepted(await parseImportFile(Readable.from(await toXlsx(table)), 'xlsx', musdes));
    expect(fromXlsx.proposals).toEqual(fromCsv.proposals);
    expect(fromXlsx.rows).toEqual(fromCsv.rows);
  });

  it('refuses an XLSX with a missing column, naming it', async () => {
    const table = sampleHouseholdRows({ rows: 4 });
    const position = table[0]!.indexOf('tanggal_lahir');
    const withoutColumn = table.map((row) => row.filter((_, index) => index !== position));
    expect(await parseImportFile(await toXlsx(withoutColumn), 'xlsx', musdes)).toEqual({
      ok: false,
      errors: [{ code: 'import.missing_column', params: { column: 'tanggal_lahir' } }],
      warnings: [],
    });
  });

  it('refuses a CSV with a broken quote, naming the line', async () => {
    const text = toCsv(sampleHouseholdRows({ rows: 6 })).split('\n');
    text[3] = text[3]!.replace('Jl. Raya', '"Jl. Raya');
    expect(await parseImportFile(Buffer.from(text.join('\n')), 'csv', musdes)).toMatchObject({
      ok: false,
      errors: [{ code: 'import.csv_quote', params: { line: 4 } }],
    });
    const unclosed = `${text.slice(0, 5).join('\n')}\n"unclosed,${text.slice(5).join('\n')}`;
    expect(
      await parseImportFile(Buffer.from(unclosed.replaceAll('"Jl. Raya', 'Jl. Raya')), 'csv', musdes),
    ).toMatchObject({
      ok: false,
      errors: [{ code: 'import.csv_quote', params: { line: 6 } }],
    });
  });

  it('answers per row with the column and rule; a bad row rejects its household only', async () => {
    let rows = sampleHouseholdRows({ rows: 10, seed: 7 }); // households on rows 2–3, 4–7, 8–11
    rows = edit(rows, 0, 'nik', rows[1]![rows[0]!.indexOf('nik')]!.slice(0, 15)); // row 2: 15 digits
    rows = edit(rows, 3, 'tanggal_lahir', '2007-06-02'); // row 5: NIK date mismatch
    rows = edit(rows, 4, 'hubungan', 'kepala keluarga'); // row 6: second head
    rows = edit(rows, 7, 'jenis_kelamin', 'X'); // row 9
    rows = edit(rows, 8, 'rt', '009'); // row 10: differs from row 8
    const outcome = accepted(await parseImportFile(csv(rows), 'csv', musdes));
    expect(outcome.proposals).toEqual([]);
    expect(outcome.rows).toEqual([
      { row: 2, status: 'rejected', errors: [{ field: 'nik', code: 'nik.length', params: { minimum: 16 } }] },
      {
        row: 3,
        status: 'rejected',
        errors: [{ field: 'ref_keluarga', code: 'import.household_rejected', params: { rows: '2' } }],
      },
      {
        row: 4,
        status: 'rejected',
        errors: [{ field: 'ref_keluarga', code: 'import.household_rejected', params: { rows: '5, 6' } }],
      },
      { row: 5, status: 'rejected', errors: [{ field: 'nik', code: 'nik.birthdate_mismatch' }] },
      { row: 6, status: 'rejected', errors: [{ field: 'hubungan', code: 'household.head_multiple' }] },
      {
        row: 7,
        status: 'rejected',
        errors: [{ field: 'ref_keluarga', code: 'import.household_rejected', params: { rows: '5, 6' } }],
      },
      {
        row: 8,
        status: 'rejected',
        errors: [{ field: 'ref_keluarga', code: 'import.household_rejected', params: { rows: '9, 10' } }],
      },
      {
        row: 9,
        status: 'rejected',
        errors: [{ field: 'jenis_kelamin', code: 'invalid_value', params: { values: 'L, P' } }],
      },
      {
        row: 10,
        status: 'rejected',
        errors: [{ field: 'rt', code: 'import.household_value_conflict', params: { row: 8 } }],
      },
      {
        row: 11,
        status: 'rejected',
        errors: [{ field: 'ref_keluarga', code: 'import.household_rejected', params: { rows: '9, 10' } }],
      },
    ]);
  });

  it('maps household-level rules to the household’s first row', async () => {
    let rows = sampleHouseholdRows({ rows: 10, seed: 7 });
    for (const index of [0, 1]) rows = edit(rows, index, 'kode_desa', '52.02.01.2999');
    rows = edit(rows, 3, 'ref_keluarga', ''); // row 5: a child of K00002 without its key
    rows = edit(rows, 6, 'hubungan', 'anak'); // row 8: K00003 loses its head
    const outcome = accepted(await parseImportFile(csv(rows), 'csv', musdes));
    expect(rejected(outcome)).toEqual([
      { row: 2, status: 'rejected', errors: [{ field: 'kode_desa', code: 'region.village_unknown' }] },
      {
        row: 3,
        status: 'rejected',
        errors: [{ field: 'ref_keluarga', code: 'import.household_rejected', params: { rows: '2' } }],
      },
      { row: 5, status: 'rejected', errors: [{ field: 'ref_keluarga', code: 'required' }] },
      { row: 8, status: 'rejected', errors: [{ field: 'hubungan', code: 'household.head_missing' }] },
      {
        row: 9,
        status: 'rejected',
        errors: [{ field: 'ref_keluarga', code: 'import.household_rejected', params: { rows: '8' } }],
      },
      {
        row: 10,
        status: 'rejected',
        errors: [{ field: 'ref_keluarga', code: 'import.household_rejected', params: { rows: '8' } }],
      },
      {
        row: 11,
        status: 'rejected',
        errors: [{ field: 'ref_keluarga', code: 'import.household_rejected', params: { rows: '8' } }],
      },
    ]);
    expect(outcome.proposals.map((p) => [p.ref, p.rows])).toEqual([['K00002', [4, 6, 7]]]);
  });

  it('refuses a NIK stored as a number in XLSX, and one repeated in another household', async () => {
    const table: (string | null)[][] = sampleHouseholdRows({ rows: 6, seed: 3 });
    const nikAt = table[0]!.indexOf('nik');
    const xlsx = await toXlsx(table.map((row) => row.map((cell) => cell ?? '')));
    const { default: writeExcelFile } = await import('write-excel-file/node');
    const numeric = await writeExcelFile(
      table.map((row, index) =>
        row.map((cell, column) => (index === 1 && column === nikAt ? Number(cell) : cell === '' ? null : cell)),
      ),
    ).toBuffer();
    expect(rejected(accepted(await parseImportFile(xlsx, 'xlsx', musdes)))).toEqual([]);
    expect(rejected(await parseImportFile(numeric, 'xlsx', musdes))[0]).toEqual({
      row: 2,
      status: 'rejected',
      errors: [{ field: 'nik', code: 'import.identity_not_text' }],
    });
    const rows = sampleHouseholdRows({ rows: 6, seed: 3 });
    const repeated = edit(rows, rows.length - 2, 'nik', rows[1]![nikAt]!);
    const last = rows.length; // spreadsheet row of the last data row
    expect(rejected(await parseImportFile(csv(repeated), 'csv', musdes))).toContainEqual({
      row: last,
      status: 'rejected',
      errors: [{ field: 'nik', code: 'import.nik_repeated' }],
    });
  });

  it('accepts `;` delimiters, a BOM and English headers; warns about unknown columns', async () => {
    const rows = sampleHouseholdRows({ rows: 3, seed: 5 });
    const english = rows.map((row, index) =>
      index === 0 ? row.map((name) => HOUSEHOLD_COLUMNS.find((c) => c.name === name)?.aliases?.[0] ?? name) : row,
    );
    const withExtra = english.map((row, index) => [
      index === 0 ? 'No' : String(index),
      ...row,
      index === 0 ? 'Catatan' : 'x',
    ]);
    const text = `\uFEFF${toCsv(withExtra, ';')}`;
    const outcome = accepted(await parseImportFile(Buffer.from(text), 'csv', musdes));
    expect(outcome.rows.every((row) => row.status === 'accepted')).toBe(true);
    expect(outcome.warnings).toEqual([{ code: 'import.unknown_column', params: { column: 'catatan' } }]);
  });

  it('refuses duplicate columns, empty files, non-XLSX bytes and too many rows', async () => {
    const rows = sampleHouseholdRows({ rows: 3 });
    expect(await parseImportFile(csv(rows.map((row) => [...row, row[0]!])), 'csv', musdes)).toMatchObject({
      ok: false,
      errors: [{ code: 'import.duplicate_column', params: { column: 'ref_keluarga' } }],
    });
    expect(await parseImportFile(Buffer.alloc(0), 'csv', musdes)).toMatchObject({
      ok: false,
      errors: [{ code: 'import.empty' }],
    });
    expect(await parseImportFile(csv(rows.slice(0, 1)), 'csv', musdes)).toMatchObject({
      ok: false,
      errors: [{ code: 'import.empty' }],
    });
    expect(await parseImportFile(Buffer.from('PK\u0003\u0004 not really'), 'xlsx', musdes)).toMatchObject({
      ok: false,
      errors: [{ code: 'import.xlsx_unreadable' }],
    });
    expect(await parseImportFile(csv(rows), 'csv', { ...musdes, maxRows: 2 })).toMatchObject({
      ok: false,
      errors: [{ code: 'import.too_many_rows', params: { maximum: 2 } }],
    });
  });

  it('streams a 10,000-row file', async () => {
    const text = toCsv(sampleHouseholdRows({ rows: 10_000, seed: 11 }));
    const chunks: Buffer[] = [];
    for (let offset = 0; offset < text.length; offset += 64 * 1024)
      chunks.push(Buffer.from(text.slice(offset, offset + 64 * 1024)));
    const outcome = accepted(await parseImportFile(Readable.from(chunks), 'csv', musdes));
    expect(outcome.rowCount).toBeGreaterThanOrEqual(10_000);
    expect(outcome.rows).toHaveLength(outcome.rowCount);
    expect(rejected(outcome)).toEqual([]);
    const refs = new Set(
      text
        .split('\n')
        .slice(1, -1)
        .map((line) => line.split(',')[0]),
    );
    expect(outcome.proposals).toHaveLength(refs.size);
    expect(outcome.proposals.reduce((sum, p) => sum + p.rows.length, 0)).toBe(outcome.rowCount);
  });
});

describe('adminduk files', () => {
  it('turns deaths and moves into deactivations, NIK corrections into updates, and keeps references', async () => {
    const outcome = accepted(await parseImportFile(sample('adminduk.csv'), 'csv', adminduk));
    expect(outcome.rows.every((row) => row.status === 'accepted')).toBe(true);
    expect(
      outcome.proposals.map((p) => [p.ref, p.content.type, 'reason' in p.content ? p.content.reason : undefined]),
    ).toEqual([
      ['2', 'deactivate', 'pindah'],
      ['3', 'update', undefined],
      ['4', 'deactivate', 'meninggal'],
      ['5', 'deactivate', 'pindah'],
      ['6', 'update', undefined],
      ['7', 'deactivate', 'meninggal'],
    ]);
    expect(outcome.proposals[1]!.content).toEqual({
      type: 'update',
      regionCode: '52.02.01.2012',
      nikCorrections: [{ oldNik: '5202010303550002', newNik: '5202010303555002', name: 'Lalu Fajar' }],
    });
    expect(outcome.references[0]).toEqual({
      row: 2,
      event: 'pindah',
      eventDate: '2025-05-02',
      regionCode: '52.02.01.2012',
      destinationRegionCode: '52.02.01.1001',
      nik: '5202010203550001',
      name: 'Muhammad Yusuf',
      birthDate: '1955-03-02',
      sex: 'male',
      kkNumber: '5202011503100002',
    });
  });

  it('answers per row: missing new NIK, repeated event, bad NIK', async () => {
    const text = [
      'event,event_date,nik,name,village_code,new_nik',
      'koreksi_nik,2025-05-03,5202010303550002,Lalu Fajar,52.02.01.2012,',
      'meninggal,03/05/2025,5202010403550003,Amaq Saleh,52.02.01.2012,',
      'meninggal,2025-05-03,5202010403550003,Amaq Saleh,52.02.01.2012,',
      'meninggal,2025-05-03,52020104035500,Amaq Saleh,52.02.01.2012,',
      'lahir,2025-05-03,5202010403550009,Amaq Saleh,52.02.01.2012,',
    ].join('\n');
    const outcome = accepted(await parseImportFile(Buffer.from(text), 'csv', adminduk));
    expect(outcome.rows).toEqual([
      { row: 2, status: 'rejected', errors: [{ field: 'nik_baru', code: 'required' }] },
      { row: 3, status: 'accepted' },
      { row: 4, status: 'rejected', errors: [{ field: 'nik', code: 'import.duplicate_row' }] },
      { row: 5, status: 'rejected', errors: [{ field: 'nik', code: 'nik.length', params: { minimum: 16 } }] },
      {
        row: 6,
        status: 'rejected',
        errors: [{ field: 'peristiwa', code: 'invalid_value', params: { values: 'meninggal, pindah, koreksi_nik' } }],
      },
    ]);
  });
});

describe('messages and layout', () => {
  it('renders row and file issues in both languages', () => {
    expect(renderImportIssue({ code: 'import.missing_column', params: { column: 'nik' } }, 'id').message).toBe(
      'Kolom wajib "nik" tidak ada.',
    );
    expect(renderImportIssue({ field: 'nik', code: 'nik.birthdate_mismatch' }, 'en').message).toBe(
      'The birth date does not match the NIK.',
    );
    expect(
      renderImportIssue({ field: 'rt', code: 'import.household_value_conflict', params: { row: 8 } }, 'en').message,
    ).toBe('Household data differs from row 8 of the same household.');
  });

  it('documents every column in samples/README.md', () => {
    const readme = sample('README.md').toString('utf8');
    for (const column of [...HOUSEHOLD_COLUMNS, ...ADMINDUK_COLUMNS]) {
      expect(layoutMarkdown([column])).toContain(`\`${column.name}\``);
      expect(readme).toContain(`\`${column.name}\``);
    }
  });
});
