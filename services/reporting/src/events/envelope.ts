import type { RecordedEvent } from '@siks/contracts';

/** A relayed message whose value is not a usable event envelope (it goes to the dead-letter topic). */
export class MalformedEventError extends Error {
  override name = 'MalformedEventError';
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isTime = (value: unknown): value is string => typeof value === 'string' && !Number.isNaN(Date.parse(value));

/**
 * Parses a relayed message value (the RecordedEvent as JSON) and checks the envelope fields
 * every projection relies on. The `data` of an event is read field by field, defensively, by
 * each projection: other services' contracts may add fields at any time.
 */
export function parseEnvelope(value: string): RecordedEvent {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new MalformedEventError('message value is not JSON');
  }
  if (!isObject(parsed)) throw new MalformedEventError('event is not an object');
  const { eventId, type, streamId, revision, logPosition, recordedAt, data, metadata } = parsed;
  if (typeof eventId !== 'string' || !UUID.test(eventId)) throw new MalformedEventError('eventId is not a UUID');
  if (typeof type !== 'string' || type === '') throw new MalformedEventError('type missing');
  if (typeof streamId !== 'string' || streamId === '') throw new MalformedEventError('streamId missing');
  if (typeof revision !== 'number' || !Number.isInteger(revision) || revision < 0) {
    throw new MalformedEventError('revision missing');
  }
  if (typeof logPosition !== 'string') throw new MalformedEventError('logPosition missing');
  if (!isTime(recordedAt)) throw new MalformedEventError('recordedAt missing');
  if (!isObject(data)) throw new MalformedEventError('data is not an object');
  if (!isObject(metadata) || !isObject(metadata['actor'])) throw new MalformedEventError('metadata.actor missing');
  const actor = metadata['actor'];
  if (typeof actor['userId'] !== 'string' || typeof actor['role'] !== 'string') {
    throw new MalformedEventError('metadata.actor incomplete');
  }
  return parsed as unknown as RecordedEvent;
}

export { isObject, UUID };
