import type { Queryable } from '@siks/pg';
import type { StreamVerification } from '../port.ts';
import { checkLink as checkChainLink, GENESIS_HASH, type ChainState } from '../chain.ts';

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

interface StreamState extends ChainState {
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
      const failure = checkLink(state, row);
      if (failure) return failure;
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

/** `checkChainLink` (shared with KurrentDB) on a stored row. */
function checkLink(state: StreamState, row: Row): Failure | undefined {
  const failure = checkChainLink(state, {
    streamId: row.stream_id,
    revision: Number(row.revision),
    eventId: row.event_id,
    type: row.type,
    schemaVersion: row.schema_version,
    data: row.data,
    metadata: row.metadata,
    hash: row.hash,
  });
  return failure && { ok: false, ...failure };
}

const STREAM_SQL = `${SELECT} WHERE e.stream_id = $2 AND e.revision >= $3 ORDER BY e.revision LIMIT $1`;
const HEAD_SQL = `SELECT revision, last_hash FROM eventstore.streams WHERE stream_id = $1`;

/**
 * One stream's chain, walked like `verifyHashChains` walks them all: every event's hash
 * recomputed from the stored row and the previous link, the revisions without a gap, and the
 * stream head matching the last event. For the audit explorer: "does this record verify?".
 */
export async function verifyStreamChain(
  db: Queryable,
  streamId: string,
  options: { batchSize?: number } = {},
): Promise<StreamVerification> {
  const batchSize = options.batchSize ?? 2_000;
  const head = (await db.query<{ revision: string; last_hash: Buffer }>(HEAD_SQL, [streamId])).rows[0];
  const state: StreamState = {
    streamId,
    next: 0,
    previous: GENESIS_HASH,
    headRevision: head ? Number(head.revision) : undefined,
    headHash: head?.last_hash ?? null,
  };
  for (;;) {
    const { rows } = await db.query<Row>(STREAM_SQL, [batchSize, streamId, state.next]);
    for (const row of rows) {
      const failure = checkLink(state, row);
      if (failure) return brokenAt(failure);
    }
    if (rows.length < batchSize) break;
  }
  if (state.next === 0) {
    return head ? { status: 'broken', revision: 0, reason: 'stream has no events' } : { status: 'not_found' };
  }
  const failure = checkHead(state);
  if (failure) return brokenAt(failure);
  return { status: 'verified', events: state.next, headHash: state.previous.toString('hex') };
}

function brokenAt(failure: Failure): StreamVerification {
  return { status: 'broken', revision: failure.revision, reason: failure.reason };
}
