import { z } from 'zod';
import { EventMetadata } from './metadata.ts';

/** UUID (any version); event ids are UUIDv7 so they sort by creation time. */
export const EventId = z.uuid();

/** An event as handed to the event store for appending. */
export const NewEventSchema = z.object({
  eventId: EventId,
  type: z.string().min(1).max(200),
  schemaVersion: z.number().int().min(1),
  data: z.record(z.string(), z.unknown()),
  metadata: EventMetadata,
});
export type NewEvent<Type extends string = string, Data extends object = Record<string, unknown>> = {
  eventId: string;
  type: Type;
  schemaVersion: number;
  data: Data;
  metadata: EventMetadata;
};

/**
 * An event as read back: what was appended plus where it stands. `logPosition` is an opaque
 * cursor into the global log (compare only through the store); `revision` counts from 0
 * within the stream; `hash` chains the stream's events (DESIGN.md §4).
 */
export interface RecordedEvent<Type extends string = string, Data extends object = Record<string, unknown>>
  extends NewEvent<Type, Data> {
  streamId: string;
  revision: number;
  logPosition: string;
  recordedAt: string;
  hash: string;
}
