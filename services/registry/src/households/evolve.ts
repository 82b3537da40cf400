import type { HouseholdEvent } from '@siks/contracts';
import { applyChange } from './paths.ts';
import { docOf, type HouseholdDoc, type HouseholdState } from './state.ts';

/** The state after `event` (pure; `state` is never mutated). */
export function evolve(state: HouseholdState | null, event: HouseholdEvent): HouseholdState | null {
  if (event.type === 'HouseholdRegistered') {
    const { householdId, proposalId, household, splitFrom } = event.data;
    return {
      householdId,
      status: 'active',
      doc: docOf(household),
      ...(splitFrom !== undefined ? { splitFrom } : {}),
      splits: [],
      proposalIds: [proposalId],
    };
  }
  // Events of an unregistered household cannot occur (decide never emits them); ignore defensively.
  if (state === null) return null;
  const next: HouseholdState = {
    ...state,
    proposalIds: state.proposalIds.includes(event.data.proposalId)
      ? state.proposalIds
      : [...state.proposalIds, event.data.proposalId],
  };
  switch (event.type) {
    case 'HouseholdUpdated':
      return { ...next, doc: event.data.changes.reduce<HouseholdDoc>(applyChange, state.doc) };
    case 'MemberAdded':
      return { ...next, doc: { ...state.doc, members: [...state.doc.members, event.data.member] } };
    case 'MemberRemoved':
      return { ...next, doc: withoutMembers(state.doc, [event.data.nikIndex]) };
    case 'HouseholdDeactivated': {
      const { reason, date } = event.data;
      return { ...next, status: 'inactive', deactivation: { reason, date } };
    }
    case 'HouseholdReactivated': {
      const { deactivation: _gone, ...rest } = next;
      return { ...rest, status: 'active' };
    }
    case 'HouseholdSplit':
      return {
        ...next,
        doc: withoutMembers(state.doc, event.data.movedMembers),
        splits: [...state.splits, event.data.newHouseholdId],
      };
    default: {
      const unreachable: never = event;
      throw new Error(`evolve: unknown event ${JSON.stringify(unreachable)}`);
    }
  }
}

/** Folds events from the beginning of a household's stream. */
export function fold(events: Iterable<HouseholdEvent>): HouseholdState | null {
  let state: HouseholdState | null = null;
  for (const event of events) state = evolve(state, event);
  return state;
}

function withoutMembers(doc: HouseholdDoc, nikIndexes: readonly string[]): HouseholdDoc {
  const gone = new Set(nikIndexes);
  return { ...doc, members: doc.members.filter((member) => !gone.has(member.nikIndex)) };
}
