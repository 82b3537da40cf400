import type { EventMetadata, RecordedEvent } from '@siks/contracts';
import type { Position, RecordedEvent as KurrentRecordedEvent } from '@kurrent/kurrentdb-client';
import { formatLogPosition, parseLogPosition } from '../log-position.ts';
import type { ExpectedRevision } from '../port.ts';

/** Metadata key carrying the event's schema version on KurrentDB (removed again on read). */
export const SCHEMA_VERSION_KEY = '$schemaVersion';

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

export function fromKurrentEvent(event: KurrentRecordedEvent, fallback?: Position): RecordedEvent {
  const { [SCHEMA_VERSION_KEY]: schemaVersion, ...metadata } = (
    event.metadata && typeof event.metadata === 'object' && !(event.metadata instanceof Uint8Array)
      ? event.metadata
      : {}
  ) as Record<string, unknown>;
  const position = event.position ?? fallback;
  return {
    eventId: event.id,
    type: event.type,
    schemaVersion: typeof schemaVersion === 'number' ? schemaVersion : 1,
    data: (event.isJson && event.data && typeof event.data === 'object' ? event.data : {}) as Record<string, unknown>,
    metadata: metadata as EventMetadata,
    streamId: event.streamId,
    revision: Number(event.revision),
    logPosition: position ? toLogPosition(position) : '',
    recordedAt: event.created.toISOString(),
    hash: '', // the hash chain is kept by the PostgreSQL adapter only
  };
}
