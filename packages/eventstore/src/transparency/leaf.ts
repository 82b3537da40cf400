import type { RecordedEvent } from '@siks/contracts';
import { canonicalJson } from '../canonical-json.ts';
import { leafHash } from './merkle.ts';

/**
 * What one leaf of the audit log's Merkle tree says about one event (TRANSPARENCY.md "Leaf").
 * Its canonical JSON (keys sorted, no whitespace) is the leaf data; the leaf hash is
 * SHA-256(0x00 ‖ UTF-8 of that text). `hash` is the event's chained content hash, so the leaf
 * binds the event's content and its stream's history as well as where and when it was logged.
 */
export interface LogLeaf {
  /** Format version of the leaf. */
  v: 1;
  /** `"<transaction id>:<position>"`: the event's place in the global log. */
  logPosition: string;
  eventId: string;
  streamId: string;
  revision: number;
  type: string;
  /** When the database recorded it, UTC with microseconds. */
  recordedAt: string;
  /** Who did it, as the appending service stated; null if the event names nobody. */
  actor: { userId: string; role: string; regionCode: string } | null;
  /** The event's chained SHA-256 content hash, hex (the per-stream hash chain). */
  hash: string;
}

export function leafOfEvent(event: RecordedEvent): LogLeaf {
  const actor = (event.metadata as { actor?: { userId?: unknown; role?: unknown; regionCode?: unknown } } | null)
    ?.actor;
  return {
    v: 1,
    logPosition: event.logPosition,
    eventId: event.eventId,
    streamId: event.streamId,
    revision: event.revision,
    type: event.type,
    recordedAt: event.recordedAt,
    actor:
      actor && typeof actor === 'object'
        ? { userId: String(actor.userId), role: String(actor.role), regionCode: String(actor.regionCode) }
        : null,
    hash: event.hash,
  };
}

/**
 * The canonical JSON of a leaf, written field by field in sorted key order: the same text as
 * `canonicalJson(leaf)` (a test holds them equal) without sorting keys for every one of a
 * million leaves.
 */
export function leafText(leaf: LogLeaf): string {
  const s = JSON.stringify;
  const actor = leaf.actor
    ? `{"regionCode":${s(leaf.actor.regionCode)},"role":${s(leaf.actor.role)},"userId":${s(leaf.actor.userId)}}`
    : 'null';
  return (
    `{"actor":${actor},"eventId":${s(leaf.eventId)},"hash":${s(leaf.hash)},"logPosition":${s(leaf.logPosition)},` +
    `"recordedAt":${s(leaf.recordedAt)},"revision":${canonicalJson(leaf.revision)},"streamId":${s(leaf.streamId)},` +
    `"type":${s(leaf.type)},"v":${leaf.v}}`
  );
}

export const leafData = (leaf: LogLeaf): Buffer => Buffer.from(leafText(leaf), 'utf8');

export const hashLeaf = (leaf: LogLeaf): Buffer => leafHash(leafData(leaf));

/** How a report names a leaf: "leaf 12 (stream proposal-x revision 3, position 812:40)". */
export const describeLeaf = (index: number, leaf: Pick<LogLeaf, 'streamId' | 'revision' | 'logPosition'>): string =>
  `leaf ${index} (stream ${leaf.streamId} revision ${leaf.revision}, position ${leaf.logPosition})`;
