/**
 * How the append functions read the revision in an event's canonical text: filled in by the
 * caller (an append at `no_stream` or an exact revision knows its revisions), or left as the
 * placeholder U+0002 for the database to fill in (`any`, `stream_exists`). Either way the stored
 * revision is the one the stream gives the event, and the text hashed is the text stored.
 */

/** `REVISION_PLACEHOLDER` (U+0002, hash.ts) as a SQL literal. */
const PLACEHOLDER_SQL = `E'\\x02'`;

/**
 * An event's canonical text as the caller sent it (`text`): with the revision filled in when the
 * append's expected revision fixes it, else with `REVISION_PLACEHOLDER` (U+0002), which is then
 * replaced by `revision`. Telling the two apart costs one scan of the text.
 */
export const FILLED_TEXT_SQL = (text: string, revision: string): string =>
  `CASE WHEN strpos(${text}, ${PLACEHOLDER_SQL}) = 0 THEN ${text} ELSE replace(${text}, ${PLACEHOLDER_SQL}, (${revision})::text) END`;

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

/**
 * The chain loop of a multi-event append, in revision order (the only step that cannot be
 * set-based): `v_texts` (the append's texts, split) gets its placeholders replaced, once, in
 * place, for the INSERT to read; `v_hash` is chained through every text and each link kept in
 * `v_hashes`; `perEvent` runs after each link (with `i` the event's number). A caller fills in
 * the revisions of all its texts or of none: the first text tells. Expects `v_rev` (the revision
 * before the append), `v_text` and `v_filled`.
 */
export const CHAIN_TEXTS_SQL = (perEvent = ''): string => `
    v_filled := strpos(v_texts[1], ${PLACEHOLDER_SQL}) = 0;
    FOR i IN 1 .. cardinality(v_texts) LOOP
      IF v_filled THEN
        v_text := v_texts[i];
      ELSE
        v_text := replace(v_texts[i], ${PLACEHOLDER_SQL}, (v_rev + i)::text);
        v_texts[i] := v_text;
      END IF;
      v_hash := sha256(v_hash || sha256(convert_to(v_text, 'UTF8')));
      v_hashes[i] := v_hash;${perEvent}
    END LOOP;`;
