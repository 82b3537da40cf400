import { Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { ImportFileError, type SheetRow } from './rows.ts';

const DELIMITERS = [',', ';', '\t'] as const;
const HEADER_PEEK_LIMIT = 64 * 1024;

/**
 * Streams the records of a CSV file (UTF-8, optional BOM; `,`, `;` or tab, detected from the
 * header line). Quotes are strict: a broken quote is an `ImportFileError` `import.csv_quote`
 * naming the line. Records are yielded as they are parsed, so memory stays flat. A record's
 * `row` is the line it starts on, as a spreadsheet opening the file would number it.
 */
export async function* readCsv(source: AsyncIterable<Buffer | string>): AsyncGenerator<SheetRow> {
  const { head, rest } = await peekHeader(source);
  if (head.length === 0) throw new ImportFileError({ code: 'import.empty' });
  const parser = parse({
    bom: true,
    delimiter: detectDelimiter(head.toString('utf8')),
    relax_column_count: true,
    skip_empty_lines: true,
    trim: true,
    info: true,
  });
  const input = Readable.from(chain(head, rest));
  input.on('error', (error) => parser.destroy(error));
  input.pipe(parser);
  let lastLine = 0;
  try {
    for await (const record of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      lastLine = record.info.lines;
      yield { row: record.info.lines - countNewlines(record.record), cells: record.record };
    }
  } catch (error) {
    throw toFileError(error, lastLine);
  } finally {
    input.destroy();
  }
}

/** A quote never closed is reported where its record starts (csv-parse reports the file's end). */
function toFileError(error: unknown, lastLine: number): unknown {
  if (!(error instanceof CsvError)) return error;
  const reported = typeof error.lines === 'number' ? error.lines : 0;
  const line = error.code === 'CSV_QUOTE_NOT_CLOSED' ? lastLine + 1 : reported;
  const quote = /QUOTE/.test(error.code);
  return new ImportFileError({ code: quote ? 'import.csv_quote' : 'import.csv_malformed', params: { line } });
}

/** The first line's end (up to 64 KiB), and the rest of the source. */
async function peekHeader(
  source: AsyncIterable<Buffer | string>,
): Promise<{ head: Buffer; rest: AsyncIterator<Buffer | string> }> {
  const iterator = source[Symbol.asyncIterator]();
  const chunks: Buffer[] = [];
  let size = 0;
  while (size < HEADER_PEEK_LIMIT) {
    const next = await iterator.next();
    if (next.done) break;
    const chunk = typeof next.value === 'string' ? Buffer.from(next.value, 'utf8') : next.value;
    chunks.push(chunk);
    size += chunk.length;
    if (chunk.includes(0x0a)) break;
  }
  return { head: Buffer.concat(chunks), rest: iterator };
}

async function* chain(head: Buffer, rest: AsyncIterator<Buffer | string>): AsyncGenerator<Buffer | string> {
  yield head;
  for (;;) {
    const next = await rest.next();
    if (next.done) return;
    yield next.value;
  }
}

/** The delimiter occurring most often outside quotes in the first line (comma on a tie). */
export function detectDelimiter(text: string): string {
  const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) break;
    else if (!quoted && counts.has(char)) counts.set(char, (counts.get(char) ?? 0) + 1);
  }
  let best: string = ',';
  for (const [delimiter, count] of counts) if (count > (counts.get(best) ?? 0)) best = delimiter;
  return best;
}

function countNewlines(cells: readonly string[]): number {
  let count = 0;
  for (const cell of cells) for (const char of cell) if (char === '\n') count += 1;
  return count;
}
