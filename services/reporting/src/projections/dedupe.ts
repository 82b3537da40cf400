import type { RecordedEvent } from '@siks/contracts';
import type { PoolClient, Queryable } from '@siks/pg';
import { copyNewRows } from './copy.ts';
import type { TableShape } from './sql.ts';

interface StreamRow {
  stream_id: string;
  revision: number;
}

const STREAMS_TABLE: TableShape<StreamRow> = {
  key: ['stream_id'],
  columns: { stream_id: 'text', revision: 'integer' },
};

/** Stores the highest revisions of a batch and returns those stored before it, in one round trip. */
async function upsertRevisions(
  db: Queryable,
  streamsTable: string,
  highest: Map<string, number>,
): Promise<StreamRow[]> {
  // Every part of a statement sees the same snapshot, so \`before\` does not see the upsert.
  const known = await db.query<StreamRow>(
    `WITH batch AS (SELECT * FROM unnest($1::text[], $2::int[]) AS b(stream_id, revision)),
          before AS (SELECT s.stream_id, s.revision FROM ${streamsTable} s JOIN batch USING (stream_id)),
          written AS (
            INSERT INTO ${streamsTable} AS s (stream_id, revision) SELECT stream_id, revision FROM batch
            ON CONFLICT (stream_id) DO UPDATE SET revision = GREATEST(s.revision, EXCLUDED.revision)
          )
     SELECT stream_id, revision FROM before`,
    [[...highest.keys()], [...highest.values()]],
  );
  return known.rows;
}

/**
 * The same for a rebuild's fresh shadow table, where most streams are new: reads the stored
 * revisions, appends the new streams by COPY and raises the others.
 */
async function copyRevisions(
  client: PoolClient,
  streamsTable: string,
  highest: Map<string, number>,
): Promise<StreamRow[]> {
  const known = await client.query<StreamRow>(
    `SELECT stream_id, revision FROM ${streamsTable} WHERE stream_id = ANY($1::text[])`,
    [[...highest.keys()]],
  );
  const stored = new Map(known.rows.map((row) => [row.stream_id, row.revision]));
  const added: StreamRow[] = [];
  const raised: StreamRow[] = [];
  for (const [stream_id, revision] of highest) {
    const before = stored.get(stream_id);
    if (before === undefined) added.push({ stream_id, revision });
    else if (revision > before) raised.push({ stream_id, revision });
  }
  await copyNewRows(client, streamsTable, added, STREAMS_TABLE, async () => {
    await upsertRevisions(client, streamsTable, new Map(added.map((row) => [row.stream_id, row.revision])));
  });
  if (raised.length > 0) {
    await client.query(
      `UPDATE ${streamsTable} s SET revision = GREATEST(s.revision, b.revision)
       FROM unnest($1::text[], $2::int[]) AS b(stream_id, revision) WHERE s.stream_id = b.stream_id`,
      [raised.map((row) => row.stream_id), raised.map((row) => row.revision)],
    );
  }
  return known.rows;
}

/**
 * Drops the events a projection has applied before. The bus keeps the order of each stream
 * (key = aggregate id) and the relay may publish a batch twice after a crash, so an event
 * is new exactly when its revision is above the last one applied from its stream. The last
 * revisions live in the projection's own `<name>_streams` table (swapped with it on rebuild)
 * and are written in the batch's transaction: O(streams) rows instead of an inbox per event.
 * `bulk` (a rebuild's shadow table, written by the rebuild alone) appends new streams by COPY.
 */
export async function newEvents(
  client: PoolClient,
  streamsTable: string,
  events: readonly RecordedEvent[],
  bulk = false,
): Promise<RecordedEvent[]> {
  if (events.length === 0) return [];
  const highest = new Map<string, number>();
  for (const event of events) highest.set(event.streamId, Math.max(event.revision, highest.get(event.streamId) ?? -1));
  const known = bulk
    ? await copyRevisions(client, streamsTable, highest)
    : await upsertRevisions(client, streamsTable, highest);
  const last = new Map(known.map((row) => [row.stream_id, row.revision]));
  const fresh: RecordedEvent[] = [];
  for (const event of events) {
    if (event.revision <= (last.get(event.streamId) ?? -1)) continue;
    fresh.push(event);
    last.set(event.streamId, event.revision);
  }
  return fresh;
}
