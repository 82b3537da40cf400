import {
  deterministicId,
  HouseholdEventSchemas,
  ProposalEventSchemas,
  type EventMetadata,
  type NewEvent,
  type RecordedEvent,
} from '@siks/contracts';
import type { Queryable } from '@siks/pg';
import { decide } from '../households/decide.ts';
import { RuleViolation, type RuleCode } from '../households/errors.ts';
import { evolve } from '../households/evolve.ts';
import type { HouseholdState } from '../households/state.ts';
import { householdStream } from '../households/streams.ts';
import { findActiveDuplicates } from './duplicates.ts';
import type { StagedWrites } from './staged-writes.ts';
import type { UnreadTail } from './unread-tail.ts';
import { readModelLookups } from './lookups.ts';
import { resolutionTargets } from './resolve.ts';
import { dateInWib, planTargets, type Target } from './plan.ts';
import type { ProposalRow } from './pending-contents.ts';

export type ApplicationOutcome =
  | { outcome: 'applied' | 'unchanged'; householdIds: string[] }
  | { outcome: 'not_applied'; rule: RuleCode; householdIds: string[] };

/** What the approvals of one delivered batch share (see `applyApproval`). */
export interface ApprovalBatch {
  tail: UnreadTail;
  writes: StagedWrites;
}

interface PendingAppend {
  streamId: string;
  /** The household as its events so far leave it (a second command on it sees the first's). */
  state: HouseholdState | null;
  events: NewEvent[];
}

/**
 * Applies an approved proposal to the households it names. Idempotent: a household whose
 * stream already holds an event caused by this approval is left alone (an earlier attempt
 * got that far), and every event id derives from the approval's id and its place, so a
 * re-append writes nothing. All targets are decided before anything is appended, so a rule
 * that refuses one target leaves every household untouched.
 *
 * A person (NIK) or a KK is active in one household only: when the proposal registers or adds
 * one that another active household holds, it is refused (`nik_active_elsewhere`,
 * `kk_active_elsewhere`) unless the approval carries a resolution, whose changes to those
 * households (see `resolutionTargets`) come first, in the same application.
 *
 * The approvals of one batch share `batch`: the log the read model has not read yet (read on
 * from where the previous approval stopped; unread-tail.ts) and the household events decided so
 * far, which the caller appends together once the batch's approvals are decided
 * (`StagedWrites.flush`; staged-writes.ts).
 */
export async function applyApproval(
  client: Queryable,
  approval: RecordedEvent,
  proposal: ProposalRow,
  batch: ApprovalBatch,
): Promise<ApplicationOutcome> {
  const { tail, writes } = batch;
  const approvedOn = dateInWib(approval.metadata.occurredAt);
  let targets: Target[];
  try {
    targets = await planTargets({
      proposalId: proposal.proposalId,
      content: proposal.content,
      approvedOn,
      lookups: readModelLookups(client),
    });
  } catch (error) {
    if (error instanceof RuleViolation) return { outcome: 'not_applied', rule: error.code, householdIds: [] };
    throw error;
  }
  const householdIds = targets.map((target) => target.householdId);
  const metadata = householdMetadata(approval, proposal);
  const pending = new Map<string, PendingAppend>();
  let alreadyApplied = false;
  const load = async (householdId: string): Promise<PendingAppend | undefined> => {
    if (pending.has(householdId)) return pending.get(householdId);
    const read = await writes.read(householdId);
    if (read.recorded.some((recorded) => recorded.metadata.causationId === approval.eventId)) {
      alreadyApplied = true;
      return undefined;
    }
    const entry: PendingAppend = { streamId: householdStream(householdId), state: read.state, events: [] };
    pending.set(householdId, entry);
    return entry;
  };
  for (const { householdId } of targets) await load(householdId);
  try {
    // Once part of this approval is in, its duplicates were resolved then: never refuse it later.
    if (!alreadyApplied) {
      const duplicates = await findActiveDuplicates(client, writes, targets, tail);
      const resolution = ProposalEventSchemas.ProposalApproved.data.safeParse(approval.data).data?.resolution;
      const context = { proposalId: proposal.proposalId, regionCode: proposal.regionCode, approvedOn };
      targets = [...resolutionTargets(duplicates, resolution, context), ...targets];
    }
    for (const { householdId, command, reason } of targets) {
      const entry = await load(householdId);
      if (entry === undefined) continue;
      for (const event of decide(command, entry.state)) {
        entry.state = evolve(entry.state, event);
        entry.events.push({
          eventId: deterministicId(approval.eventId, `${entry.streamId}#${entry.events.length}`),
          type: event.type,
          schemaVersion: HouseholdEventSchemas[event.type].schemaVersion,
          data: event.data,
          metadata: reason === undefined ? metadata : { ...metadata, reason },
        });
      }
    }
  } catch (error) {
    if (error instanceof RuleViolation && !alreadyApplied)
      return { outcome: 'not_applied', rule: error.code, householdIds };
    throw error;
  }
  let changed = alreadyApplied;
  // In the order first touched: the households a resolution changes come before the proposal's.
  const order = [...new Set(targets.map((target) => target.householdId))];
  for (const householdId of order) {
    const entry = pending.get(householdId);
    if (!entry || entry.events.length === 0) continue;
    writes.stage(householdId, entry.state, entry.events);
    changed = true;
  }
  // The proposal's own households first, then those a resolution changed.
  const touched = [...householdIds, ...order.filter((householdId) => !householdIds.includes(householdId))];
  return { outcome: changed ? 'applied' : 'unchanged', householdIds: touched };
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
