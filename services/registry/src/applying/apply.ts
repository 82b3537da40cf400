import {
  deterministicId,
  HouseholdEventSchemas,
  type EventMetadata,
  type HouseholdEvent,
  type NewEvent,
  type RecordedEvent,
} from '@siks/contracts';
import type { EventStore, ExpectedRevision } from '@siks/eventstore';
import type { Queryable } from '@siks/pg';
import { decide } from '../households/decide.ts';
import { RuleViolation, type RuleCode } from '../households/errors.ts';
import { fold } from '../households/evolve.ts';
import { householdStream, loadHousehold } from '../households/streams.ts';
import { readModelLookups } from './lookups.ts';
import { dateInWib, planTargets, type Target } from './plan.ts';
import type { ProposalRow } from './pending-contents.ts';

export type ApplicationOutcome =
  | { outcome: 'applied' | 'unchanged'; householdIds: string[] }
  | { outcome: 'not_applied'; rule: RuleCode; householdIds: string[] };

interface PendingAppend {
  streamId: string;
  events: NewEvent[];
  expected: ExpectedRevision;
}

/**
 * Applies an approved proposal to the households it names. Idempotent: a household whose
 * stream already holds an event caused by this approval is left alone (an earlier attempt
 * got that far), and every event id derives from the approval's id and its place, so a
 * re-append writes nothing. All targets are decided before anything is appended, so a rule
 * that refuses one target leaves every household untouched.
 */
export async function applyApproval(
  store: EventStore,
  client: Queryable,
  approval: RecordedEvent,
  proposal: ProposalRow,
): Promise<ApplicationOutcome> {
  let targets: Target[];
  try {
    targets = await planTargets({
      proposalId: proposal.proposalId,
      content: proposal.content,
      approvedOn: dateInWib(approval.metadata.occurredAt),
      lookups: readModelLookups(client),
    });
  } catch (error) {
    if (error instanceof RuleViolation) return { outcome: 'not_applied', rule: error.code, householdIds: [] };
    throw error;
  }
  const householdIds = targets.map((target) => target.householdId);
  const metadata = householdMetadata(approval, proposal);
  const pending: PendingAppend[] = [];
  let alreadyApplied = false;
  for (const { householdId, command } of targets) {
    const loaded = await loadHousehold(store, householdId);
    if (loaded.some(({ recorded }) => recorded.metadata.causationId === approval.eventId)) {
      alreadyApplied = true;
      continue;
    }
    let events: HouseholdEvent[];
    try {
      events = decide(command, fold(loaded.map(({ event }) => event)));
    } catch (error) {
      if (error instanceof RuleViolation && !alreadyApplied)
        return { outcome: 'not_applied', rule: error.code, householdIds };
      throw error;
    }
    const streamId = householdStream(householdId);
    const last = loaded.at(-1)?.recorded.revision;
    pending.push({
      streamId,
      expected: last === undefined ? 'no_stream' : last,
      events: events.map((event, index) => ({
        eventId: deterministicId(approval.eventId, `${streamId}#${index}`),
        type: event.type,
        schemaVersion: HouseholdEventSchemas[event.type].schemaVersion,
        data: event.data,
        metadata,
      })),
    });
  }
  let changed = alreadyApplied;
  for (const { streamId, events, expected } of pending) {
    if (events.length === 0) continue;
    await store.append(streamId, events, expected);
    changed = true;
  }
  return { outcome: changed ? 'applied' : 'unchanged', householdIds };
}

/** Who and how: the approval's actor and trace, the proposal's channel, caused by the approval. */
function householdMetadata(approval: RecordedEvent, proposal: ProposalRow): EventMetadata {
  const { actor, occurredAt, correlationId, traceparent, reason } = approval.metadata;
  return {
    actor,
    channel: proposal.channel,
    occurredAt,
    correlationId,
    causationId: approval.eventId,
    ...(traceparent !== undefined ? { traceparent } : {}),
    ...(reason !== undefined ? { reason } : {}),
  };
}
