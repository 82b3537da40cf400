import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { idnAreaDataDir, levelTableFromCsv } from './idn-area-data.ts';
import { nameAt } from './level-table.ts';

const csv = (text: string): Uint8Array => new TextEncoder().encode(text);
const rows = (table: ReturnType<typeof levelTableFromCsv>): [number, string][] =>
  Array.from(table.keys, (key, index) => [key, nameAt(table, index)]);

describe('levelTableFromCsv', () => {
  it('packs codes and names, finding the columns by header', () => {
    const table = levelTableFromCsv(
      'village',
      csv('name,district_code,code\r\n"Lubuk Pakam I,II",12.07.28,12.07.28.1007\r\nRa""as,35.29.22,35.29.22.2001\r\n'),
    );
    expect(rows(table)).toEqual([
      [1207281007, 'Lubuk Pakam I,II'],
      [3529222001, 'Ra""as'],
    ]);
  });

  it('cuts names by UTF-16 offsets, whatever their bytes', () => {
    const table = levelTableFromCsv(
      'district',
      csv('\uFEFFcode,name\n53.07.01,Regapu’u\n53.07.02,Ñ🌴x\n53.07.03,"Ku""u"\n53.07.04,Plain\n'),
    );
    expect(rows(table).map(([, name]) => name)).toEqual(['Regapu’u', 'Ñ🌴x', 'Ku"u', 'Plain']);
  });

  it('sorts rows given out of order', () => {
    const table = levelTableFromCsv('province', csv('code,name\n53,B\n11,A\n96,C\n'));
    expect(rows(table)).toEqual([
      [11, 'A'],
      [53, 'B'],
      [96, 'C'],
    ]);
  });

  it('rejects bad files with the reason', () => {
    expect(() => levelTableFromCsv('province', csv('kode,nama\n11,Aceh\n'))).toThrow('no code or name column');
    expect(() => levelTableFromCsv('province', csv('code,name\n11.01,Aceh\n'))).toThrow(
      'malformed province code "11.01" in provinces.csv',
    );
    expect(() => levelTableFromCsv('province', csv('code,name\n11\n'))).toThrow('has no code or no name');
    expect(() => levelTableFromCsv('province', csv('code,name\n11,A\n11,B\n'))).toThrow('"11" appears twice');
    expect(() => levelTableFromCsv('province', Uint8Array.from([...csv('code,name\n11,'), 0xff, 10]))).toThrow();
  });

  it('finds the files of idn-area-data', () => {
    expect(existsSync(join(idnAreaDataDir(), 'villages.csv'))).toBe(true);
  });
});
