import type { RecordedEvent } from '@siks/contracts';
import type { Queryable } from '@siks/pg';

/**
 * Drops the events a projection has applied before. The bus keeps the order of each stream
 * (key = aggregate id) and the relay may publish a batch twice after a crash, so an event
 * is new exactly when its revision is above the last one applied from its stream. The last
 * revisions live in the projection's own `<name>_streams` table (swapped with it on rebuild)
 * and are written in the batch's transaction: O(streams) rows instead of an inbox per event.
 */
export async function newEvents(
  db: Queryable,
  streamsTable: string,
  events: readonly RecordedEvent[],
): Promise<RecordedEvent[]> {
  if (events.length === 0) return [];
  const streamIds = [...new Set(events.map((event) => event.streamId))];
  const known = await db.query<{ stream_id: string; revision: number }>(
    `SELECT stream_id, revision FROM ${streamsTable} WHERE stream_id = ANY($1::text[])`,
    [streamIds],
  );
  const last = new Map(known.rows.map((row) => [row.stream_id, row.revision]));
  const changed = new Map<string, number>();
  const fresh: RecordedEvent[] = [];
  for (const event of events) {
    if (event.revision <= (last.get(event.streamId) ?? -1)) continue;
    fresh.push(event);
    last.set(event.streamId, event.revision);
    changed.set(event.streamId, event.revision);
  }
  if (changed.size > 0) {
    await db.query(
      `INSERT INTO ${streamsTable} (stream_id, revision) SELECT * FROM unnest($1::text[], $2::int[])
       ON CONFLICT (stream_id) DO UPDATE SET revision = EXCLUDED.revision`,
      [[...changed.keys()], [...changed.values()]],
    );
  }
  return fresh;
}
