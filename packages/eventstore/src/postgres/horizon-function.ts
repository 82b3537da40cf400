/**
 * Which transactions readers of the global log wait for.
 *
 * Events are ordered by `(transaction_id, position)`, and a reader must never move past the id
 * of a transaction that may still commit events, or those events would land behind its cursor.
 * The plain rule, `transaction_id < pg_snapshot_xmin(pg_current_snapshot())`, waits for every
 * transaction of the whole cluster that holds an id: a projection writing its read model for a
 * few seconds held back every relay (the pipeline bench showed relays thousands of events behind
 * an intake read-model transaction). Only transactions that append need waiting for:
 *
 * - `eventstore.enter_append()` runs first in every append. It takes a shared advisory lock
 *   (held to the end of the transaction, never taken exclusively, so it never waits) and
 *   refuses a transaction that already holds an id without that lock: such a transaction wrote
 *   before it appended, and readers may already have passed its id.
 * - `eventstore.read_horizon()` (STABLE: it sees the snapshot of the statement that calls it)
 *   is the snapshot's `xmax`, lowered to the oldest transaction of the snapshot's in-progress
 *   list that is not known to be a non-appender. Known non-appender = at the moment the lock
 *   table is read (after the snapshot was taken), the transaction holds its own id but its
 *   owner does not hold the appender lock, AND, looked at after that read, it is still in
 *   progress. An id that has ended by then is waited for only when it wrote events into this
 *   log (`eventstore.wrote_here`, with a snapshot of its own, so it sees them): an aborted one
 *   never, a committed one that wrote nothing here (a read model's, another database's) never.
 *   Every other id of the in-progress list (an appender, or one that has not shown what it is
 *   yet) is waited for.
 *
 * Why "still in progress": a transaction that ends leaves the in-progress list first and
 * releases its locks afterwards, one by one, so while it is committing the lock table can show
 * its id lock without its appender lock (a 20-second stress of group commits, single appends
 * and a reader found 300-800 skipped events per run before this check). Such a transaction is
 * no longer in progress by then; one that is in progress after the lock-table read and had no
 * appender lock during it cannot have appended (appenders take the lock before their id) and
 * never will (`enter_append` refuses a transaction that holds an id). `pg_xact_status` is asked
 * after the lock table was read (CASE).
 *
 * Why "wrote events here": until then, a transaction caught committing (anywhere on the server,
 * a consumer's, a notifier's) held this log's readers back for one read, and a reader right after
 * an append could miss it: a relay's `caughtUp` came too early, tests were flaky. Only
 * the transactions that really appended here now hold a read back while they commit.
 *
 * Every id below the horizon is then committed (visible in the snapshot), rolled back, or a
 * running transaction that will never append: nothing can appear below it later.
 *
 * Transaction ids and snapshots are the whole server's, advisory locks a database's. Only
 * appenders of this database count (the lock's `database`), and a transaction whose backend is
 * connected to another database (`pg_stat_get_activity(pid).datid` of the pid holding its id; a backend
 * never changes database) can never write this one's log: it is never waited for, not even while
 * it commits. Without that, every append in any database of the server held back the readers of
 * all the others (the test suite runs many event stores on one server; so may a production server
 * with a database per service). The activity table is read afresh (`pg_stat_clear_snapshot`):
 * a transaction otherwise keeps its first view of it, and a pid may be reused meanwhile. The lock
 * table is read once (MATERIALIZED), so both lock kinds come from one consistent read.
 */
export const APPENDER_LOCK = { classid: 1702127987, objid: 1 } as const;

/**
 * The body of `eventstore.enter_append()`, for the append functions to inline (they declare a
 * boolean `v_ok`). Plain PL/pgSQL expressions only: each is evaluated without the executor,
 * whereas a `PERFORM` (or a call of `enter_append()`) runs a whole query; at thousands of appends a
 * second that showed in the append benchmark. A transaction holding no id yet takes the shared
 * appender lock (never taken exclusively, so the try always succeeds) and marks itself; one that
 * holds an id already must have marked itself before, else it wrote before it appended.
 */
export const ENTER_APPEND_SQL = `
  IF pg_current_xact_id_if_assigned() IS NULL THEN
    v_ok := pg_try_advisory_xact_lock_shared(${APPENDER_LOCK.classid}, ${APPENDER_LOCK.objid})
            AND set_config('eventstore.appending', 'on', true) = 'on';
    IF NOT v_ok THEN
      RAISE EXCEPTION 'eventstore: the appender lock is taken exclusively';
    END IF;
  ELSIF current_setting('eventstore.appending', true) IS DISTINCT FROM 'on' THEN
    RAISE EXCEPTION 'eventstore: a transaction must append before it writes anything else'
      USING ERRCODE = 'object_not_in_prerequisite_state';
  END IF;`;

/**
 * Takes a stream's advisory lock (to the end of the transaction): tried first as an expression,
 * waited for with a `PERFORM` only when another append of the stream holds it.
 */
export const STREAM_LOCK_SQL = (key: string): string => `
  IF NOT pg_try_advisory_xact_lock(1702127986, ${key}) THEN
    PERFORM pg_advisory_xact_lock(1702127986, ${key});
  END IF;`;

const enterAppendFunctionSql = `
CREATE OR REPLACE FUNCTION eventstore.enter_append() RETURNS void LANGUAGE plpgsql AS $fn$
DECLARE
  v_ok boolean;
BEGIN
${ENTER_APPEND_SQL}
END
$fn$;
`;

/**
 * Whether a transaction that has ended wrote events into this log: asked by the read horizon for
 * an id of its snapshot that ended before the horizon could tell what it was. PL/pgSQL and
 * VOLATILE, so its query takes a snapshot of its own, after that transaction left the in-progress
 * list (`pg_xact_status` said so, and it looks there first): its events, if any, are visible to
 * it. A caller that is not READ COMMITTED gets no fresh snapshot, and is answered "yes" (wait).
 */
const wroteHereFunctionSql = `
CREATE OR REPLACE FUNCTION eventstore.wrote_here(p_xid xid8) RETURNS boolean LANGUAGE plpgsql VOLATILE AS $fn$
BEGIN
  IF current_setting('transaction_isolation') <> 'read committed' THEN
    RETURN true;
  END IF;
  RETURN EXISTS (SELECT 1 FROM eventstore.events WHERE transaction_id = p_xid);
END
$fn$;
`;

/** `eventstore.read_horizon()` alone (migration 006 replaces the one of 004). */
export const readHorizonFunctionSql = `${wroteHereFunctionSql}
CREATE OR REPLACE FUNCTION eventstore.read_horizon() RETURNS xid8 LANGUAGE sql STABLE AS $fn$
  SELECT pg_stat_clear_snapshot(); -- the backends' activity below as it is now, not as this transaction first saw it
  WITH snapshot AS (SELECT pg_current_snapshot() AS s),
  here AS (SELECT oid FROM pg_database WHERE datname = current_database()),
  locks AS MATERIALIZED (
    SELECT locktype, virtualtransaction, pid, transactionid, database, classid, objid, objsubid
      FROM pg_locks
     WHERE granted AND (locktype = 'advisory' OR (locktype = 'transactionid' AND mode = 'ExclusiveLock'))),
  appenders AS (
    SELECT virtualtransaction FROM locks
     WHERE locktype = 'advisory' AND database = (SELECT oid FROM here)
       AND classid = ${APPENDER_LOCK.classid}::oid
       AND objid = ${APPENDER_LOCK.objid}::oid AND objsubid = 2),
  non_appenders AS (
    SELECT l.transactionid, coalesce(a.datid <> (SELECT oid FROM here), false) AS elsewhere
      FROM locks l
      -- Not for a NULL pid (a prepared transaction's): pg_stat_get_activity(NULL) lists every backend.
      LEFT JOIN LATERAL (SELECT datid FROM pg_stat_get_activity(l.pid) WHERE l.pid IS NOT NULL) a ON true
     WHERE l.locktype = 'transactionid'
       AND l.virtualtransaction NOT IN (SELECT virtualtransaction FROM appenders))
  SELECT least(pg_snapshot_xmax(s),
               (SELECT min(x) FROM pg_snapshot_xip(s) AS x
                 LEFT JOIN non_appenders n ON n.transactionid = x::xid
                 WHERE CASE WHEN n.elsewhere THEN false
                            ELSE CASE pg_xact_status(x)
                                   -- An appender, or one that has not shown what it is yet.
                                   WHEN 'in progress' THEN n.transactionid IS NULL
                                   WHEN 'aborted' THEN false
                                   WHEN 'committed' THEN eventstore.wrote_here(x)
                                   ELSE true END END))
    FROM snapshot
$fn$;
`;

export const horizonFunctionsSql = enterAppendFunctionSql + readHorizonFunctionSql;
