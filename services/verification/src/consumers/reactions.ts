import {
  Traceparent,
  deterministicId,
  type Actor,
  type CheckTrigger,
  type EventMetadata,
  type RecordedEvent,
} from '@siks/contracts';
import type { EventStore } from '@siks/eventstore';
import type { Queryable } from '@siks/pg';
import { handleCaseCommand, loadCase } from '../case/stream.ts';
import { UNDECIDED } from '../case/state.ts';
import { runChecks } from '../checks/run.ts';
import type { CheckConfig } from '../config.ts';
import { gatherFacts, loadProposal, type PersonalDataOpener } from '../inputs/gather.ts';

/** What the consumers need to react to events. */
export interface ReactionDeps {
  store: EventStore;
  opener: PersonalDataOpener;
  checks: CheckConfig;
  now: () => Date;
}

/** The service itself, as the actor of the events it appends in reaction. */
export const SYSTEM_ACTOR: Actor = { userId: 'siks-verification', role: 'system', regionCode: '' };

/** Metadata of an event appended because of `cause`: same correlation and trace, caused by it. */
export function reactionMetadata(cause: RecordedEvent, now: Date): EventMetadata {
  const traceparent = Traceparent.safeParse(cause.metadata.traceparent);
  return {
    actor: SYSTEM_ACTOR,
    channel: 'system',
    occurredAt: now.toISOString(),
    correlationId: cause.metadata.correlationId,
    causationId: cause.eventId,
    ...(traceparent.success ? { traceparent: traceparent.data } : {}),
  };
}

const SUBMISSION: ReadonlySet<CheckTrigger> = new Set(['submitted', 'resubmitted']);

/**
 * Runs the automated checks of a proposal and records them on its case: on a submission it
 * opens the case (or starts the round after a return); on other triggers it adds a round
 * only while the case is undecided and some result changed (decide.ts). Event ids derive
 * from the causing event, so a redelivery appends nothing twice.
 */
export async function runChecksFor(
  db: Queryable,
  deps: ReactionDeps,
  proposalId: string,
  trigger: CheckTrigger,
  cause: RecordedEvent,
): Promise<void> {
  const state = await loadCase(deps.store, proposalId);
  if (!SUBMISSION.has(trigger) && (state.status === 'none' || !UNDECIDED.has(state.status))) return;
  const proposal = await loadProposal(db, proposalId);
  if (!proposal) return;
  const facts = await gatherFacts(db, deps.opener, proposal);
  const results = runChecks(facts, deps.checks);
  await handleCaseCommand({
    store: deps.store,
    proposalId,
    state,
    command: {
      type: 'RunChecks',
      trigger,
      proposal: {
        proposalId,
        regionCode: proposal.regionCode,
        proposalType: proposal.proposalType,
        channel: proposal.channel,
        householdId: proposal.householdId,
      },
      results,
    },
    metadata: reactionMetadata(cause, deps.now()),
    eventId: (_index, event) =>
      deterministicId(
        cause.eventId,
        event.type === 'CaseOpened' ? `case-opened:${proposalId}` : `checks:${proposalId}`,
      ),
  });
}

/** Closes an undecided case whose proposal was withdrawn. */
export async function withdrawCase(
  deps: ReactionDeps,
  proposalId: string,
  reason: string,
  cause: RecordedEvent,
): Promise<void> {
  await handleCaseCommand({
    store: deps.store,
    proposalId,
    command: { type: 'Withdraw', reason },
    metadata: reactionMetadata(cause, deps.now()),
    eventId: () => deterministicId(cause.eventId, `withdrawn:${proposalId}`),
  });
}

/** At most this many related cases are re-checked per event (a bound on the work of one event). */
export const RELATED_LIMIT = 50;

/**
 * Submitted proposals (other than `proposalId`) that share a member NIK, the KK number or the
 * household with it: their duplicate and conflict findings may change when it enters or
 * leaves the pending set.
 */
export async function relatedProposals(db: Queryable, proposalId: string): Promise<string[]> {
  const { rows } = await db.query<{ proposal_id: string }>(
    `WITH me AS (SELECT household_id, kk_index FROM verification.proposals WHERE proposal_id = $1),
          candidates AS (
            SELECT p.proposal_id FROM verification.proposals p, me WHERE p.household_id = me.household_id
            UNION
            SELECT p.proposal_id FROM verification.proposals p, me WHERE p.kk_index = me.kk_index
            UNION
            SELECT other.proposal_id FROM verification.proposal_people mine
              JOIN verification.proposal_people other ON other.nik_index = mine.nik_index
             WHERE mine.proposal_id = $1)
     SELECT c.proposal_id FROM candidates c JOIN verification.proposals p USING (proposal_id)
      WHERE c.proposal_id <> $1 AND p.status = 'submitted'
      ORDER BY c.proposal_id LIMIT ${RELATED_LIMIT}`,
    [proposalId],
  );
  return rows.map((row) => row.proposal_id);
}

/** Submitted proposals naming one of these NIKs or KK numbers (a reference line or a registry change concerns them). */
export async function proposalsNaming(
  db: Queryable,
  nikIndexes: readonly string[],
  kkIndexes: readonly string[] = [],
): Promise<string[]> {
  const { rows } = await db.query<{ proposal_id: string }>(
    `WITH candidates AS (
       SELECT proposal_id FROM verification.proposal_people WHERE nik_index = ANY($1::text[])
       UNION
       SELECT proposal_id FROM verification.proposals WHERE kk_index = ANY($2::text[]))
     SELECT c.proposal_id FROM candidates c JOIN verification.proposals p USING (proposal_id)
      WHERE p.status = 'submitted' ORDER BY c.proposal_id LIMIT ${RELATED_LIMIT}`,
    [nikIndexes, kkIndexes],
  );
  return rows.map((row) => row.proposal_id);
}
