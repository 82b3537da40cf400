import { GENESIS_HASH_SQL, WRITE_HEAD_AND_EVENT_SQL } from './head-first.ts';
import { CHAIN_TEXTS_SQL, CHECKED_REVISION_SQL, FILLED_TEXT_SQL } from './revision-texts.ts';
import { ENTER_APPEND_SQL, STREAM_LOCK_SQL } from './horizon-function.ts';

/**
 * `eventstore.append_many(stream_ids, expected, counts, event_ids, events, notify)`: many appends
 * (to one stream or to many) in one statement and one transaction, so concurrent appends share
 * one round trip and one durable commit ("group commit", see group-commit.ts).
 *
 * - Append `a` is `stream_ids[a]` with `expected[a]` (as in `eventstore.append`), its
 *   `counts[a]` event ids taken in turn from the flat `event_ids`, and `events[a]` = the
 *   canonical JSON of its events (revisions filled in, or as U+0002) joined by U+0001 (the caller
 *   sends the appends' texts joined by U+0003, split before the call).
 * - Every stream of the batch is locked first (advisory locks, in one global order, so batches
 *   cannot deadlock each other), before anything is written: the transaction id is then taken
 *   after all locks are held, and the global order keeps every stream in revision order (the
 *   same reasoning as `eventstore.append`).
 * - Appends are then applied in order, each exactly as `eventstore.append` would (same hash
 *   chain, same stored fields). An append whose expected revision does not hold gets
 *   `wrong_revision` (and the actual revision), writes nothing and does not disturb the others.
 *   `o_positions` holds the positions of the `ok` appends' events, in order.
 * - An error rolls the whole batch back and the caller appends each one alone. That includes an
 *   event id stored already (an idempotent retry, or a duplicate): the unique index refuses it
 *   and the single append answers it. Such batches are rare (a consumer's redelivery, a resumed
 *   seed); the probe of every event id that answered them here cost every batch an index lookup
 *   and a statement per event.
 */
export const appendManyFunctionSql = `
CREATE OR REPLACE FUNCTION eventstore.append_many(p_stream_ids text[], p_expected bigint[], p_counts integer[],
  p_event_ids uuid[], p_events text[], p_notify boolean,
  OUT o_outcomes text[], OUT o_revisions bigint[], OUT o_positions text[])
LANGUAGE plpgsql AS $fn$
DECLARE
  v_appends   integer := coalesce(cardinality(p_stream_ids), 0);
  v_lock      integer;
  v_offset    integer := 0;
  v_count     integer;
  v_ids       uuid[];
  v_stream    text;
  v_expected  bigint;
  v_rev       bigint;
  v_hash      bytea;
  v_exists    boolean;
  v_texts     text[];
  v_text      text;
  v_filled    boolean;
  v_json      jsonb;
  v_hashes    bytea[];
  v_positions bigint[];
  v_xid       text;
  v_written   boolean := false;
  v_ok        boolean;
BEGIN
  IF cardinality(p_expected) <> v_appends OR cardinality(p_counts) <> v_appends
     OR cardinality(p_events) <> v_appends THEN
    RAISE EXCEPTION 'eventstore.append_many: arrays of different lengths';
  END IF;
  -- Readers wait for appenders only (horizon-function.ts); eventstore.enter_append() inlined.
${ENTER_APPEND_SQL}
  FOR v_lock IN SELECT DISTINCT hashtext(s) FROM unnest(p_stream_ids) AS s ORDER BY 1 LOOP
${STREAM_LOCK_SQL('v_lock')}
  END LOOP;
  o_outcomes := '{}';
  o_revisions := '{}';
  o_positions := '{}';

  FOR a IN 1 .. v_appends LOOP
    v_stream := p_stream_ids[a];
    v_expected := p_expected[a];
    v_count := p_counts[a];
    v_ids := p_event_ids[v_offset + 1 : v_offset + v_count];
    v_offset := v_offset + v_count;
    IF v_count < 1 OR cardinality(v_ids) <> v_count THEN
      RAISE EXCEPTION 'eventstore.append_many: append % has % event ids', a, coalesce(cardinality(v_ids), 0);
    END IF;
    IF v_count = 1 AND (v_expected = -2 OR v_expected >= 0) THEN
      -- One event at a known revision: the head first, written by the statement that checks the
      -- expected revision and chains the hash, as eventstore.append does (no read of the head).
      v_rev := greatest(v_expected, -1);
      v_text := p_events[a];
      v_text := ${FILLED_TEXT_SQL('v_text', 'v_rev + 1')};
${WRITE_HEAD_AND_EVENT_SQL('v_stream', 'v_expected', 'v_rev + 1', 'v_ids[1]', "coalesce(v_xid, pg_current_xact_id()::text) || ':' || position INTO v_text")}
      IF NOT FOUND THEN
        o_outcomes[a] := 'wrong_revision';
        o_revisions[a] := (SELECT s.revision FROM eventstore.streams s WHERE s.stream_id = v_stream);
        CONTINUE;
      END IF;
      v_xid := coalesce(v_xid, pg_current_xact_id()::text);
      o_positions := o_positions || v_text;
      o_outcomes[a] := 'ok';
      o_revisions[a] := v_rev + 1;
      v_written := true;
      CONTINUE;
    END IF;
    SELECT s.revision, s.last_hash INTO v_rev, v_hash FROM eventstore.streams s WHERE s.stream_id = v_stream;
    v_exists := FOUND;
    o_revisions[a] := v_rev;
    IF (v_expected = -2 AND v_exists) OR (v_expected = -3 AND NOT v_exists)
       OR (v_expected >= 0 AND v_rev IS DISTINCT FROM v_expected) THEN
      o_outcomes[a] := 'wrong_revision';
      CONTINUE;
    END IF;
    IF NOT v_exists THEN
      v_rev := -1;
      v_hash := ${GENESIS_HASH_SQL};
    END IF;
    v_xid := coalesce(v_xid, pg_current_xact_id()::text);
    v_texts := string_to_array(p_events[a], E'\\x01');
    IF cardinality(v_texts) <> v_count THEN
      RAISE EXCEPTION 'eventstore.append_many: % event ids but % events', v_count, cardinality(v_texts);
    END IF;
    v_hashes := '{}';
    v_positions := '{}';
${CHAIN_TEXTS_SQL(`
      v_positions[i] := nextval('eventstore.position_seq');
      o_positions := o_positions || (v_xid || ':' || v_positions[i]);`)}
    INSERT INTO eventstore.events (position, stream_id, revision, event_id, type, schema_version, data, metadata, hash)
    SELECT v_positions[t.ord], v_stream, ${CHECKED_REVISION_SQL('t.j', 'v_rev + t.ord')}, v_ids[t.ord], t.j ->> 'type',
           (t.j ->> 'schemaVersion')::integer, t.j -> 'data', t.j -> 'metadata', v_hashes[t.ord]
      FROM (SELECT u.txt::jsonb AS j, u.ord
              FROM unnest(v_texts) WITH ORDINALITY AS u(txt, ord)
            OFFSET 0) t;
    IF v_exists THEN
      UPDATE eventstore.streams s SET revision = v_rev + v_count, last_hash = v_hash WHERE s.stream_id = v_stream;
    ELSE
      INSERT INTO eventstore.streams (stream_id, revision, last_hash) VALUES (v_stream, v_rev + v_count, v_hash);
    END IF;
    o_outcomes[a] := 'ok';
    o_revisions[a] := v_rev + v_count;
    v_written := true;
  END LOOP;
  IF p_notify AND v_written THEN
    PERFORM pg_notify('eventstore_appended', '');
  END IF;
END
$fn$;
`;
