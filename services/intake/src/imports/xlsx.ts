import type { Readable } from 'node:stream';
import { readSheet } from 'read-excel-file/node';
import { ImportFileError, type CellValue, type NumericCell, type SheetRow } from './rows.ts';

/**
 * The records of the first sheet of an XLSX file. Number cells keep the digits as written
 * (`{numeric}`), so an identity number typed as a number can be refused (Excel keeps only 15
 * significant digits). XLSX is a zip whose directory sits at its end, so the sheet is read
 * whole (read-excel-file parses the sheet XML as a stream); the upload limit bounds it.
 */
export async function* readXlsx(source: Readable | Buffer): AsyncGenerator<SheetRow> {
  let data: unknown[][];
  try {
    data = (await readSheet<NumericCell>(source, { parseNumber: (numeric: string) => ({ numeric }) })) as unknown[][];
  } catch (error) {
    if (error instanceof Error && /InvalidInputError|InvalidSpreadsheetError|SheetNotFoundError/.test(error.name))
      throw new ImportFileError({ code: 'import.xlsx_unreadable' });
    throw error;
  }
  if (data.length === 0) throw new ImportFileError({ code: 'import.empty' });
  for (let index = 0; index < data.length; index += 1) yield { row: index + 1, cells: (data[index] ?? []).map(toCell) };
}

function toCell(value: unknown): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'boolean' || value instanceof Date) return value;
  if (typeof value === 'object' && 'numeric' in value) return { numeric: String((value as NumericCell).numeric) };
  return String(value);
}
