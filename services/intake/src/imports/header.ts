import { IGNORED_COLUMNS, normaliseHeader, type ColumnSpec } from './layout.ts';
import type { CellValue, FileIssue } from './rows.ts';

export type HeaderOutcome =
  | { ok: true; positions: ReadonlyMap<string, number>; warnings: FileIssue[] }
  | { ok: false; errors: FileIssue[]; warnings: FileIssue[] };

/**
 * Finds each layout column in the header row. A missing required column or a column given
 * twice fails the whole file (naming the column); an unknown column is a warning.
 */
export function mapHeader(cells: readonly CellValue[], columns: readonly ColumnSpec[]): HeaderOutcome {
  const byName = new Map<string, ColumnSpec>();
  for (const column of columns) for (const name of [column.name, ...(column.aliases ?? [])]) byName.set(name, column);
  const positions = new Map<string, number>();
  const errors: FileIssue[] = [];
  const warnings: FileIssue[] = [];
  cells.forEach((cell, index) => {
    const header = normaliseHeader(typeof cell === 'string' ? cell : '');
    if (header === '' || IGNORED_COLUMNS.has(header)) return;
    const column = byName.get(header);
    if (!column) warnings.push({ code: 'import.unknown_column', params: { column: header.slice(0, 60) } });
    else if (positions.has(column.name))
      errors.push({ code: 'import.duplicate_column', params: { column: column.name } });
    else positions.set(column.name, index);
  });
  for (const column of columns)
    if (column.required && !positions.has(column.name))
      errors.push({ code: 'import.missing_column', params: { column: column.name } });
  return errors.length > 0 ? { ok: false, errors, warnings } : { ok: true, positions, warnings };
}
