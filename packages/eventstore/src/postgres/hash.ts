import type { NewEvent } from '@siks/contracts';
import { canonicalJson } from '../canonical-json.ts';

// The chain itself is shared with the KurrentDB adapter (`../chain.ts`); what is here is how the
// PostgreSQL append function gets the canonical text with the revision still open.
export { canonicalEvent, chainHash, GENESIS_HASH, sha256, type HashedEventFields } from '../chain.ts';

/**
 * Placeholder for the revision inside a canonical event template. The database puts the
 * revision in (only it knows the revision for `any`/`stream_exists` appends). Canonical JSON
 * never contains raw control characters (`JSON.stringify` escapes them), so the placeholder
 * and the separator between the events of one append cannot occur in the JSON itself.
 */
export const REVISION_PLACEHOLDER = '\u0002';
export const EVENT_SEPARATOR = '\u0001';
/**
 * Between the appends of one group commit (`eventstore.append_many`): their texts travel as one
 * text the database splits, not as a `text[]`, which node-postgres sends as an array literal
 * with every quote of the JSON escaped and PostgreSQL parses character by character.
 */
export const APPEND_SEPARATOR = '\u0003';

/**
 * `canonicalEvent` with the revision left as `REVISION_PLACEHOLDER`, or filled in when the caller
 * knows it (`revision`: an append at `no_stream` or an exact revision). Keys in sorted order:
 * data, eventId, metadata, revision, schemaVersion, streamId, type. `eventId` replaces the
 * event's own (the append passes it in lower case).
 */
export function canonicalEventTemplate(
  streamId: string,
  event: NewEvent,
  eventId = event.eventId,
  revision?: number,
): string {
  return (
    `{"data":${canonicalJson(event.data)},"eventId":${JSON.stringify(eventId)},` +
    `"metadata":${canonicalJson(event.metadata)},"revision":${revision ?? REVISION_PLACEHOLDER},` +
    `"schemaVersion":${canonicalJson(event.schemaVersion)},"streamId":${JSON.stringify(streamId)},` +
    `"type":${JSON.stringify(event.type)}}`
  );
}
