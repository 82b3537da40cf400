import { GENESIS_HASH_SQL, INSERT_EVENT_SQL, WRITE_HEAD_AND_EVENT_SQL } from './head-first.ts';
import { CHAIN_TEXTS_SQL, CHECKED_REVISION_SQL, FILLED_TEXT_SQL } from './revision-texts.ts';
import { ENTER_APPEND_SQL, STREAM_LOCK_SQL } from './horizon-function.ts';

/**
 * `eventstore.append(stream_id, expected, event_ids, events, notify)`: one round trip per append.
 *
 * - `expected`: -1 any, -2 no_stream, -3 stream_exists, >= 0 the exact revision.
 * - `events`: the canonical JSON of each event, joined by U+0001, with the revision filled in
 *   (`no_stream`, an exact revision) or left as U+0002 for the function to put in (see
 *   revision-texts.ts). The function chains `sha256(prev ‖ sha256(text))`, stores the fields
 *   parsed from that same text and checks that its revision is the one the stream gives, so
 *   what is hashed is exactly what is stored.
 * - Outcome `ok` (o_revision = the new revision, o_positions = the log positions) or
 *   `wrong_revision` (nothing written; o_revision = the actual revision, NULL when no stream).
 *   An event id that exists already fails the insert (unique violation, nothing written);
 *   the caller then looks the ids up to answer an idempotent retry (see append.ts). Keeping
 *   that lookup out of the function keeps the common path short and free of a cached plan
 *   that would go stale while the table grows.
 *
 * One event at a known revision (`no_stream`, or an exact revision) in a transaction of its own
 * is the common case and has a path of its own: one statement writes the stream head, checking
 * the expected revision (INSERT … ON CONFLICT DO NOTHING for a new stream, UPDATE … WHERE
 * revision = expected for an existing one) and chaining the hash from the old head, and the event
 * row with that hash (a writable CTE, head-first.ts). One statement instead of three (no read of
 * the head), same rows.
 *
 * Appends to one stream are serialised by an advisory lock on the stream id (held to the end
 * of the transaction); appends to different streams do not wait for each other (barring a
 * 32-bit hash collision of their ids, which only serialises them).
 *
 * A transaction that appended before (a caller appending twice in its own transaction) holds
 * its transaction id already, so it may be older than the transaction that wrote the stream's
 * head meanwhile: its event would then come before its predecessor in the global order
 * (transaction_id, position). Such an append is refused as a serialization failure (40001); the
 * caller's retry starts a new, younger transaction. Only then is the head event's transaction
 * looked up: a lone append in its own transaction pays nothing for this.
 */
export const appendFunctionSql = `
CREATE OR REPLACE FUNCTION eventstore.append(p_stream_id text, p_expected bigint, p_event_ids uuid[], p_events text,
  p_notify boolean, OUT o_outcome text, OUT o_revision bigint, OUT o_positions text[])
LANGUAGE plpgsql AS $fn$
DECLARE
  v_count     integer := coalesce(cardinality(p_event_ids), 0);
  v_rev       bigint;
  v_hash      bytea;
  v_exists    boolean;
  v_own_xid   xid8;
  v_texts     text[];
  v_text      text;
  v_filled    boolean;
  v_json      jsonb;
  v_hashes    bytea[];
  v_xid       text;
  v_ok        boolean;
BEGIN
  -- Readers wait for appenders only (horizon-function.ts): this is eventstore.enter_append(),
  -- inlined as plain expressions (ENTER_APPEND_SQL). A PERFORM is a whole query through the
  -- executor each time; these appends run thousands of times a second.
${ENTER_APPEND_SQL}
  -- Serialise the appends of one stream. A transaction-level advisory lock, not a row lock:
  -- taking it assigns no transaction id, so the id is taken after the lock is held and appends
  -- to one stream get increasing ids; the global order (transaction_id, position) then keeps
  -- every stream in revision order. (A row lock assigns the id before waiting for the lock.)
  -- Tried first as an expression (the lock is almost always free); waited for only when held.
${STREAM_LOCK_SQL('hashtext(p_stream_id)')}
  IF v_count = 1 AND (p_expected = -2 OR p_expected >= 0) AND pg_current_xact_id_if_assigned() IS NULL THEN
    -- One event at a known revision, in a transaction of its own (the common case): the head is
    -- written first, by the statement that also checks the expected revision and chains the
    -- hash from the head's, so there is no statement reading the head. The head write takes the
    -- transaction id, after the locks as below.
    v_rev := greatest(p_expected, -1); -- no_stream: the event gets revision 0
    o_revision := v_rev + 1;
    v_text := ${FILLED_TEXT_SQL('p_events', 'o_revision')};
${WRITE_HEAD_AND_EVENT_SQL('p_stream_id', 'p_expected', 'o_revision', 'p_event_ids[1]', "ARRAY[pg_current_xact_id()::text || ':' || position] INTO o_positions")}
    IF NOT FOUND THEN
      o_outcome := 'wrong_revision';
      o_revision := (SELECT s.revision FROM eventstore.streams s WHERE s.stream_id = p_stream_id);
      RETURN;
    END IF;
    o_outcome := 'ok';
    IF p_notify THEN
      PERFORM pg_notify('eventstore_appended', '');
    END IF;
    RETURN;
  END IF;
  SELECT s.revision, s.last_hash INTO v_rev, v_hash FROM eventstore.streams s WHERE s.stream_id = p_stream_id;
  v_exists := FOUND;
  IF (p_expected = -2 AND v_exists) OR (p_expected = -3 AND NOT v_exists)
     OR (p_expected >= 0 AND v_rev IS DISTINCT FROM p_expected) THEN
    o_outcome := 'wrong_revision';
    o_revision := v_rev;
    RETURN;
  END IF;
  o_outcome := 'ok';
  o_revision := coalesce(v_rev, -1) + v_count;
  o_positions := '{}';
  IF v_count = 0 THEN RETURN; END IF;
  v_own_xid := pg_current_xact_id_if_assigned();
  IF v_exists AND v_own_xid IS NOT NULL AND EXISTS (
       SELECT 1 FROM eventstore.events e
        WHERE e.stream_id = p_stream_id AND e.revision = v_rev AND e.transaction_id > v_own_xid) THEN
    RAISE EXCEPTION 'eventstore.append: stream extended by a younger transaction; retry in a new one'
      USING ERRCODE = 'serialization_failure';
  END IF;
  IF NOT v_exists THEN
    v_rev := -1;
    v_hash := ${GENESIS_HASH_SQL};
  END IF;
  v_xid := pg_current_xact_id()::text;

  IF v_count = 1 THEN
    -- One event (the common case): plain statements, no arrays.
    v_text := ${FILLED_TEXT_SQL('p_events', 'o_revision')};
    v_hash := sha256(v_hash || sha256(convert_to(v_text, 'UTF8')));
${INSERT_EVENT_SQL('p_stream_id', 'o_revision', 'p_event_ids[1]', "ARRAY[v_xid || ':' || position] INTO o_positions")}
  ELSE
    v_texts := string_to_array(p_events, E'\\x01');
    IF cardinality(v_texts) <> v_count THEN
      RAISE EXCEPTION 'eventstore.append: % event ids but % events', v_count, cardinality(v_texts);
    END IF;
${CHAIN_TEXTS_SQL()}
    -- Positions from the column's sequence default, taken row by row in revision order (the
    -- ORDER BY), so the global order (transaction_id, position) keeps the stream's order.
    WITH inserted AS (
      INSERT INTO eventstore.events (stream_id, revision, event_id, type, schema_version, data, metadata, hash)
      SELECT p_stream_id, ${CHECKED_REVISION_SQL('t.j', 'v_rev + t.ord')}, p_event_ids[t.ord], t.j ->> 'type',
             (t.j ->> 'schemaVersion')::integer, t.j -> 'data', t.j -> 'metadata', v_hashes[t.ord]
        FROM (SELECT u.txt::jsonb AS j, u.ord
                FROM unnest(v_texts) WITH ORDINALITY AS u(txt, ord)
               ORDER BY u.ord
              OFFSET 0) t -- OFFSET 0: parse each event once, not once per field taken from it
      RETURNING revision, position)
    SELECT array_agg(v_xid || ':' || inserted.position ORDER BY inserted.revision) INTO o_positions FROM inserted;
  END IF;

  IF v_exists THEN
    UPDATE eventstore.streams s SET revision = o_revision, last_hash = v_hash WHERE s.stream_id = p_stream_id;
  ELSE
    INSERT INTO eventstore.streams (stream_id, revision, last_hash) VALUES (p_stream_id, o_revision, v_hash);
  END IF;
  IF p_notify THEN
    PERFORM pg_notify('eventstore_appended', '');
  END IF;
END
$fn$;
`;
