import { isNumericCell, type CellValue } from './rows.ts';

/**
 * Cell converters: a cell → a value for the proposal, or a rule code. Empty cells are
 * `undefined` (the column's requiredness is the contract's business). Values are never
 * echoed in codes or params.
 */
export type Converted<T> = { value: T | undefined } | { error: string; params?: Record<string, string | number> };

export type Converter = (cell: CellValue) => Converted<unknown>;

const blank = (cell: CellValue): boolean => cell === null || (typeof cell === 'string' && cell.trim() === '');

export const text: Converter = (cell) => {
  if (blank(cell)) return { value: undefined };
  if (isNumericCell(cell)) return { value: cell.numeric };
  if (cell instanceof Date) return { error: 'import.text_expected' };
  return { value: String(cell).trim() };
};

/** NIK / KK: digits in a text cell; spaces are dropped. A number cell has lost digits in Excel. */
export const identityNumber: Converter = (cell) => {
  if (blank(cell)) return { value: undefined };
  if (isNumericCell(cell)) return { error: 'import.identity_not_text' };
  if (typeof cell !== 'string') return { error: 'import.text_expected' };
  return { value: cell.replace(/\s+/g, '') };
};

/** `YYYY-MM-DD`, `DD-MM-YYYY`, `DD/MM/YYYY` (also `D/M/YYYY`), or a spreadsheet date cell. */
export const date: Converter = (cell) => {
  if (blank(cell)) return { value: undefined };
  if (cell instanceof Date)
    return Number.isNaN(cell.getTime()) ? { error: 'date.invalid' } : { value: cell.toISOString().slice(0, 10) };
  if (typeof cell !== 'string') return { error: 'date.invalid' };
  const value = cell.trim();
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(value);
  const local = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(value);
  const [year, month, day] = iso ? [iso[1], iso[2], iso[3]] : local ? [local[3], local[2], local[1]] : [];
  if (year === undefined || month === undefined || day === undefined) return { error: 'date.invalid' };
  const y = Number(year);
  const m = Number(month);
  const d = Number(day);
  const check = new Date(Date.UTC(y, m - 1, d));
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d)
    return { error: 'date.invalid' };
  return { value: `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}` };
};

export function normaliseToken(value: string): string {
  return value
    .trim()
    .toLowerCase()
    .replace(/[\s\-/]+/g, '_');
}

/**
 * One of `values`, after lower-casing and `-`, `/`, spaces → `_`, and the given aliases;
 * `shown` is what the error message lists (defaults to `values`).
 */
export function oneOf(
  values: readonly string[],
  aliases: Readonly<Record<string, string>> = {},
  shown: string = values.join(', '),
): Converter {
  const allowed = new Set(values);
  return (cell) => {
    const converted = text(cell);
    if (!('value' in converted) || converted.value === undefined) return converted;
    const token = normaliseToken(String(converted.value));
    const value = aliases[token] ?? token;
    return allowed.has(value) ? { value } : { error: 'invalid_value', params: { values: shown } };
  };
}

/** `L` / `P` (and the usual spellings) → `male` / `female`. */
export const sex: Converter = oneOf(
  ['male', 'female'],
  {
    l: 'male',
    lk: 'male',
    laki: 'male',
    laki_laki: 'male',
    pria: 'male',
    p: 'female',
    pr: 'female',
    perempuan: 'female',
    wanita: 'female',
  },
  'L, P',
);

export const yesNo: Converter = (cell) => {
  if (blank(cell)) return { value: undefined };
  if (typeof cell === 'boolean') return { value: cell };
  const token = normaliseToken(isNumericCell(cell) ? cell.numeric : String(cell));
  if (['ya', 'y', 'true', '1', 'ada'].includes(token)) return { value: true };
  if (['tidak', 't', 'false', '0', 'tidak_ada', 'no'].includes(token)) return { value: false };
  return { error: 'invalid_value', params: { values: 'ya, tidak' } };
};

/** A decimal number; a comma is accepted as the decimal separator. */
export const decimal: Converter = (cell) => {
  if (blank(cell)) return { value: undefined };
  const raw = isNumericCell(cell) ? cell.numeric : typeof cell === 'string' ? cell.trim().replace(',', '.') : '';
  const value = Number(raw);
  return raw !== '' && Number.isFinite(value) ? { value } : { error: 'import.number_expected' };
};

/** A list separated by `;`, `,` or `|`, each item normalised like `oneOf` (upper-case codes). */
export function listOf(values: readonly string[], aliases: Readonly<Record<string, string>> = {}): Converter {
  const allowed = new Set(values);
  return (cell) => {
    const converted = text(cell);
    if (!('value' in converted) || converted.value === undefined) return converted;
    const items = String(converted.value)
      .split(/[;,|]/)
      .map((item) => item.trim())
      .filter((item) => item !== '')
      .map((item) => aliases[normaliseToken(item)] ?? item.toUpperCase().replace(/[\s-]+/g, '_'));
    return items.every((item) => allowed.has(item))
      ? { value: items }
      : { error: 'invalid_value', params: { values: values.join(', ') } };
  };
}
