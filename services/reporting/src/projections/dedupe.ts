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
  const highest = new Map<string, number>();
  for (const event of events) highest.set(event.streamId, Math.max(event.revision, highest.get(event.streamId) ?? -1));
  // One round trip: the revisions stored before this batch (every part of a statement sees the
  // same snapshot, so \`before\` does not see the upsert) and the batch's highest ones written.
  const known = await db.query<{ stream_id: string; revision: number }>(
    `WITH batch AS (SELECT * FROM unnest($1::text[], $2::int[]) AS b(stream_id, revision)),
          before AS (SELECT s.stream_id, s.revision FROM ${streamsTable} s JOIN batch USING (stream_id)),
          written AS (
            INSERT INTO ${streamsTable} AS s (stream_id, revision) SELECT stream_id, revision FROM batch
            ON CONFLICT (stream_id) DO UPDATE SET revision = GREATEST(s.revision, EXCLUDED.revision)
          )
     SELECT stream_id, revision FROM before`,
    [[...highest.keys()], [...highest.values()]],
  );
  const last = new Map(known.rows.map((row) => [row.stream_id, row.revision]));
  const fresh: RecordedEvent[] = [];
  for (const event of events) {
    if (event.revision <= (last.get(event.streamId) ?? -1)) continue;
    fresh.push(event);
    last.set(event.streamId, event.revision);
  }
  return fresh;
}
