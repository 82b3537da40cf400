import { Topics, isHouseholdEventType, type RecordedEvent } from '@siks/contracts';
import { startEventConsumer, type Bus, type Consumer } from '@siks/bus';
import type { Pool, PoolClient } from '@siks/pg';
import type { Logger } from '@siks/service-kit';
import { applyDocumentEvent } from '../inputs/evidence.ts';
import { applyHouseholdEvent } from '../inputs/households.ts';
import { applyIntakeEvent } from '../inputs/proposals.ts';
import { proposalsNaming, relatedProposals, runChecksFor, withdrawCase, type ReactionDeps } from './reactions.ts';

export const INPUTS_CONSUMER = 'verification.inputs';

const DOCUMENT_TYPES: ReadonlySet<string> = new Set([
  'DocumentUploaded',
  'DocumentLinked',
  'DocumentRejected',
  'DocumentDuplicateFound',
]);

/**
 * Handles one event of intake, document or registry inside the consumer's transaction: the
 * read models first, then the reactions (checks on submission; a new round when evidence or
 * a reference line arrives for an undecided case; related cases re-checked when a proposal
 * enters or leaves the pending set; the case closed when its proposal is withdrawn).
 *
 * Ordering between topics: evidence, reference lines and registry households may be consumed
 * before or after the submission they concern. Before: they are in the read models when the
 * case opens. After: they trigger a new round on the undecided case (only when a result
 * changes), so the latest round always reflects everything consumed so far.
 */
export async function handleInputEvent(
  client: PoolClient,
  deps: ReactionDeps,
  event: RecordedEvent,
  logger?: Logger,
): Promise<void> {
  const ignored = (why: string): void =>
    logger?.warn({ eventId: event.eventId, type: event.type, why }, 'event ignored by verification');

  if (DOCUMENT_TYPES.has(event.type)) {
    const change = await applyDocumentEvent(client, event);
    if ('ignored' in change) return ignored(change.ignored);
    for (const proposalId of change.proposalIds) await runChecksFor(client, deps, proposalId, 'evidence', event);
    return;
  }
  if (isHouseholdEventType(event.type)) {
    const change = await applyHouseholdEvent(client, event);
    if ('ignored' in change) return ignored(change.ignored);
    for (const proposalId of await proposalsNaming(client, change.nikIndexes, change.kkIndexes))
      await runChecksFor(client, deps, proposalId, 'registry', event);
    return;
  }
  const change = await applyIntakeEvent(client, event);
  switch (change.kind) {
    case 'submitted':
      await runChecksFor(client, deps, change.proposalId, change.resubmitted ? 'resubmitted' : 'submitted', event);
      for (const other of await relatedProposals(client, change.proposalId))
        await runChecksFor(client, deps, other, 'related_proposal', event);
      return;
    case 'left_pending':
      if (change.withdrawn) await withdrawCase(deps, change.proposalId, change.reason ?? 'withdrawn', event);
      for (const other of await relatedProposals(client, change.proposalId))
        await runChecksFor(client, deps, other, 'related_proposal', event);
      return;
    case 'reference':
      for (const proposalId of await proposalsNaming(client, change.nikIndexes))
        await runChecksFor(client, deps, proposalId, 'reference', event);
      return;
    case 'ignored':
      return ignored(change.why);
    case 'none':
      return;
    default: {
      const unreachable: never = change;
      return unreachable;
    }
  }
}

export interface InputsConsumerOptions {
  bus: Bus;
  pool: Pool;
  deps: ReactionDeps;
  logger?: Logger | undefined;
}

/** The consumer of intake, document and registry topics (one group; idempotent per event id). */
export function startInputsConsumer(options: InputsConsumerOptions): Promise<Consumer> {
  return startEventConsumer({
    bus: options.bus,
    pool: options.pool,
    name: INPUTS_CONSUMER,
    topics: [Topics.intakeProposals, Topics.documentEvidence, Topics.registryHouseholds],
    handle: (event, client) => handleInputEvent(client, options.deps, event, options.logger),
  });
}
