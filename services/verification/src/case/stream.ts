import { caseStreamId, parseCaseEvent, type EventMetadata, type NewEvent, type StoredCaseEvent } from '@siks/contracts';
import type { EventStore } from '@siks/eventstore';
import { decide, type CaseCommand } from './decide.ts';
import { evolve } from './evolve.ts';
import { initialCaseState, type CaseState } from './state.ts';

/**
 * Loads a case from its stream. Events of unknown types (a newer version) are skipped but
 * still count for the revision, so the ETag and the expected revision stay the stream's own.
 */
export async function loadCase(store: EventStore, proposalId: string): Promise<CaseState> {
  const recorded = await store.readStream(caseStreamId(proposalId));
  let state = initialCaseState();
  for (const event of recorded) {
    const parsed = parseCaseEvent(event);
    if (parsed) state = evolve(state, { ...parsed, metadata: event.metadata, revision: event.revision });
  }
  const last = recorded[recorded.length - 1];
  if (last && state.status !== 'none') state = { ...state, revision: last.revision };
  return state;
}

export interface HandleOptions {
  store: EventStore;
  proposalId: string;
  command: CaseCommand;
  metadata: EventMetadata;
  /** The id of the n-th event produced (deterministic for reactions, UUIDv7 for people). */
  eventId: (index: number, event: StoredCaseEvent) => string;
  /** The revision the caller saw (`If-Match`); checked before deciding. */
  expectedRevision?: number | undefined;
  /** The case as just loaded by the caller (saves reading the stream twice). */
  state?: CaseState | undefined;
}

export interface HandleResult {
  /** The state after the new events. */
  state: CaseState;
  events: StoredCaseEvent[];
}

/** Thrown when `expectedRevision` is not the case's current revision (HTTP 412). */
export class StaleRevisionError extends Error {
  override readonly name = 'StaleRevisionError';
  constructor(readonly current: number) {
    super(`case is at revision ${current}`);
  }
}

/**
 * Load → decide → append with the loaded revision as expected revision (a concurrent append
 * fails with `WrongExpectedRevisionError`, a redelivered reaction with the same ids is a no-op).
 */
export async function handleCaseCommand(options: HandleOptions): Promise<HandleResult> {
  const { store, proposalId, command, metadata } = options;
  const state = options.state ?? (await loadCase(store, proposalId));
  if (options.expectedRevision !== undefined && options.expectedRevision !== state.revision)
    throw new StaleRevisionError(state.revision);
  const events = decide(command, state);
  if (events.length === 0) return { state, events };
  const reason = reasonOf(events[0]);
  const newEvents: NewEvent[] = events.map((event, index) => ({
    eventId: options.eventId(index, event),
    type: event.type,
    schemaVersion: event.schemaVersion,
    data: event.data,
    metadata: { ...metadata, ...(reason !== undefined ? { reason } : {}) },
  }));
  const result = await store.append(
    caseStreamId(proposalId),
    newEvents,
    state.status === 'none' ? 'no_stream' : state.revision,
  );
  let next = state;
  const first = result.nextExpectedRevision - events.length + 1;
  events.forEach((event, index) => {
    next = evolve(next, {
      ...event,
      metadata: { actor: metadata.actor, occurredAt: metadata.occurredAt },
      revision: first + index,
    });
  });
  return { state: next, events };
}

function reasonOf(event: StoredCaseEvent | undefined): string | undefined {
  if (!event || !('reason' in event.data)) return undefined;
  return event.data.reason;
}
