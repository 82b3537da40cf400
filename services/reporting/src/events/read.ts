import type { RecordedEvent } from '@siks/contracts';
import { isObject, UUID } from './envelope.ts';

/**
 * Defensive readers of event fields. Verification and registry contracts are written by other
 * teams and may grow: a projection reads what it needs by name and ignores the rest, and a
 * missing or odd field gives `undefined`, never an exception.
 */

export type Data = Readonly<Record<string, unknown>>;

const VILLAGE = /^\d{2}\.\d{2}\.\d{2}\.\d{4}$/;
const REGION = /^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$/;

export const isVillageCode = (value: unknown): value is string => typeof value === 'string' && VILLAGE.test(value);
export const isRegionCode = (value: unknown): value is string => typeof value === 'string' && REGION.test(value);

export function text(data: Data, key: string, maxLength = 2000): string | undefined {
  const value = data[key];
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  return trimmed.length > maxLength ? trimmed.slice(0, maxLength) : trimmed;
}

export function uuid(data: Data, key: string): string | undefined {
  const value = data[key];
  return typeof value === 'string' && UUID.test(value) ? value.toLowerCase() : undefined;
}

export function integer(data: Data, key: string): number | undefined {
  const value = data[key];
  return typeof value === 'number' && Number.isInteger(value) ? value : undefined;
}

export function object(data: Data, key: string): Data | undefined {
  const value = data[key];
  return isObject(value) ? value : undefined;
}

export function list(data: Data, key: string): readonly unknown[] | undefined {
  const value = data[key];
  return Array.isArray(value) ? value : undefined;
}

/** The kinds of stream the reports know, and the aggregate id each names. */
export type StreamKind = 'proposal' | 'case' | 'document' | 'household' | 'other';

const PREFIXES: readonly [StreamKind, string][] = [
  ['proposal', 'proposal-'],
  ['case', 'case-'],
  ['document', 'document-'],
  ['household', 'household-'],
];

export function streamOf(streamId: string): { kind: StreamKind; id: string | undefined } {
  for (const [kind, prefix] of PREFIXES) {
    if (streamId.startsWith(prefix)) {
      const id = streamId.slice(prefix.length);
      return { kind, id: UUID.test(id) ? id.toLowerCase() : undefined };
    }
  }
  return { kind: 'other', id: undefined };
}

/** The proposal an event is about: its own stream (proposal-, case-) or `data.proposalId`. */
export function proposalIdOf(event: RecordedEvent): string | undefined {
  const stream = streamOf(event.streamId);
  if ((stream.kind === 'proposal' || stream.kind === 'case') && stream.id) return stream.id;
  return uuid(event.data, 'proposalId');
}

/**
 * The household an event is about: its own stream (household-), `data.householdId`, or the
 * only one of `data.householdIds` (a NIK lookup that found one household).
 */
export function householdIdOf(event: RecordedEvent): string | undefined {
  const stream = streamOf(event.streamId);
  if (stream.kind === 'household' && stream.id) return stream.id;
  const ids = event.data['householdIds'];
  if (Array.isArray(ids) && ids.length === 1) return uuid({ id: ids[0] }, 'id');
  return uuid(event.data, 'householdId');
}

export function documentIdOf(event: RecordedEvent): string | undefined {
  const stream = streamOf(event.streamId);
  if (stream.kind === 'document' && stream.id) return stream.id;
  return uuid(event.data, 'documentId');
}

/** The village an event names in its data (`regionCode`), when it names one. */
export function villageOf(event: RecordedEvent): string | undefined {
  const code = event.data['regionCode'];
  return isVillageCode(code) ? code : undefined;
}

/** When it happened: `metadata.occurredAt`, or when it was stored if that is missing. */
export function occurredAt(event: RecordedEvent): string {
  const value = (event.metadata as { occurredAt?: unknown }).occurredAt;
  return typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? value : event.recordedAt;
}

/** A person acted (not a service reacting on its own). */
export const byPerson = (event: RecordedEvent): boolean => event.metadata.actor.role !== 'system';

/** The reason a person gave: metadata first, then the event's own `reason`. */
export function reasonOf(event: RecordedEvent): string | undefined {
  const fromMetadata = (event.metadata as { reason?: unknown }).reason;
  if (typeof fromMetadata === 'string' && fromMetadata.trim() !== '') return fromMetadata.trim().slice(0, 2000);
  return text(event.data, 'reason');
}

/** The earlier of two ISO times (either may be missing). */
export function earliest(a: string | null | undefined, b: string | null | undefined): string | null {
  if (!a) return b ?? null;
  if (!b) return a;
  return Date.parse(a) <= Date.parse(b) ? a : b;
}
