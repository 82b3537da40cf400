const COMMA = 44;
const QUOTE = 34;
const LF = 10;
const CR = 13;

/** What `scanCsv` reports: fields by byte range, then the end of each record. */
export interface CsvVisitor {
  /**
   * One field of the current record; `start`/`end` exclude the surrounding quotes of a quoted
   * field, whose inner quotes are still doubled (`unquote` copies it).
   */
  field(column: number, start: number, end: number, quoted: boolean): void;
  endRecord(): void;
}

/**
 * Walks CSV bytes (RFC 4180: quoted fields with `""` for a quote, LF or CRLF line ends, a UTF-8
 * BOM ignored, blank lines skipped) without making a string or an object per field.
 */
export function scanCsv(bytes: Uint8Array, visitor: CsvVisitor): void {
  const end = bytes.length;
  let at = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  let column = 0;
  while (at < end) {
    const first = at;
    let fieldEnd: number;
    const quoted = bytes[at] === QUOTE;
    if (quoted) {
      for (at += 1; ; at += 2) {
        at = bytes.indexOf(QUOTE, at);
        if (at < 0) throw new Error('csv: a quoted field is not closed');
        if (bytes[at + 1] !== QUOTE) break;
      }
      fieldEnd = at;
      at += 1;
    } else {
      while (at < end && bytes[at] !== COMMA && bytes[at] !== LF && bytes[at] !== CR) at += 1;
      fieldEnd = at;
    }
    const next = at < end ? bytes[at] : LF;
    const blankLine = column === 0 && !quoted && fieldEnd === first && next !== COMMA;
    if (!blankLine) visitor.field(column, quoted ? first + 1 : first, fieldEnd, quoted);
    if (next === COMMA) {
      at += 1;
      column += 1;
      // The bytes end right after a comma: the record's last field is empty.
      if (at === end) visitor.field(column, at, at, false);
      else continue;
    } else if (next !== LF && next !== CR) throw new Error('csv: unexpected text after a quoted field');
    else at += next === CR && bytes[at + 1] === LF ? 2 : 1;
    if (!blankLine) visitor.endRecord();
    column = 0;
  }
}

/**
 * Copies a field into `target` at `offset` (a quoted field's doubled quotes made single) and
 * returns the offset after it.
 */
export function copyField(
  bytes: Uint8Array,
  start: number,
  end: number,
  quoted: boolean,
  target: Uint8Array,
  offset: number,
): number {
  let out = offset;
  for (let at = start; at < end; at += 1) {
    const byte = bytes[at] as number;
    target[out++] = byte;
    if (quoted && byte === QUOTE) at += 1;
  }
  return out;
}
