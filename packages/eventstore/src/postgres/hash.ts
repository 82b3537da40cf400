import { createHash } from 'node:crypto';
import type { NewEvent } from '@siks/contracts';
import { canonicalJson } from '../canonical-json.ts';

/** The chain's start: the `prev_hash` of a stream's first event. */
export const GENESIS_HASH: Buffer = Buffer.alloc(32);

/**
 * Placeholder for the revision inside a canonical event template. The database puts the
 * revision in (only it knows the revision for `any`/`stream_exists` appends). Canonical JSON
 * never contains raw control characters (`JSON.stringify` escapes them), so the placeholder
 * and the separator between the events of one append cannot occur in the JSON itself.
 */
export const REVISION_PLACEHOLDER = '\u0002';
export const EVENT_SEPARATOR = '\u0001';

/** The fields an event's content hash covers. */
export interface HashedEventFields {
  streamId: string;
  revision: number;
  eventId: string;
  type: string;
  schemaVersion: number;
  data: unknown;
  metadata: unknown;
}

/** Canonical JSON of an event's hashed fields (what `sha256` is taken of). */
export function canonicalEvent(fields: HashedEventFields): string {
  return canonicalJson({
    streamId: fields.streamId,
    revision: fields.revision,
    eventId: fields.eventId,
    type: fields.type,
    schemaVersion: fields.schemaVersion,
    data: fields.data,
    metadata: fields.metadata,
  });
}

/**
 * `canonicalEvent` with the revision left as `REVISION_PLACEHOLDER`. Keys in sorted order:
 * data, eventId, metadata, revision, schemaVersion, streamId, type.
 */
export function canonicalEventTemplate(streamId: string, event: NewEvent): string {
  return (
    `{"data":${canonicalJson(event.data)},"eventId":${JSON.stringify(event.eventId)},` +
    `"metadata":${canonicalJson(event.metadata)},"revision":${REVISION_PLACEHOLDER},` +
    `"schemaVersion":${canonicalJson(event.schemaVersion)},"streamId":${JSON.stringify(streamId)},` +
    `"type":${JSON.stringify(event.type)}}`
  );
}

export function sha256(...parts: readonly (Buffer | string)[]): Buffer {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
}

/** `hash = sha256(prev_hash ‖ sha256(canonical event))`. */
export function chainHash(previous: Buffer, canonical: string): Buffer {
  return sha256(previous, sha256(Buffer.from(canonical, 'utf8')));
}
