import type { NewEvent } from '@siks/contracts';
import { WrongExpectedRevisionError, type EventStore } from '@siks/eventstore';
import { conflict } from '@siks/service-kit';
import { documentStreamId, foldDocument } from './events.ts';
import type { DocumentState } from './state.ts';

/** The current state of a document from its stream (`none` when there is no such stream). */
export async function loadDocument(store: EventStore, documentId: string): Promise<DocumentState> {
  return foldDocument(await store.readStream(documentStreamId(documentId)));
}

/**
 * Load, decide, append with the expected revision; a concurrent append (e.g. the service's own
 * duplicate finding) makes it load and decide again, a few times, then it is a 409.
 */
export async function handleCommand<R>(
  store: EventStore,
  documentId: string,
  decide: (state: DocumentState) => { events: NewEvent[]; result: R },
  attempts = 3,
): Promise<{ state: DocumentState; result: R; appended: boolean }> {
  for (let attempt = 1; ; attempt++) {
    const state = await loadDocument(store, documentId);
    const { events, result } = decide(state);
    if (events.length === 0) return { state, result, appended: false };
    try {
      await store.append(documentStreamId(documentId), events, state.revision < 0 ? 'no_stream' : state.revision);
      return { state: await loadDocument(store, documentId), result, appended: true };
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError) || attempt >= attempts) {
        if (error instanceof WrongExpectedRevisionError) throw conflict();
        throw error;
      }
    }
  }
}
