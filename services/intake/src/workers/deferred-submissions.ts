import {
  deterministicId,
  ProposalEventSchemas,
  windowKindOf,
  type EventMetadata,
  type WindowConfig,
} from '@siks/contracts';
import { WrongExpectedRevisionError, type EventStore } from '@siks/eventstore';
import type { Queryable } from '@siks/pg';
import { decide } from '../proposals/decide.ts';
import { ProposalError } from '../proposals/errors.ts';
import { appendProposal, latestContentRecord, loadProposal } from '../proposals/repository.ts';
import type { PersonalDataSealer } from '../proposals/seal.ts';

export interface DeferredSubmissionDeps {
  pool: Queryable;
  store: EventStore;
  sealer: PersonalDataSealer;
  windows: WindowConfig;
  clock: () => Date;
  log: { warn(object: object, message: string): void };
  /** Proposals looked at per run; 500 by default. */
  limit?: number;
}

/** Who submits a deferred proposal when its window opens. */
const SYSTEM_ACTOR = { userId: 'intake.deferred-submissions', role: 'system', regionCode: '' } as const;

/**
 * Submits the drafts whose submission was deferred (ProposalSubmissionDeferred) once their
 * window is open. Candidates come from the read model (`deferred_until` up to the latest local
 * day anywhere, UTC+14); `decide` then judges each by its region's local day, as the HTTP
 * submission does. The events' ids derive from the deferral's, so two runs (or two
 * processes) append them once. Returns how many proposals got events.
 */
export async function submitDueProposals(deps: DeferredSubmissionDeps): Promise<number> {
  const now = deps.clock();
  const latestLocalDay = new Date(now.getTime() + 14 * 3_600_000).toISOString().slice(0, 10);
  const { rows } = await deps.pool.query<{ proposal_id: string }>(
    `SELECT proposal_id FROM intake.proposals
      WHERE status = 'draft' AND deferred_until IS NOT NULL AND deferred_until <= $1::date
      ORDER BY deferred_until, proposal_id LIMIT $2`,
    [latestLocalDay, deps.limit ?? 500],
  );
  let submitted = 0;
  for (const { proposal_id: proposalId } of rows) {
    try {
      if (await submitOne(deps, proposalId, now)) submitted += 1;
    } catch (error) {
      // A concurrent write or a refusal: the next run looks again.
      if (!(error instanceof WrongExpectedRevisionError) && !(error instanceof ProposalError)) throw error;
      deps.log.warn({ proposalId, err: error }, 'deferred submission skipped');
    }
  }
  return submitted;
}

async function submitOne(deps: DeferredSubmissionDeps, proposalId: string, now: Date): Promise<boolean> {
  const loaded = await loadProposal(deps.store, proposalId);
  const { state, recorded } = loaded;
  if (state.status !== 'draft' || state.deferredUntil === undefined) return false;
  const deferral = recorded.findLast((event) => event.type === 'ProposalSubmissionDeferred');
  if (!deferral) return false;
  // The window of the latest content (type and programmes are clear in the stored record).
  const record = latestContentRecord(recorded);
  const windowKind = record
    ? windowKindOf(record)
    : ProposalEventSchemas.ProposalSubmissionDeferred.data.parse(deferral.data).window;
  const events = decide(
    { type: 'SubmitProposal', data: { proposalId, windowKind }, metadata: { now, actor: SYSTEM_ACTOR } },
    state,
    { windows: deps.windows },
  );
  if (events.length === 0) return false;
  const metadata: EventMetadata = {
    actor: SYSTEM_ACTOR,
    channel: 'system',
    occurredAt: now.toISOString(),
    correlationId: deferral.metadata.correlationId,
    causationId: deferral.eventId,
  };
  await appendProposal(deps.store, deps.sealer, {
    proposalId,
    events,
    before: null,
    expected: state.revision,
    metadata,
    eventId: (index) => deterministicId(deferral.eventId, `intake.deferred-submit:${index}`),
  });
  return true;
}
