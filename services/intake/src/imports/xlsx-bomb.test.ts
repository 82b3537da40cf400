import { strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { importMessages } from './messages.ts';
import { parseImportFile, type ImportOptions } from './parse.ts';
import { sampleHouseholdRows, toXlsx } from './sample-data.ts';
import { testDeps } from '../proposals/test-fixtures.ts';

const musdes: ImportOptions = { channel: 'musdes', deps: testDeps };

/**
 * A real workbook whose sheet, padded with whitespace inside its XML, inflates to `inflated`
 * bytes while the file itself stays a few hundred kilobytes (a zip bomb shaped as an XLSX).
 */
async function bomb(inflated: number): Promise<Buffer> {
  const entries = unzipSync(await toXlsx(sampleHouseholdRows({ rows: 2 })));
  const sheet = Object.keys(entries).find((name) => /^xl\/worksheets\/sheet1\.xml$/.test(name));
  if (!sheet) throw new Error('the sample workbook has no first sheet');
  const xml = Buffer.from(entries[sheet]!).toString('utf8');
  const at = xml.indexOf('<sheetData>') + '<sheetData>'.length;
  const padding = new Uint8Array(inflated).fill(0x20);
  entries[sheet] = Buffer.concat([strToU8(xml.slice(0, at)), padding, strToU8(xml.slice(at))]);
  return Buffer.from(zipSync(entries, { level: 9 }));
}

describe('an XLSX that inflates beyond the limit', () => {
  it('is refused before its sheet is inflated whole, with a clear error', async () => {
    const file = await bomb(64 * 1_048_576);
    expect(file.length).toBeLessThan(1_048_576);
    const outcome = await parseImportFile(file, 'xlsx', { ...musdes, maxXlsxInflatedBytes: 4 * 1_048_576 });
    expect(outcome).toEqual({
      ok: false,
      errors: [{ code: 'import.xlsx_too_large', params: { maximum: 4 * 1_048_576 } }],
      warnings: [],
    });
    expect(importMessages['import.xlsx_too_large']?.id).toMatch(/terlalu besar/);
    expect(importMessages['import.xlsx_too_large']?.en).toMatch(/too large/);
  });

  it('still reads a workbook below the limit', async () => {
    const outcome = await parseImportFile(await toXlsx(sampleHouseholdRows({ rows: 3 })), 'xlsx', {
      ...musdes,
      maxXlsxInflatedBytes: 4 * 1_048_576,
    });
    expect(outcome.ok).toBe(true);
  });
});
