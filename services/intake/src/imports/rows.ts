/** A cell as the readers hand it over: CSV gives strings; XLSX also numbers, booleans and dates. */
export type CellValue = string | boolean | Date | NumericCell | null;

/** A number cell of a spreadsheet, kept as the digits written in the file. */
export interface NumericCell {
  numeric: string;
}

/** One record of the file; `row` is its row number as a spreadsheet shows it (header = 1). */
export interface SheetRow {
  row: number;
  cells: CellValue[];
}

/** A failed rule of the whole file (no row is imported then), or a warning about it. */
export interface FileIssue {
  code: string;
  params?: Record<string, string | number>;
}

export class ImportFileError extends Error {
  override readonly name = 'ImportFileError';
  constructor(readonly issue: FileIssue) {
    super(`${issue.code}${issue.params ? ` ${JSON.stringify(issue.params)}` : ''}`);
  }
}

export function isNumericCell(value: CellValue): value is NumericCell {
  return typeof value === 'object' && value !== null && !(value instanceof Date);
}

export function isBlankRow(cells: readonly CellValue[]): boolean {
  return cells.every((cell) => cell === null || (typeof cell === 'string' && cell.trim() === ''));
}
