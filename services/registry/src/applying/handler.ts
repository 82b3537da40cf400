import { ProposalEventSchemas, Topics, type RecordedEvent } from '@siks/contracts';
import { startEventConsumer, type Bus, type Consumer } from '@siks/bus';
import type { EventStore } from '@siks/eventstore';
import type { Pool, PoolClient } from '@siks/pg';
import { applyApproval, recordOutcome } from './apply.ts';
import { loadProposal, rememberAmendment, rememberDraft } from './proposal-contents.ts';

/** Consumer group and inbox name of the registry's consumer of approved proposals. */
export const PROPOSAL_CONSUMER = 'registry.proposals';

export interface ProposalHandlerDeps {
  store: EventStore;
  now?: () => Date;
  /** Told when an approved proposal could not be applied (a rule refused it); no personal data. */
  onNotApplied?: (info: { proposalId: string; rule: string }) => void;
}

/**
 * Handles one intake event inside the consumer's transaction: keeps the latest content of
 * each proposal and applies it to the registry when the proposal is approved.
 */
export function createProposalHandler(deps: ProposalHandlerDeps) {
  const now = deps.now ?? (() => new Date());
  return async (event: RecordedEvent, client: PoolClient): Promise<void> => {
    switch (event.type) {
      case 'ProposalDrafted':
        return rememberDraft(client, event, now());
      case 'ProposalAmended':
        return rememberAmendment(client, event, now());
      case 'ProposalApproved': {
        const { proposalId } = ProposalEventSchemas.ProposalApproved.data.parse(event.data);
        const proposal = await loadProposal(client, proposalId);
        if (!proposal) throw new Error(`approval of an unknown proposal (event ${event.eventId})`);
        const result = await applyApproval(deps.store, client, event, proposal);
        if (result.outcome === 'not_applied') deps.onNotApplied?.({ proposalId, rule: result.rule });
        return recordOutcome(client, event, proposalId, result, now());
      }
      default:
        return; // other intake events do not concern the registry
    }
  };
}

export interface ProposalConsumerDeps extends ProposalHandlerDeps {
  bus: Bus;
  pool: Pool;
  maxBatchSize?: number;
}

/** Starts the idempotent consumer of `intake.proposals.v1` (effects and inbox in one transaction). */
export function startProposalConsumer(deps: ProposalConsumerDeps): Promise<Consumer> {
  return startEventConsumer({
    bus: deps.bus,
    pool: deps.pool,
    name: PROPOSAL_CONSUMER,
    topics: [Topics.intakeProposals],
    handle: createProposalHandler(deps),
    ...(deps.maxBatchSize !== undefined ? { maxBatchSize: deps.maxBatchSize } : {}),
  });
}
