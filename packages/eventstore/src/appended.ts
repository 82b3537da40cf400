import { DuplicateEventIdError } from './errors.ts';
import type { AppendResult } from './port.ts';

/** Where an event id of an append was found already. */
export interface FoundEvent {
  eventId: string;
  streamId: string;
  revision: number;
  logPosition: string;
}

/**
 * The idempotency rule both adapters apply once they have looked an append's ids up (`found`
 * in the order of `ids`, undefined where an id is not stored): none found → undefined (append);
 * every one found in this stream → the original result (a retry, nothing is written); only some,
 * or some in another stream → `DuplicateEventIdError`. Pure, so it is tested without a store.
 */
export function earlierAppend(
  streamId: string,
  ids: readonly string[],
  found: readonly (FoundEvent | undefined)[],
): AppendResult | undefined {
  const present = found.filter((event) => event !== undefined);
  if (present.length === 0) return undefined;
  if (present.length < ids.length || present.some((event) => event.streamId !== streamId)) {
    throw new DuplicateEventIdError(streamId, present[0]?.eventId ?? '');
  }
  return {
    nextExpectedRevision: Math.max(...present.map((event) => event.revision)),
    logPositions: present.map((event) => event.logPosition),
  };
}
