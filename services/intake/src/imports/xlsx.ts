import type { Readable } from 'node:stream';
import { readSheet } from 'read-excel-file/node';
import { ImportFileError, type CellValue, type NumericCell, type SheetRow } from './rows.ts';
import { inflatedSizeWithin } from './zip-limit.ts';

/** Largest total the entries of an XLSX may inflate to, by default (bytes). */
export const DEFAULT_MAX_XLSX_INFLATED_BYTES = 128 * 1_048_576;

async function bytesOf(source: Readable | Buffer): Promise<Buffer> {
  if (Buffer.isBuffer(source)) return source;
  const chunks: Buffer[] = [];
  for await (const chunk of source) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  return Buffer.concat(chunks);
}

/**
 * The records of the first sheet of an XLSX file. Number cells keep the digits as written
 * (`{numeric}`), so an identity number typed as a number can be refused (Excel keeps only 15
 * significant digits). XLSX is a zip whose directory sits at its end, and read-excel-file
 * holds the inflated sheet in memory: so the file (bounded by the upload limit) is first
 * inflated as a stream and counted, and refused when it would inflate beyond
 * `maxInflatedBytes` (a zip bomb), before anything is inflated whole.
 */
export async function* readXlsx(
  source: Readable | Buffer,
  maxInflatedBytes = DEFAULT_MAX_XLSX_INFLATED_BYTES,
): AsyncGenerator<SheetRow> {
  const bytes = await bytesOf(source);
  const size = inflatedSizeWithin(bytes, maxInflatedBytes);
  if (size === 'too_large')
    throw new ImportFileError({ code: 'import.xlsx_too_large', params: { maximum: maxInflatedBytes } });
  if (size === 'unreadable') throw new ImportFileError({ code: 'import.xlsx_unreadable' });
  let data: unknown[][];
  try {
    data = (await readSheet<NumericCell>(bytes, { parseNumber: (numeric: string) => ({ numeric }) })) as unknown[][];
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
