import type { MigrationSet } from '@siks/pg';
import { appendFunctionSql } from './append-function.ts';
import { appendManyFunctionSql } from './append-many-function.ts';
import { horizonFunctionsSql, readHorizonFunctionSql } from './horizon-function.ts';
import { revisionMismatchFunctionSql } from './revision-texts.ts';

const tables = `
CREATE SCHEMA IF NOT EXISTS eventstore;

CREATE SEQUENCE eventstore.position_seq AS bigint;

CREATE TABLE eventstore.events (
  position        bigint      NOT NULL DEFAULT nextval('eventstore.position_seq') PRIMARY KEY,
  transaction_id  xid8        NOT NULL DEFAULT pg_current_xact_id(),
  stream_id       text        NOT NULL,
  revision        bigint      NOT NULL CHECK (revision >= 0),
  event_id        uuid        NOT NULL,
  type            text        NOT NULL,
  schema_version  integer     NOT NULL,
  data            jsonb       NOT NULL,
  metadata        jsonb       NOT NULL,
  recorded_at     timestamptz NOT NULL DEFAULT now(),
  hash            bytea       NOT NULL,
  CONSTRAINT events_event_id_key UNIQUE (event_id),
  CONSTRAINT events_stream_revision_key UNIQUE (stream_id, revision)
);
ALTER SEQUENCE eventstore.position_seq OWNED BY eventstore.events.position;

-- The global log order: (transaction_id, position). Readers only take rows whose transaction
-- id is below the oldest transaction still running, so a late commit is waited for.
CREATE INDEX events_global_order ON eventstore.events (transaction_id, position);

CREATE TABLE eventstore.streams (
  stream_id  text   NOT NULL PRIMARY KEY,
  revision   bigint NOT NULL,
  last_hash  bytea  NOT NULL
);

CREATE FUNCTION eventstore.reject_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  RAISE EXCEPTION 'eventstore.%: % is not allowed, the event log is append-only', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'restrict_violation';
END
$fn$;

CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON eventstore.events
  FOR EACH ROW EXECUTE FUNCTION eventstore.reject_change();
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON eventstore.events
  FOR EACH STATEMENT EXECUTE FUNCTION eventstore.reject_change();
CREATE TRIGGER streams_no_delete BEFORE DELETE ON eventstore.streams
  FOR EACH ROW EXECUTE FUNCTION eventstore.reject_change();
CREATE TRIGGER streams_no_truncate BEFORE TRUNCATE ON eventstore.streams
  FOR EACH STATEMENT EXECUTE FUNCTION eventstore.reject_change();
`;

/**
 * Each relay and subscription reads only its own service's streams. By category (the stream id
 * up to its first '-': 'proposal', 'case', …) in log order, such a read touches only its own
 * events instead of every service's. Events of up to 8 KB (a household's sealed personal data
 * is 2–4 KB) stay in the row uncompressed: otherwise every one of the readers decompresses the
 * same TOASTed value again. On a large existing log, build the index beforehand without
 * blocking appends (`CREATE INDEX CONCURRENTLY events_category_order …`, same definition): the
 * migration then finds it and only sets the storage parameter.
 */
const categoryReads = `
CREATE INDEX IF NOT EXISTS events_category_order ON eventstore.events ((split_part(stream_id, '-', 1)), transaction_id, position);
ALTER TABLE eventstore.events SET (toast_tuple_target = 8160);
`;

/** Migrations of the PostgreSQL event store (schema `eventstore`), for `migrate()` of @siks/pg. */
export const eventstoreMigrations: MigrationSet = {
  component: 'eventstore',
  migrations: [
    { id: '001_events', sql: tables },
    { id: '002_append_function', sql: appendFunctionSql },
    { id: '003_append_many_function', sql: appendManyFunctionSql },
    // Readers wait for appending transactions only; both append functions now declare themselves.
    { id: '004_appender_horizon', sql: horizonFunctionsSql + appendFunctionSql + appendManyFunctionSql },
    { id: '005_category_reads', sql: categoryReads },
    // Readers no longer pass an appender that is committing (its locks released one by one).
    { id: '006_horizon_commit_window', sql: readHorizonFunctionSql },
    // The appender declaration and stream locks as plain expressions (no query per PERFORM):
    // concurrent appends had fallen to ~0.55 of raw inserts.
    { id: '007_append_expressions', sql: horizonFunctionsSql + appendFunctionSql + appendManyFunctionSql },
    // An append in a transaction older than the stream head's writer is refused (per-stream
    // order in the global log; see append-function.ts).
    { id: '008_append_order_check', sql: appendFunctionSql },
    // Issue 20: a batch's events go in by one INSERT (no probe per event id; a stored id fails
    // the batch, whose appends then go one by one), an append's by one INSERT and fewer
    // PL/pgSQL statements per event.
    { id: '009_append_set_based', sql: appendFunctionSql + appendManyFunctionSql },
    // Readers wait for the appenders of their own database only.
    { id: '010_horizon_per_database', sql: readHorizonFunctionSql },
    // Issue 20: texts whose revision the caller filled in (appends at a known revision) are
    // stored as sent, checked against the stream, instead of having a placeholder replaced twice.
    { id: '011_filled_revisions', sql: revisionMismatchFunctionSql + appendFunctionSql + appendManyFunctionSql },
    // A transaction the read horizon catches ending holds readers back only if it wrote events here.
    { id: '012_horizon_ended_transactions', sql: readHorizonFunctionSql },
    // One event at a known revision: its stream head and its row written by one statement.
    { id: '013_head_and_event_together', sql: appendFunctionSql + appendManyFunctionSql },
  ],
};
