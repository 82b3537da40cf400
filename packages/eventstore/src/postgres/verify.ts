import type { Queryable } from '@siks/pg';
import { canonicalEvent, chainHash, GENESIS_HASH } from './hash.ts';

export type VerifyResult =
  | { ok: true; streams: number; events: number }
  | { ok: false; streamId: string; revision: number; reason: string };

export interface VerifyOptions {
  /** Called after each batch with the totals so far. */
  onProgress?: (progress: { streams: number; events: number }) => void;
  batchSize?: number;
}

interface Row {
  stream_id: string;
  revision: string;
  event_id: string;
  type: string;
  schema_version: number;
  data: unknown;
  metadata: unknown;
  hash: Buffer;
  head_revision: string | null;
  head_hash: Buffer | null;
}

const SELECT = `SELECT e.stream_id, e.revision, e.event_id, e.type, e.schema_version, e.data, e.metadata, e.hash,
    s.revision AS head_revision, s.last_hash AS head_hash
  FROM eventstore.events e LEFT JOIN eventstore.streams s ON s.stream_id = e.stream_id`;
const FIRST_SQL = `${SELECT} ORDER BY e.stream_id, e.revision LIMIT $1`;
const NEXT_SQL = `${SELECT} WHERE (e.stream_id, e.revision) > ($2, $3) ORDER BY e.stream_id, e.revision LIMIT $1`;
const ORPHAN_SQL = `SELECT s.stream_id FROM eventstore.streams s
  WHERE NOT EXISTS (SELECT 1 FROM eventstore.events e WHERE e.stream_id = s.stream_id) ORDER BY s.stream_id LIMIT 1`;

interface StreamState {
  streamId: string;
  next: number;
  previous: Buffer;
  headRevision: number | undefined;
  headHash: Buffer | null;
}

type Failure = Extract<VerifyResult, { ok: false }>;

/**
 * Walks every stream of the PostgreSQL event store in (stream id, revision) order, recomputes
 * each event's canonical JSON from the stored row and its chained hash, and names the first
 * broken link: a changed event, a missing revision, or a stream head (`eventstore.streams`)
 * that does not match the stream's last event (a cut-off tail). Streams rows without any
 * event are reported after the walk.
 */
export async function verifyHashChains(db: Queryable, options: VerifyOptions = {}): Promise<VerifyResult> {
  const batchSize = options.batchSize ?? 2_000;
  let streams = 0;
  let events = 0;
  let state: StreamState | undefined;
  let last: Row | undefined;
  for (;;) {
    const result: { rows: Row[] } = last
      ? await db.query<Row>(NEXT_SQL, [batchSize, last.stream_id, last.revision])
      : await db.query<Row>(FIRST_SQL, [batchSize]);
    for (const row of result.rows) {
      if (state?.streamId !== row.stream_id) {
        const failure = state && checkHead(state);
        if (failure) return failure;
        state = {
          streamId: row.stream_id,
          next: 0,
          previous: GENESIS_HASH,
          headRevision: row.head_revision === null ? undefined : Number(row.head_revision),
          headHash: row.head_hash,
        };
        streams += 1;
      }
      const revision = Number(row.revision);
      if (revision !== state.next) {
        return { ok: false, streamId: row.stream_id, revision: state.next, reason: 'revision missing' };
      }
      const canonical = canonicalEvent({
        streamId: row.stream_id,
        revision,
        eventId: row.event_id,
        type: row.type,
        schemaVersion: row.schema_version,
        data: row.data,
        metadata: row.metadata,
      });
      if (!chainHash(state.previous, canonical).equals(row.hash)) {
        return { ok: false, streamId: row.stream_id, revision, reason: 'hash mismatch' };
      }
      state.previous = row.hash;
      state.next += 1;
      events += 1;
    }
    options.onProgress?.({ streams, events });
    last = result.rows.at(-1);
    if (result.rows.length < batchSize) break;
  }
  const failure = state && checkHead(state);
  if (failure) return failure;
  const orphan = (await db.query<{ stream_id: string }>(ORPHAN_SQL)).rows[0];
  if (orphan) return { ok: false, streamId: orphan.stream_id, revision: 0, reason: 'stream has no events' };
  return { ok: true, streams, events };
}

function checkHead(state: StreamState): Failure | undefined {
  const lastRevision = state.next - 1;
  const fail = (revision: number, reason: string): Failure => ({
    ok: false,
    streamId: state.streamId,
    revision,
    reason,
  });
  if (state.headRevision === undefined) return fail(lastRevision, 'stream head missing');
  if (state.headRevision > lastRevision) return fail(lastRevision + 1, 'events missing at the end of the stream');
  if (state.headRevision < lastRevision) return fail(state.headRevision + 1, 'events beyond the stream head');
  if (!state.headHash?.equals(state.previous)) return fail(lastRevision, 'stream head hash mismatch');
  return undefined;
}
