import type { Queryable } from '@siks/pg';
import { parseLogPosition } from '../log-position.ts';
import type { LogLeaf } from './leaf.ts';

interface LeafRow {
  transaction_id: string;
  position: string;
  stream_id: string;
  revision: string;
  event_id: string;
  type: string;
  recorded_at: string;
  actor: { userId?: unknown; role?: unknown; regionCode?: unknown } | null;
  hash: string;
}

/**
 * The global read of `readAll` (postgres/read.ts) — same horizon, same order, same cursor — but
 * only the columns a leaf binds: the event's data and the rest of its metadata are neither
 * fetched nor parsed (the content hash covers them). About twice as fast over a large log.
 */
const LEAVES_SQL = `SELECT transaction_id, position, stream_id, revision, event_id, type,
    to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS recorded_at,
    metadata -> 'actor' AS actor, encode(hash, 'hex') AS hash
  FROM eventstore.events
  WHERE (transaction_id, position) > ($1::xid8, $2::bigint)
    AND transaction_id < (SELECT eventstore.read_horizon())
  ORDER BY transaction_id, position LIMIT $3`;

/** Leaves of the events after `after` in the global log (below the read horizon). */
export async function readLeaves(db: Queryable, after: string, limit: number): Promise<LogLeaf[]> {
  const cursor = parseLogPosition(after);
  const { rows } = await db.query<LeafRow>({
    name: 'audit_log_read_leaves',
    text: LEAVES_SQL,
    values: [cursor.major.toString(), cursor.minor.toString(), limit],
  });
  return rows.map((row) => ({
    v: 1,
    logPosition: `${row.transaction_id}:${row.position}`,
    eventId: row.event_id,
    streamId: row.stream_id,
    revision: Number(row.revision),
    type: row.type,
    recordedAt: row.recorded_at,
    actor:
      row.actor && typeof row.actor === 'object'
        ? { userId: String(row.actor.userId), role: String(row.actor.role), regionCode: String(row.actor.regionCode) }
        : null,
    hash: row.hash,
  }));
}
