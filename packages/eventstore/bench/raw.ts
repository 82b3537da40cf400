import { randomBytes } from 'node:crypto';
import type { NewEvent } from '@siks/contracts';
import type { Pool } from '@siks/pg';

const HASH = randomBytes(32);

const SINGLE_SQL = `INSERT INTO public.raw_events (stream_id, revision, event_id, type, schema_version, data, metadata, hash)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`;

/** Plain INSERT of one event row: the baseline without any store logic. */
export async function rawInsertOne(pool: Pool, streamId: string, revision: number, event: NewEvent): Promise<void> {
  await pool.query({
    name: 'raw_insert_one',
    text: SINGLE_SQL,
    values: [
      streamId,
      revision,
      event.eventId,
      event.type,
      event.schemaVersion,
      JSON.stringify(event.data),
      JSON.stringify(event.metadata),
      HASH,
    ],
  });
}

const BATCH_SQL = `INSERT INTO public.raw_events (stream_id, revision, event_id, type, schema_version, data, metadata, hash)
  SELECT $1, $2 + r.ord - 1, r.event_id, r.type, r.schema_version, r.data, r.metadata, $4
  FROM ROWS FROM (jsonb_to_recordset($3::jsonb)
    AS (event_id uuid, type text, schema_version integer, data jsonb, metadata jsonb)) WITH ORDINALITY
    AS r(event_id, type, schema_version, data, metadata, ord)`;

/** Plain multi-row INSERT of a batch in one statement. */
export async function rawInsertBatch(pool: Pool, streamId: string, events: readonly NewEvent[]): Promise<void> {
  const rows = events.map((event) => ({
    event_id: event.eventId,
    type: event.type,
    schema_version: event.schemaVersion,
    data: event.data,
    metadata: event.metadata,
  }));
  await pool.query({ name: 'raw_insert_batch', text: BATCH_SQL, values: [streamId, 0, JSON.stringify(rows), HASH] });
}
