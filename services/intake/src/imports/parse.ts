import type { Readable } from 'node:stream';
import type { ImportChannel } from '@siks/contracts';
import type { ValidationDeps } from '../proposals/validate.ts';
import { admindukRow } from './adminduk.ts';
import { convertRow } from './convert.ts';
import { readCsv } from './csv.ts';
import { mapHeader } from './header.ts';
import { HouseholdGrouper } from './households.ts';
import { ADMINDUK_COLUMNS, HOUSEHOLD_COLUMNS } from './layout.ts';
import type { ImportOutcome, ImportedProposal, PopulationReference, RowResult } from './results.ts';
import { ImportFileError, isBlankRow, type FileIssue, type SheetRow } from './rows.ts';
import { readXlsx } from './xlsx.ts';

export type ImportFormat = 'csv' | 'xlsx';

export interface ImportOptions {
  channel: ImportChannel;
  deps: ValidationDeps;
  /** Data rows accepted in one file; more is a file error. Default 50,000. */
  maxRows?: number;
  /** Total bytes an XLSX may inflate to; more is a file error. Default 128 MiB. */
  maxXlsxInflatedBytes?: number;
}

/** The rows of a file; file-level failures surface as `ImportFileError` while iterating. */
export function readRows(
  source: Readable | Buffer,
  format: ImportFormat,
  maxXlsxInflatedBytes?: number,
): AsyncGenerator<SheetRow> {
  if (format === 'xlsx') return readXlsx(source, maxXlsxInflatedBytes);
  return readCsv(Buffer.isBuffer(source) ? once(source) : (source as AsyncIterable<Buffer | string>));
}

async function* once(buffer: Buffer): AsyncGenerator<Buffer> {
  yield buffer;
}

/** Reads and checks a BNBA file; never throws for a bad file (only for I/O or programming errors). */
export async function parseImportFile(
  source: Readable | Buffer,
  format: ImportFormat,
  options: ImportOptions,
): Promise<ImportOutcome> {
  return parseImport(readRows(source, format, options.maxXlsxInflatedBytes), options);
}

/**
 * Checks the header, converts every row, groups households (musdes, rtrw) or reads events
 * (adminduk), and answers per row. A file-level failure (missing column, broken quote,
 * unreadable XLSX, too many rows) rejects the whole file so nothing is half-imported.
 */
export async function parseImport(rows: AsyncIterable<SheetRow>, options: ImportOptions): Promise<ImportOutcome> {
  const columns = options.channel === 'adminduk' ? ADMINDUK_COLUMNS : HOUSEHOLD_COLUMNS;
  const maxRows = options.maxRows ?? 50_000;
  let warnings: FileIssue[] = [];
  try {
    const iterator = rows[Symbol.asyncIterator]();
    let header = await iterator.next();
    while (!header.done && isBlankRow(header.value.cells)) header = await iterator.next();
    if (header.done) return { ok: false, errors: [{ code: 'import.empty' }], warnings };
    const mapped = mapHeader(header.value.cells, columns);
    warnings = mapped.warnings;
    if (!mapped.ok) return { ok: false, errors: mapped.errors, warnings };
    const headerLength = header.value.cells.length;

    const grouper = options.channel === 'adminduk' ? undefined : new HouseholdGrouper(options.deps);
    const results: RowResult[] = [];
    const proposals: ImportedProposal[] = [];
    const references: PopulationReference[] = [];
    const seen = new Set<string>();
    let rowCount = 0;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      if (isBlankRow(next.value.cells)) continue;
      rowCount += 1;
      if (rowCount > maxRows) {
        await iterator.return?.(undefined);
        return { ok: false, errors: [{ code: 'import.too_many_rows', params: { maximum: maxRows } }], warnings };
      }
      const converted = convertRow(next.value, columns, mapped.positions, headerLength);
      if (grouper) grouper.add(converted);
      else {
        const outcome = admindukRow(converted, options.deps, seen);
        results.push(outcome.result);
        if (outcome.proposal) proposals.push(outcome.proposal);
        if (outcome.reference) references.push(outcome.reference);
      }
    }
    if (rowCount === 0) return { ok: false, errors: [{ code: 'import.empty' }], warnings };
    if (grouper) {
      const grouped = grouper.finish();
      return { ok: true, rowCount, rows: grouped.rows, proposals: grouped.proposals, references, warnings };
    }
    return { ok: true, rowCount, rows: results, proposals, references, warnings };
  } catch (error) {
    if (error instanceof ImportFileError) return { ok: false, errors: [error.issue], warnings };
    throw error;
  }
}
