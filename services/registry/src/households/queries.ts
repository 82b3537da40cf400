import { compareLogPositions, type EventStore } from '@siks/eventstore';
import { fold } from './evolve.ts';
import type { HouseholdState } from './state.ts';
import { loadHousehold, type LoadedEvent } from './streams.ts';
import { instantMicros } from './time.ts';

/** A household folded from its stream up to some point, and where that point is. */
export interface FoldedHousehold {
  state: HouseholdState;
  revision: number;
  updatedAt: string;
}

function foldUpTo(loaded: readonly LoadedEvent[]): FoldedHousehold | undefined {
  const last = loaded.at(-1);
  const state = fold(loaded.map(({ event }) => event));
  if (!last || state === null) return undefined;
  return { state, revision: last.recorded.revision, updatedAt: last.recorded.recordedAt };
}

/** The household as it stands now (from its stream: always exact). */
export async function currentHousehold(store: EventStore, householdId: string): Promise<FoldedHousehold | undefined> {
  return foldUpTo(await loadHousehold(store, householdId));
}

/** The household as it stood at `asOf`: only events recorded at or before that instant. */
export async function householdAsOf(
  store: EventStore,
  householdId: string,
  asOf: string,
): Promise<FoldedHousehold | undefined> {
  const limit = instantMicros(asOf);
  const loaded = await loadHousehold(store, householdId);
  return foldUpTo(loaded.filter(({ recorded }) => instantMicros(recorded.recordedAt) <= limit));
}

/** The household as it stood at a position of the global log (events at or before it). */
export async function householdAtPosition(
  store: EventStore,
  householdId: string,
  logPosition: string,
): Promise<FoldedHousehold | undefined> {
  const loaded = await loadHousehold(store, householdId);
  return foldUpTo(loaded.filter(({ recorded }) => compareLogPositions(recorded.logPosition, logPosition) <= 0));
}
