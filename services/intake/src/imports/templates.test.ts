import { describe, expect, it } from 'vitest';
import { parseImportFile } from './parse.ts';
import { testDeps } from '../proposals/test-fixtures.ts';
import { guideCsv, templateCsv } from './templates.ts';

describe('import templates', () => {
  it('are the header an import reads: an empty template is refused only for having no rows', async () => {
    for (const channel of ['musdes', 'rtrw', 'adminduk'] as const) {
      const outcome = await parseImportFile(Buffer.from(templateCsv(channel)), 'csv', { channel, deps: testDeps });
      expect(outcome).toMatchObject({ ok: false, errors: [{ code: 'import.empty' }] });
    }
  });

  it('come with a guide naming every column, whether it is required, and what it holds', () => {
    const guide = guideCsv('musdes').trim().split('\r\n');
    expect(guide[0]).toBe('kolom,wajib,isi');
    expect(guide.length).toBe(templateCsv('musdes').trim().split(',').length + 1);
    expect(guide.find((line) => line.startsWith('nik,'))).toMatch(/^nik,ya,/);
  });
});
