/**
 * PL/pgSQL pieces of the append functions' path for one event at a known revision (`no_stream`
 * or an exact one): the stream head is written first, by the statement that checks the expected
 * revision and chains the hash from the old head (no statement reads the head), then the event
 * row. Both pieces expect the caller's variables `v_text` (the event's canonical text, revision
 * filled in), `v_hash` and `v_json`; `stream`, `expected`, `revision` and `eventId` are PL/pgSQL
 * expressions.
 */

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

/**
 * An event's canonical text as the caller sent it (`text`): with the revision filled in when the
 * append's expected revision fixes it, else with `REVISION_PLACEHOLDER` (U+0002), which is then
 * replaced by `revision`. Telling the two apart costs one memchr of the text.
 */
export const FILLED_TEXT_SQL = (text: string, revision: string): string =>
  `CASE WHEN strpos(${text}, E'\\x02') = 0 THEN ${text} ELSE replace(${text}, E'\\x02', (${revision})::text) END`;

/**
 * `revision` when the parsed event `json` carries that revision, else an error (what is hashed
 * must be what is stored: a caller that filled in a revision the stream does not give the event
 * is refused). The error is raised only on a mismatch (CASE evaluates lazily).
 */
export const CHECKED_REVISION_SQL = (json: string, revision: string): string =>
  `CASE WHEN (${json} ->> 'revision') = (${revision})::text THEN ${revision}
        ELSE eventstore.revision_mismatch(${revision}, ${json} ->> 'revision') END`;

/** The function that `CHECKED_REVISION_SQL` calls on a mismatch. */
export const revisionMismatchFunctionSql = `
CREATE OR REPLACE FUNCTION eventstore.revision_mismatch(p_expected bigint, p_found text) RETURNS bigint
LANGUAGE plpgsql VOLATILE AS $fn$
BEGIN
  RAISE EXCEPTION 'eventstore: an event''s text carries revision %, the stream gives it %', p_found, p_expected
    USING ERRCODE = 'data_exception';
END
$fn$;
`;

/** Inserts the event of `v_text` with hash `v_hash`; `returning` is the RETURNING … INTO clause. */
export const INSERT_EVENT_SQL = (stream: string, revision: string, eventId: string, returning: string): string => `
      v_json := v_text::jsonb;
      INSERT INTO eventstore.events (stream_id, revision, event_id, type, schema_version, data, metadata, hash)
      VALUES (${stream}, ${CHECKED_REVISION_SQL('v_json', revision)}, ${eventId}, v_json ->> 'type',
              (v_json ->> 'schemaVersion')::integer, v_json -> 'data', v_json -> 'metadata', v_hash)
      RETURNING ${returning};`;
