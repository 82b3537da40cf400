import type { NewEvent } from '@siks/contracts';
import type { Queryable } from '@siks/pg';
import { earlierAppend } from '../appended.ts';
import { DuplicateEventIdError, WrongExpectedRevisionError } from '../errors.ts';
import type { AppendResult, ExpectedRevision } from '../port.ts';
import { canonicalEventTemplate, EVENT_SEPARATOR } from './hash.ts';

interface AppendRow {
  o_outcome: 'ok' | 'wrong_revision';
  o_revision: string | null;
  /** Comma-separated: node-postgres parses a text[] character by character, `split` is native. */
  o_positions: string | null;
}

interface FoundRow {
  event_id: string;
  stream_id: string | null;
  revision: string | null;
  log_position: string | null;
}

const APPEND_SQL =
  "SELECT o_outcome, o_revision, array_to_string(o_positions, ',') AS o_positions FROM eventstore.append($1, $2, $3, $4, $5)";

/** Log positions sent as one comma-separated text (they hold no comma). */
export const splitPositions = (text: string | null): string[] => (text ? text.split(',') : []);

export function encodeExpected(expected: ExpectedRevision): number {
  switch (expected) {
    case 'any':
      return -1;
    case 'no_stream':
      return -2;
    case 'stream_exists':
      return -3;
    default:
      if (!Number.isSafeInteger(expected) || expected < 0) {
        throw new RangeError(`expected revision must be a non-negative integer, got ${String(expected)}`);
      }
      return expected;
  }
}

/**
 * Appends `events` to `streamId` in one statement (the `eventstore.append` function); only a
 * conflict (wrong revision, or an event id that exists already) costs a second round trip, to
 * tell an idempotent retry from a real conflict. `db` is normally the pool (the append is
 * then its own transaction). A client inside an open transaction works too, but that
 * transaction must not have written anything before (the global order relies on appends
 * getting their transaction id after the stream lock and the appender lock; the function refuses
 * it otherwise), and a duplicate event id then fails
 * with PostgreSQL's unique-violation error instead of being answered idempotently.
 */
export async function appendEvents(
  db: Queryable,
  streamId: string,
  events: readonly NewEvent[],
  expected: ExpectedRevision,
  notifyInTransaction: boolean,
): Promise<AppendResult> {
  return appendPrepared(db, prepareAppend(streamId, events, expected), notifyInTransaction);
}

/** An append checked and encoded for the database: what `eventstore.append(_many)` takes. */
export interface PreparedAppend {
  streamId: string;
  expected: ExpectedRevision;
  /** The expected revision as the functions take it (-1 any, -2 no_stream, -3 stream_exists). */
  expectedCode: number;
  /** Event ids, lower case. */
  ids: string[];
  /** Canonical event templates joined by `EVENT_SEPARATOR`. */
  events: string;
}

/** Checks an append (no event id twice, a valid expected revision) and encodes it. Throws as `append` does. */
export function prepareAppend(
  streamId: string,
  events: readonly NewEvent[],
  expected: ExpectedRevision,
): PreparedAppend {
  const ids = events.map((event) => event.eventId.toLowerCase());
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) throw new DuplicateEventIdError(streamId, id);
    seen.add(id);
  }
  // The revisions are known when the expected one is: filled in here, the database has no
  // placeholder to replace (it checks them against the stream instead).
  const first = expected === 'no_stream' ? 0 : typeof expected === 'number' ? expected + 1 : undefined;
  const texts = events.map((event, index) =>
    canonicalEventTemplate(streamId, event, ids[index], first === undefined ? undefined : first + index),
  );
  return { streamId, expected, expectedCode: encodeExpected(expected), ids, events: texts.join(EVENT_SEPARATOR) };
}

/** `appendEvents` of an append prepared already. */
export async function appendPrepared(
  db: Queryable,
  prepared: PreparedAppend,
  notifyInTransaction: boolean,
): Promise<AppendResult> {
  const { streamId, ids } = prepared;
  const values = [streamId, prepared.expectedCode, ids, prepared.events, notifyInTransaction];
  for (let attempt = 0; ; attempt += 1) {
    let row: AppendRow | undefined;
    try {
      row = (await db.query<AppendRow>({ name: 'eventstore_append', text: APPEND_SQL, values })).rows[0];
    } catch (error) {
      if (!isEventIdConflict(error)) throw error;
      const earlier = await findAppended(db, streamId, ids);
      if (earlier) return earlier;
      // The conflicting append rolled back meanwhile: try once more.
      if (attempt > 0) throw error;
      continue;
    }
    if (!row) throw new Error('eventstore.append returned no row');
    if (row.o_outcome === 'ok') {
      return { nextExpectedRevision: Number(row.o_revision), logPositions: splitPositions(row.o_positions) };
    }
    return wrongRevision(db, prepared, row.o_revision === null ? undefined : Number(row.o_revision));
  }
}

/**
 * The answer to an append refused for its expected revision: the original result when its
 * events were appended before (a retry whose first attempt committed is idempotent even though
 * the stream moved on), else `WrongExpectedRevisionError`.
 */
export async function wrongRevision(
  db: Queryable,
  prepared: PreparedAppend,
  actual: number | undefined,
): Promise<AppendResult> {
  const earlier = prepared.ids.length > 0 ? await findAppended(db, prepared.streamId, prepared.ids) : undefined;
  if (earlier) return earlier;
  throw new WrongExpectedRevisionError(prepared.streamId, prepared.expected, actual);
}

/** An unnamed statement, so it is planned afresh (it runs rarely, the table keeps growing). */
const FIND_SQL = `SELECT i.id::text AS event_id, e.stream_id, e.revision,
    e.transaction_id::text || ':' || e.position AS log_position
  FROM unnest($1::uuid[]) WITH ORDINALITY AS i(id, ord)
  LEFT JOIN eventstore.events e ON e.event_id = i.id
  ORDER BY i.ord`;

/**
 * The original result when every id is already in this stream (an idempotent retry);
 * throws `DuplicateEventIdError` when only some are, or some are in another stream;
 * undefined when none exists.
 */
export async function findAppended(
  db: Queryable,
  streamId: string,
  ids: readonly string[],
): Promise<AppendResult | undefined> {
  const rows = (await db.query<FoundRow>(FIND_SQL, [ids])).rows;
  return earlierAppend(
    streamId,
    ids,
    rows.map((row) =>
      row.stream_id === null
        ? undefined
        : {
            eventId: row.event_id,
            streamId: row.stream_id,
            revision: Number(row.revision),
            logPosition: row.log_position ?? '',
          },
    ),
  );
}

function isEventIdConflict(error: unknown): boolean {
  const pgError = error as { code?: string; constraint?: string };
  return pgError.code === '23505' && pgError.constraint === 'events_event_id_key';
}
