import { personForgottenOf, Topics } from '@siks/contracts';
import { startBatchEventConsumer, type Bus, type Consumer } from '@siks/bus';
import type { Pool } from '@siks/pg';
import { applyErasure } from '../read-model/erasure.ts';
import { createProposalBatchHandler, type ProposalHandlerDeps } from './handle-batch.ts';

export type { ProposalHandlerDeps } from './handle-batch.ts';

/** Consumer group and inbox name of the registry's consumer of approved proposals. */
export const PROPOSAL_CONSUMER = 'registry.proposals';

export interface ProposalConsumerDeps extends ProposalHandlerDeps {
  bus: Bus;
  pool: Pool;
  maxBatchSize?: number;
  /** Told a forgotten person's subjects (the keyring's `evict`): this process's cached keys go at once. */
  forgetter?: { evict(subjectId: string): void };
}

/**
 * Starts the idempotent consumer of `intake.proposals.v1`: each delivered batch is one
 * transaction that reads first and writes its effects and inbox marks last, set-based.
 */
export function startProposalConsumer(deps: ProposalConsumerDeps): Promise<Consumer> {
  const handleProposals = createProposalBatchHandler(deps);
  return startBatchEventConsumer({
    bus: deps.bus,
    pool: deps.pool,
    name: PROPOSAL_CONSUMER,
    topics: [Topics.intakeProposals],
    // A forgotten person (PersonForgotten) is blanked after the batch's own writes, which may name them.
    handleBatch: async (events, client) => {
      await handleProposals(events, client);
      for (const event of events) {
        const forgotten = personForgottenOf(event);
        if (!forgotten) continue;
        await applyErasure(client, forgotten);
        for (const subject of forgotten.subjects) deps.forgetter?.evict(subject);
      }
    },
    ...(deps.maxBatchSize !== undefined ? { maxBatchSize: deps.maxBatchSize } : {}),
  });
}
