import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.ts';

/**
 * The per-stream hash chain both adapters keep (DESIGN.md §6, tamper evidence): `hash =
 * sha256(prev_hash ‖ sha256(canonical JSON of {streamId, revision, eventId, type,
 * schemaVersion, data, metadata}))`, the first `prev_hash` 32 zero bytes. PostgreSQL computes
 * it inside `eventstore.append` from the canonical text built here; KurrentDB's adapter
 * computes it here with `linkHash` and stores it in the event's metadata. Every verifier (both
 * stores) walks a stream with `checkLink`, so there is one definition of a valid chain.
 */

/** The chain's start: the `prev_hash` of a stream's first event. */
export const GENESIS_HASH: Buffer = Buffer.alloc(32);

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

export function sha256(...parts: readonly (Buffer | string)[]): Buffer {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
}

/** `hash = sha256(prev_hash ‖ sha256(canonical event))`. */
export function chainHash(previous: Buffer, canonical: string): Buffer {
  return sha256(previous, sha256(Buffer.from(canonical, 'utf8')));
}

/** The hash of the event `fields` following the link `previous`. */
export function linkHash(previous: Buffer, fields: HashedEventFields): Buffer {
  return chainHash(previous, canonicalEvent(fields));
}

/** A stored event as a verifier sees it: its hashed fields and the hash stored with it. */
export interface StoredLink extends HashedEventFields {
  /** The stored hash; undefined when the event carries none (e.g. written before the chain). */
  hash: Buffer | undefined;
  /** The previous hash stored with the event, where the store keeps one (KurrentDB metadata). */
  previousHash?: Buffer | undefined;
}

/** Where a walk through one stream's chain stands. */
export interface ChainState {
  streamId: string;
  /** The revision the next event must have. */
  next: number;
  /** The hash of the last event checked (`GENESIS_HASH` before the first). */
  previous: Buffer;
}

export interface ChainFailure {
  streamId: string;
  revision: number;
  reason: string;
}

export function startChain(streamId: string): ChainState {
  return { streamId, next: 0, previous: GENESIS_HASH };
}

/**
 * Checks the next stored event of a stream against the chain so far and moves the chain on:
 * the revision must follow, a stored previous hash must be the last link, and the stored hash
 * must be the one recomputed from the stored fields. Returns the failure, or undefined.
 */
export function checkLink(state: ChainState, link: StoredLink): ChainFailure | undefined {
  const fail = (revision: number, reason: string): ChainFailure => ({ streamId: state.streamId, revision, reason });
  if (link.revision !== state.next) return fail(state.next, 'revision missing');
  if (!link.hash) return fail(link.revision, 'hash missing');
  if (link.previousHash && !link.previousHash.equals(state.previous)) {
    return fail(link.revision, 'previous hash mismatch');
  }
  if (!linkHash(state.previous, link).equals(link.hash)) return fail(link.revision, 'hash mismatch');
  state.previous = link.hash;
  state.next += 1;
  return undefined;
}
