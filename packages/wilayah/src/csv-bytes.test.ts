import { describe, expect, it } from 'vitest';
import { copyField, scanCsv } from './csv-bytes.ts';

const records = (text: string): string[][] => {
  const bytes = new TextEncoder().encode(text);
  const out: string[][] = [];
  let record: string[] = [];
  scanCsv(bytes, {
    field(column, start, end, quoted) {
      expect(column).toBe(record.length);
      const target = new Uint8Array(end - start);
      const length = copyField(bytes, start, end, quoted, target, 0);
      record.push(new TextDecoder().decode(target.subarray(0, length)));
    },
    endRecord() {
      out.push(record);
      record = [];
    },
  });
  expect(record).toEqual([]);
  return out;
};

describe('scanCsv', () => {
  it('splits records and fields', () => {
    expect(records('code,name\n11,Aceh\n12,Sumatera Utara\n')).toEqual([
      ['code', 'name'],
      ['11', 'Aceh'],
      ['12', 'Sumatera Utara'],
    ]);
  });

  it('reads quoted fields with commas and doubled quotes', () => {
    expect(records('a,"Lubuk Pakam I,II",x\nb,"Ra""as",y\nc,"""",z\nd,"",w\n')).toEqual([
      ['a', 'Lubuk Pakam I,II', 'x'],
      ['b', 'Ra"as', 'y'],
      ['c', '"', 'z'],
      ['d', '', 'w'],
    ]);
  });

  it('accepts CRLF, a BOM, blank lines, a missing last newline and newlines inside quotes', () => {
    expect(records('\uFEFFcode,name\r\n\r\n11,"A\r\nB"\n\n12,Regapu’u')).toEqual([
      ['code', 'name'],
      ['11', 'A\r\nB'],
      ['12', 'Regapu’u'],
    ]);
  });

  it('keeps empty fields, also at the end of the bytes', () => {
    expect(records('a,,b\n,\n""\nc,')).toEqual([['a', '', 'b'], ['', ''], [''], ['c', '']]);
  });

  it('rejects an unclosed quote and text after a closing quote', () => {
    expect(() => records('a,"open\n')).toThrow('not closed');
    expect(() => records('a,"x""\n')).toThrow('not closed');
    expect(() => records('a,"x"y\n')).toThrow('after a quoted field');
  });
});
