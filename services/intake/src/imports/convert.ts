import type { ColumnSpec } from './layout.ts';
import type { RowIssue } from './results.ts';
import type { SheetRow } from './rows.ts';

/** A row's cells converted per column (by column name); cell-level failures as issues. */
export interface ConvertedRow {
  row: number;
  values: Map<string, unknown>;
  errors: RowIssue[];
}

export function convertRow(
  sheetRow: SheetRow,
  columns: readonly ColumnSpec[],
  positions: ReadonlyMap<string, number>,
  headerLength: number,
): ConvertedRow {
  const values = new Map<string, unknown>();
  const errors: RowIssue[] = [];
  for (const column of columns) {
    const position = positions.get(column.name);
    if (position === undefined) continue;
    const converted = column.convert(sheetRow.cells[position] ?? null);
    if ('error' in converted)
      errors.push({
        field: column.name,
        code: converted.error,
        ...(converted.params ? { params: converted.params } : {}),
      });
    else if (converted.value !== undefined) values.set(column.name, converted.value);
  }
  const extra = sheetRow.cells.slice(headerLength).some((cell) => cell !== null && String(cell).trim() !== '');
  if (extra)
    errors.push({ field: `#${headerLength + 1}`, code: 'import.extra_cells', params: { columns: headerLength } });
  return { row: sheetRow.row, values, errors };
}

/** Sets `value` at a dotted path, creating objects on the way. */
export function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const segments = path.split('.');
  let node = target;
  for (const segment of segments.slice(0, -1)) {
    const child = node[segment];
    if (typeof child === 'object' && child !== null) node = child as Record<string, unknown>;
    else {
      const created: Record<string, unknown> = {};
      node[segment] = created;
      node = created;
    }
  }
  node[segments[segments.length - 1] ?? ''] = value;
}

/** The column whose target is `path` or the longest target `path` lies under. */
export function columnFor(path: string, targets: ReadonlyMap<string, string>): string | undefined {
  let best: string | undefined;
  let bestLength = -1;
  for (const [target, column] of targets)
    if ((path === target || path.startsWith(`${target}.`)) && target.length > bestLength) {
      best = column;
      bestLength = target.length;
    }
  return best;
}
