import { parseHouseholdEvent, type HouseholdEvent, type RecordedEvent } from '@siks/contracts';
import type { EventStore } from '@siks/eventstore';

export const HOUSEHOLD_PREFIX = 'household-';
export const CUTOFF_PREFIX = 'cutoff-';
export const ACCESS_PREFIX = 'access-';

export const householdStream = (householdId: string): string => `${HOUSEHOLD_PREFIX}${householdId}`;

/** A household's recorded events with their parsed domain form. */
export interface LoadedEvent {
  recorded: RecordedEvent;
  event: HouseholdEvent;
}

export async function loadHousehold(store: EventStore, householdId: string): Promise<LoadedEvent[]> {
  const recorded = await store.readStream(householdStream(householdId));
  return recorded.map((event) => ({ recorded: event, event: parseHouseholdEvent(event) }));
}
