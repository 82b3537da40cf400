import type { EventMetadata, RecordedEvent } from '@siks/contracts';
import type { Queryable } from '@siks/pg';
import { compareLogPositions, parseLogPosition } from '../log-position.ts';
import type { ReadAllOptions, ReadAllPage, ReadStreamOptions } from '../port.ts';
import { wholeCategory } from './category.ts';

export interface EventRow {
  transaction_id: string;
  position: string;
  stream_id: string;
  revision: string;
  event_id: string;
  type: string;
  schema_version: number;
  data: Record<string, unknown>;
  metadata: EventMetadata;
  recorded_at: string;
  hash: string;
}

export const COLUMNS = `transaction_id, position, stream_id, revision, event_id, type, schema_version, data, metadata,
  to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS recorded_at, encode(hash, 'hex') AS hash`;

/** A row's log position as text, `"<transaction id>:<position>"` (log-position.ts). */
const POSITION_TEXT = `transaction_id::text || ':' || position::text`;

export function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    eventId: row.event_id,
    type: row.type,
    schemaVersion: row.schema_version,
    data: row.data,
    metadata: row.metadata,
    streamId: row.stream_id,
    revision: Number(row.revision),
    logPosition: `${row.transaction_id}:${row.position}`,
    recordedAt: row.recorded_at,
    hash: row.hash,
  };
}

const FORWARDS_SQL = `SELECT ${COLUMNS} FROM eventstore.events
  WHERE stream_id = $1 AND revision >= $2 ORDER BY revision LIMIT $3`;
const BACKWARDS_SQL = `SELECT ${COLUMNS} FROM eventstore.events
  WHERE stream_id = $1 AND revision <= $2 ORDER BY revision DESC LIMIT $3`;

export async function readStream(
  db: Queryable,
  streamId: string,
  options: ReadStreamOptions = {},
): Promise<RecordedEvent[]> {
  const backwards = options.direction === 'backwards';
  const from = options.fromRevision ?? (backwards ? Number.MAX_SAFE_INTEGER : 0);
  const limit = options.maxCount ?? null;
  if (limit === 0) return [];
  const result = await db.query<EventRow>({
    name: backwards ? 'eventstore_read_stream_backwards' : 'eventstore_read_stream_forwards',
    text: backwards ? BACKWARDS_SQL : FORWARDS_SQL,
    values: [streamId, from, limit],
  });
  return result.rows.map(toRecordedEvent);
}

/**
 * Only rows below the read horizon are read (horizon-function.ts): older than every appending
 * transaction still running, so one that got its id earlier but commits later is waited for,
 * never skipped, and once read the order (transaction_id, position) of what was read can no
 * longer change. Transactions that never append (read models, inboxes) are not waited for.
 */
const ALL_SQL = `SELECT ${COLUMNS} FROM eventstore.events
  WHERE (transaction_id, position) > ($1::xid8, $2::bigint)
    AND transaction_id < (SELECT eventstore.read_horizon())
  ORDER BY transaction_id, position LIMIT $3`;
const ALL_PREFIXED_SQL = `SELECT ${COLUMNS} FROM eventstore.events
  WHERE (transaction_id, position) > ($1::xid8, $2::bigint)
    AND transaction_id < (SELECT eventstore.read_horizon())
    AND stream_id LIKE ANY ($4::text[])
  ORDER BY transaction_id, position LIMIT $3`;

export async function readAll(db: Queryable, options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
  const after = parseLogPosition(options.after ?? '');
  const limit = options.maxCount ?? null;
  if (limit === 0) return [];
  const values: unknown[] = [after.major.toString(), after.minor.toString(), limit];
  const prefixes = options.streamPrefixes;
  if (prefixes !== undefined) {
    if (prefixes.length === 0) return [];
    values.push(prefixes.map(likePattern));
  }
  // The filtered read is planned afresh each time (an unnamed statement): a cached generic
  // plan made while the table was small may sort every matching row instead of walking the
  // index in order, and keep doing so as the log grows.
  const result =
    prefixes === undefined
      ? await db.query<EventRow>({ name: 'eventstore_read_all', text: ALL_SQL, values })
      : await db.query<EventRow>(ALL_PREFIXED_SQL, values);
  return result.rows.map(toRecordedEvent);
}

/**
 * A filtered page and, in the same statement (so the same snapshot), the last readable position
 * of the whole log: when fewer events than asked for matched, everything up to that head has
 * been looked at, and the reader may continue from there. Without it a subscriber of a rare
 * prefix rescans every other service's events from its last match on each poll.
 */
/** A page (`matched`, a CTE reading below `horizon`) with the head of the whole log beside it. */
const pageWithHead = (matched: string): string => `WITH horizon AS (SELECT eventstore.read_horizon() AS xmin),
  matched AS (${matched}),
  head AS (
    SELECT ${POSITION_TEXT} AS head FROM eventstore.events, horizon
    WHERE transaction_id < horizon.xmin
    ORDER BY transaction_id DESC, position DESC LIMIT 1)
  SELECT matched.*, head.head FROM head LEFT JOIN matched ON true
  ORDER BY matched.transaction_id, matched.position`;

const PAGE_PREFIXED_SQL = pageWithHead(`
    SELECT ${COLUMNS} FROM eventstore.events, horizon
    WHERE (transaction_id, position) > ($1::xid8, $2::bigint)
      AND transaction_id < horizon.xmin
      AND stream_id LIKE ANY ($4::text[])
    ORDER BY transaction_id, position LIMIT $3`);

/**
 * The same page when every prefix is a whole category ('proposal-', 'case-'): one ordered walk of
 * the category index per category (migration 005), merged, instead of a walk of the whole log
 * that filters every other service's events out.
 */
const PAGE_CATEGORIES_SQL = pageWithHead(`
    SELECT e.* FROM horizon, unnest($4::text[]) AS c(category)
    CROSS JOIN LATERAL (
      SELECT ${COLUMNS} FROM eventstore.events
      WHERE split_part(stream_id, '-', 1) = c.category
        AND (transaction_id, position) > ($1::xid8, $2::bigint)
        AND transaction_id < horizon.xmin
        AND stream_id LIKE ANY ($5::text[])
      ORDER BY transaction_id, position LIMIT $3) e
    ORDER BY e.transaction_id, e.position LIMIT $3`);

export async function readAllPage(db: Queryable, options: ReadAllOptions = {}): Promise<ReadAllPage> {
  const prefixes = options.streamPrefixes;
  const limit = options.maxCount ?? null;
  const after = options.after ?? '';
  if (prefixes === undefined || prefixes.length === 0 || limit === 0) {
    const events = await readAll(db, options);
    return { events, next: events.at(-1)?.logPosition ?? after };
  }
  const cursor = parseLogPosition(after);
  const categories = wholeCategories(prefixes);
  const values = [cursor.major.toString(), cursor.minor.toString(), limit];
  const rows = (
    categories
      ? await db.query<EventRow & { head: string }>(PAGE_CATEGORIES_SQL, [
          ...values,
          categories,
          prefixes.map(likePattern),
        ])
      : await db.query<EventRow & { head: string }>(PAGE_PREFIXED_SQL, [...values, prefixes.map(likePattern)])
  ).rows;
  const events = rows.filter((row) => row.event_id !== null).map(toRecordedEvent);
  const last = events.at(-1)?.logPosition;
  const full = limit !== null && events.length >= limit;
  const head = rows[0]?.head;
  // A full page continues after its last event; a short one after the head (if it is further).
  const next = full || head === undefined ? (last ?? after) : compareLogPositions(head, after) > 0 ? head : after;
  return { events, next };
}

/** The newest committed event, below no horizon: per category by its index, else by the log's. */
const NEWEST = 'ORDER BY transaction_id DESC, position DESC LIMIT 1';
const LAST_SQL = `SELECT ${POSITION_TEXT} AS last FROM eventstore.events ${NEWEST}`;
const LAST_PREFIXED_SQL = `SELECT ${POSITION_TEXT} AS last FROM eventstore.events
  WHERE stream_id LIKE ANY ($1::text[]) ${NEWEST}`;
const LAST_CATEGORIES_SQL = `SELECT ${POSITION_TEXT} AS last
  FROM unnest($1::text[]) AS c(category)
  CROSS JOIN LATERAL (
    SELECT transaction_id, position FROM eventstore.events
    WHERE split_part(stream_id, '-', 1) = c.category AND stream_id LIKE ANY ($2::text[]) ${NEWEST}) e
  ${NEWEST}`;

export async function lastPosition(
  db: Queryable,
  options: Pick<ReadAllOptions, 'streamPrefixes'> = {},
): Promise<string> {
  const prefixes = options.streamPrefixes;
  if (prefixes?.length === 0) return '';
  const categories = prefixes && wholeCategories(prefixes);
  const result =
    prefixes === undefined
      ? await db.query<{ last: string }>({ name: 'eventstore_last_position', text: LAST_SQL })
      : categories
        ? await db.query<{ last: string }>(LAST_CATEGORIES_SQL, [categories, prefixes.map(likePattern)])
        : await db.query<{ last: string }>(LAST_PREFIXED_SQL, [prefixes.map(likePattern)]);
  return result.rows[0]?.last ?? '';
}

/** The categories of `prefixes` when each is a whole category ('proposal-'), else undefined. */
function wholeCategories(prefixes: readonly string[]): string[] | undefined {
  const categories = prefixes.map(wholeCategory);
  return categories.every((category) => category !== undefined) ? [...new Set(categories)] : undefined;
}

const likePattern = (prefix: string): string => `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export async function streamRevision(db: Queryable, streamId: string): Promise<number | undefined> {
  const result = await db.query<{ revision: string }>({
    name: 'eventstore_stream_revision',
    text: 'SELECT revision FROM eventstore.streams WHERE stream_id = $1',
    values: [streamId],
  });
  const row = result.rows[0];
  return row ? Number(row.revision) : undefined;
}
