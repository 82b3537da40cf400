import {
  DocumentEvent,
  DocumentEventTypes,
  type DocumentEventType,
  type EventMetadata,
  type NewEvent,
  type RecordedEvent,
} from '@siks/contracts';
import { evolve, initialState, type DocumentState } from './state.ts';

/** Streams of the Document aggregate: `document-<uuid>`. */
export const DOCUMENT_STREAM_PREFIX = 'document-';

export const documentStreamId = (documentId: string): string => `${DOCUMENT_STREAM_PREFIX}${documentId}`;

type DataOf<T extends DocumentEventType> = Extract<DocumentEvent, { type: T }>['data'];

/** A new document event, its data checked against the contract (a bad event is a bug: throws). */
export function documentEvent<T extends DocumentEventType>(
  type: T,
  data: DataOf<T>,
  metadata: EventMetadata,
  eventId: string,
): NewEvent {
  const checked = DocumentEvent.parse({ type, schemaVersion: DocumentEventTypes[type].schemaVersion, data });
  return {
    eventId,
    type: checked.type,
    schemaVersion: checked.schemaVersion,
    data: checked.data as Record<string, unknown>,
    metadata,
  };
}

/** A recorded event as one of the document events; throws for anything else. */
export function parseDocumentEvent(event: Pick<RecordedEvent, 'type' | 'schemaVersion' | 'data'>): DocumentEvent {
  return DocumentEvent.parse({ type: event.type, schemaVersion: event.schemaVersion, data: event.data });
}

/** The state of one document from its stream. */
export function foldDocument(events: readonly RecordedEvent[]): DocumentState {
  return events.reduce<DocumentState>(
    (state, event) =>
      evolve(state, parseDocumentEvent(event), { revision: event.revision, occurredAt: event.metadata.occurredAt }),
    initialState,
  );
}
