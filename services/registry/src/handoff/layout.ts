/**
 * The layout of a cut-off's export for the ministry (`siks-cutoff-export/1`), one row per member
 * of every household of the cut-off, in the order below. docs/cutoff-export.md documents it (a
 * test checks that page against this list, and every export against both). The ministry's answer
 * file is the same layout plus `status` and `reason`.
 */
export const EXPORT_LAYOUT = 'siks-cutoff-export/1';

export interface ExportColumn {
  name: string;
  type: 'text' | 'code' | 'uuid' | 'digits16' | 'integer' | 'date' | 'enum' | 'list';
  /** Whether the value may be empty. */
  optional: boolean;
  /** The value's shape, checked on every row of an export (tests) and of an answer file. */
  pattern: RegExp;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const EXPORT_COLUMNS: readonly ExportColumn[] = [
  { name: 'period', type: 'code', optional: false, pattern: /^\d{4}-\d{2}$/ },
  { name: 'regency_code', type: 'code', optional: false, pattern: /^\d{2}\.\d{2}$/ },
  { name: 'village_code', type: 'code', optional: false, pattern: /^\d{2}\.\d{2}\.\d{2}\.\d{4}$/ },
  { name: 'household_id', type: 'uuid', optional: false, pattern: UUID },
  { name: 'proposal_id', type: 'uuid', optional: false, pattern: UUID },
  { name: 'kk_number', type: 'digits16', optional: true, pattern: /^\d{16}$/ },
  { name: 'household_status', type: 'enum', optional: false, pattern: /^(active|inactive)$/ },
  { name: 'inactive_reason', type: 'enum', optional: true, pattern: /^[a-z_]+$/ },
  { name: 'member_no', type: 'integer', optional: false, pattern: /^[1-9]\d*$/ },
  { name: 'nik', type: 'digits16', optional: true, pattern: /^\d{16}$/ },
  { name: 'name', type: 'text', optional: true, pattern: /^[^\r\n]{1,200}$/ },
  { name: 'relationship', type: 'enum', optional: false, pattern: /^[a-z_]+$/ },
  { name: 'sex', type: 'enum', optional: false, pattern: /^(male|female)$/ },
  { name: 'birth_date', type: 'date', optional: true, pattern: /^\d{4}-\d{2}-\d{2}$/ },
  { name: 'programmes', type: 'list', optional: true, pattern: /^[A-Z_]+(;[A-Z_]+)*$/ },
];

/** The answer file: the export's columns, then these two. */
export const ANSWER_COLUMNS: readonly ExportColumn[] = [
  { name: 'status', type: 'enum', optional: false, pattern: /^(accepted|returned)$/ },
  { name: 'reason', type: 'text', optional: true, pattern: /^[^\r\n]{1,2000}$/ },
];

/** One field as CSV (RFC 4180): quoted when it holds a comma, a quote or a line break. */
export const csvField = (value: string): string => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/** One line of the file, CRLF-terminated. */
export const csvLine = (values: readonly string[]): string => `${values.map(csvField).join(',')}\r\n`;

/** Every problem of one row against the columns (empty: the row fits). */
export function rowProblems(columns: readonly ExportColumn[], row: Readonly<Record<string, string>>): string[] {
  return columns.flatMap((column) => {
    const value = row[column.name] ?? '';
    if (value === '') return column.optional ? [] : [`${column.name}: required`];
    return column.pattern.test(value) ? [] : [`${column.name}: not ${column.type}`];
  });
}
