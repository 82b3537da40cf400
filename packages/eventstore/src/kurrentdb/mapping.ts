import type { EventMetadata, NewEvent, RecordedEvent } from '@siks/contracts';
import type { Position, RecordedEvent as KurrentRecordedEvent } from '@kurrent/kurrentdb-client';
import { GENESIS_HASH, linkHash, type StoredLink } from '../chain.ts';
import { formatLogPosition, parseLogPosition } from '../log-position.ts';
import type { ExpectedRevision } from '../port.ts';

/**
 * Metadata keys the adapter adds on KurrentDB and removes again on read, so `metadata` reads
 * back as it was appended (and is what the hash covers): the schema version, and the event's
 * link in its stream's hash chain as hex (`$hash`, and `$previousHash`, the hash of the event
 * before it, or 32 zero bytes for revision 0), computed with the same `linkHash` PostgreSQL's
 * chain is checked with.
 */
export const SCHEMA_VERSION_KEY = '$schemaVersion';
export const HASH_KEY = '$hash';
export const PREVIOUS_HASH_KEY = '$previousHash';
const ADAPTER_KEYS = new Set([SCHEMA_VERSION_KEY, HASH_KEY, PREVIOUS_HASH_KEY]);

export function toLogPosition(position: Position): string {
  return formatLogPosition({ major: position.commit, minor: position.prepare });
}

export function toKurrentPosition(logPosition: string): Position {
  const { major, minor } = parseLogPosition(logPosition);
  return { commit: major, prepare: minor };
}

export function isAfter(position: Position, after: Position): boolean {
  return position.commit > after.commit || (position.commit === after.commit && position.prepare > after.prepare);
}

/** Our `ExpectedRevision` as the client's `streamState`. */
export function toStreamState(expected: ExpectedRevision): 'any' | 'no_stream' | 'stream_exists' | bigint {
  return typeof expected === 'number' ? BigInt(expected) : expected;
}

/** Whether a stream whose last revision is `actual` (undefined: no stream) is as `expected`. */
export function meetsExpected(expected: ExpectedRevision, actual: number | undefined): boolean {
  return (
    expected === 'any' ||
    (expected === 'no_stream' && actual === undefined) ||
    (expected === 'stream_exists' && actual !== undefined) ||
    expected === actual
  );
}

/** A stream's last link: its revision and hash (what the next append chains to). */
export interface ChainHead {
  revision: number;
  hash: Buffer;
}

/** An event as the client's `jsonEvent` takes it. */
export interface KurrentEventData {
  id: string;
  type: string;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
}

/**
 * The events of one append as written to KurrentDB, chained on `head` (undefined: a new
 * stream): revisions follow the head, and each event's metadata carries its hash and the hash
 * before it. Pure; the append then writes them with the head's revision as the expected one, so
 * a concurrent writer makes it fail instead of forking the chain.
 */
export function chainedEventData(
  streamId: string,
  head: ChainHead | undefined,
  events: readonly NewEvent[],
): KurrentEventData[] {
  let previous = head?.hash ?? GENESIS_HASH;
  let revision = head ? head.revision + 1 : 0;
  return events.map((event) => {
    const eventId = event.eventId.toLowerCase();
    const hash = linkHash(previous, {
      streamId,
      revision,
      eventId,
      type: event.type,
      schemaVersion: event.schemaVersion,
      data: event.data,
      metadata: event.metadata,
    });
    const written: KurrentEventData = {
      id: eventId,
      type: event.type,
      data: event.data,
      metadata: {
        ...event.metadata,
        [SCHEMA_VERSION_KEY]: event.schemaVersion,
        [PREVIOUS_HASH_KEY]: previous.toString('hex'),
        [HASH_KEY]: hash.toString('hex'),
      },
    };
    previous = hash;
    revision += 1;
    return written;
  });
}

function rawMetadata(event: KurrentRecordedEvent): Record<string, unknown> {
  return (
    event.metadata && typeof event.metadata === 'object' && !(event.metadata instanceof Uint8Array)
      ? event.metadata
      : {}
  ) as Record<string, unknown>;
}

function ownMetadata(raw: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(raw).filter(([key]) => !ADAPTER_KEYS.has(key)));
}

const HEX_HASH = /^[0-9a-f]{64}$/;

function hashField(value: unknown): Buffer | undefined {
  return typeof value === 'string' && HEX_HASH.test(value) ? Buffer.from(value, 'hex') : undefined;
}

export function fromKurrentEvent(event: KurrentRecordedEvent, fallback?: Position): RecordedEvent {
  const raw = rawMetadata(event);
  const schemaVersion = raw[SCHEMA_VERSION_KEY];
  const position = event.position ?? fallback;
  return {
    eventId: event.id,
    type: event.type,
    schemaVersion: typeof schemaVersion === 'number' ? schemaVersion : 1,
    data: (event.isJson && event.data && typeof event.data === 'object' ? event.data : {}) as Record<string, unknown>,
    metadata: ownMetadata(raw) as unknown as EventMetadata,
    streamId: event.streamId,
    revision: Number(event.revision),
    logPosition: position ? toLogPosition(position) : '',
    recordedAt: event.created.toISOString(),
    hash: hashField(raw[HASH_KEY])?.toString('hex') ?? '',
  };
}

/** A stored event's chain fields, for the verifiers (`checkLink`). */
export function toStoredLink(event: KurrentRecordedEvent): StoredLink {
  const recorded = fromKurrentEvent(event);
  const raw = rawMetadata(event);
  return {
    streamId: recorded.streamId,
    revision: recorded.revision,
    eventId: recorded.eventId,
    type: recorded.type,
    schemaVersion: recorded.schemaVersion,
    data: recorded.data,
    metadata: recorded.metadata,
    hash: hashField(raw[HASH_KEY]),
    previousHash: hashField(raw[PREVIOUS_HASH_KEY]),
  };
}

/**
 * The chain head after `event`, the last event of its stream. An event without a hash (written
 * before the adapter kept the chain) leaves the chain to restart from the genesis hash; `audit
 * verify` reports such a stream as broken at its first unhashed event, as it should.
 */
export function chainHeadOf(event: KurrentRecordedEvent): ChainHead {
  return { revision: Number(event.revision), hash: hashField(rawMetadata(event)[HASH_KEY]) ?? GENESIS_HASH };
}
