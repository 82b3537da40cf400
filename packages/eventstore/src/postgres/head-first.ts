/**
 * PL/pgSQL pieces of the append functions' path for one event at a known revision (`no_stream`
 * or an exact one): the stream head is written first, by the statement that checks the expected
 * revision and chains the hash from the old head (no statement reads the head), then the event
 * row. Both pieces expect the caller's variables `v_text` (the event's canonical text, revision
 * filled in), `v_hash` and `v_json`; `stream`, `expected`, `revision` and `eventId` are PL/pgSQL
 * expressions.
 */

import { CHECKED_REVISION_SQL } from './revision-texts.ts';

/** The previous hash of a stream's first event: 32 zero bytes. */
export const GENESIS_HASH_SQL = `'\\x${'00'.repeat(32)}'::bytea`;

/** Writes the head at `revision` when `expected` holds (into `v_hash`); `NOT FOUND` when it does not. */
export const WRITE_HEAD_SQL = (stream: string, expected: string, revision: string): string => `
      IF ${expected} = -2 THEN
        INSERT INTO eventstore.streams AS s (stream_id, revision, last_hash)
        VALUES (${stream}, 0, sha256(${GENESIS_HASH_SQL} || sha256(convert_to(v_text, 'UTF8'))))
        ON CONFLICT (stream_id) DO NOTHING
        RETURNING s.last_hash INTO v_hash;
      ELSE
        UPDATE eventstore.streams s
           SET revision = ${revision}, last_hash = sha256(s.last_hash || sha256(convert_to(v_text, 'UTF8')))
         WHERE s.stream_id = ${stream} AND s.revision = ${expected}
        RETURNING s.last_hash INTO v_hash;
      END IF;`;

/** Inserts the event of `v_text` with hash `v_hash`; `returning` is the RETURNING … INTO clause. */
export const INSERT_EVENT_SQL = (stream: string, revision: string, eventId: string, returning: string): string => `
      v_json := v_text::jsonb;
      INSERT INTO eventstore.events (stream_id, revision, event_id, type, schema_version, data, metadata, hash)
      VALUES (${stream}, ${CHECKED_REVISION_SQL('v_json', revision)}, ${eventId}, v_json ->> 'type',
              (v_json ->> 'schemaVersion')::integer, v_json -> 'data', v_json -> 'metadata', v_hash)
      RETURNING ${returning};`;
