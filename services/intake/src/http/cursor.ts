import { ValidationProblem } from '@siks/service-kit';
import { z } from 'zod';

/** A keyset position in a list sorted by time then id, newest first. */
export interface Cursor {
  at: string;
  id: string;
}

const CursorShape = z.tuple([z.iso.datetime({ offset: true }), z.uuid()]);

/** Opaque `cursor` query value: base64url of `[at, id]`. */
export const encodeCursor = (cursor: Cursor): string =>
  Buffer.from(JSON.stringify([cursor.at, cursor.id]), 'utf8').toString('base64url');

/** The cursor, or a 400 naming `query.cursor`. */
export function decodeCursor(text: string): Cursor {
  try {
    const [at, id] = CursorShape.parse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
    return { at, id };
  } catch {
    throw new ValidationProblem([{ path: 'query.cursor', code: 'cursor.invalid' }]);
  }
}

/**
 * A region filter with prefix semantics (`52.02` covers `52.02.01.1001`): equality for a village,
 * a `LIKE 'PP.KK.%'` prefix (index-friendly: the pattern is a plain parameter) above it.
 * Region codes hold digits and dots only, so nothing needs escaping.
 */
export function regionFilter(column: string, region: string): { sql: (parameter: number) => string; value: string } {
  if (region.split('.').length === 4) return { sql: (n) => `${column} = $${n}`, value: region };
  return { sql: (n) => `${column} LIKE $${n}`, value: `${region}.%` };
}
