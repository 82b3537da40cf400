import { ProposalEventSchemas, type RecordedEvent } from '@siks/contracts';
import type { EventStore } from '@siks/eventstore';
import type { PoolClient } from '@siks/pg';
import { applyApproval } from './apply.ts';
import { UnreadTail } from './unread-tail.ts';
import { recordOutcomes, type OutcomeRecord } from './outcomes.ts';
import { PendingContents } from './pending-contents.ts';
import { readProposalContents, writeProposalContents } from './proposal-contents.ts';

export interface ProposalHandlerDeps {
  store: EventStore;
  now?: () => Date;
  /** Told when an approved proposal could not be applied (a rule refused it); no personal data. */
  onNotApplied?: (info: { proposalId: string; rule: string }) => void;
}

const CONTENT_EVENTS = new Set(['ProposalDrafted', 'ProposalAmended', 'ProposalApproved']);

/** The proposal an event of the batch names (checked by its schema when folded). */
function proposalIdOf(event: RecordedEvent): string | undefined {
  const { proposalId } = event.data as { proposalId?: unknown };
  return typeof proposalId === 'string' ? proposalId : undefined;
}

/**
 * Handles a batch of intake events inside the consumer's transaction: keeps the latest content
 * of each proposal and applies it to the registry when the proposal is approved. Set-based:
 * one read of the contents the batch concerns, the events folded in memory in log order (an
 * approval sees the drafts and amendments before it), then the contents and the outcomes
 * written last, one statement each. An approval appends through the event store's own
 * transaction (never through `client`); it is idempotent, so a batch handled again after a
 * failure appends nothing new. The end state equals handling the events one by one.
 */
export function createProposalBatchHandler(deps: ProposalHandlerDeps) {
  const now = deps.now ?? (() => new Date());
  return async (events: readonly RecordedEvent[], client: PoolClient): Promise<void> => {
    const concerned = events.filter((event) => CONTENT_EVENTS.has(event.type));
    if (concerned.length === 0) return; // other intake events do not concern the registry
    const ids = new Set<string>();
    for (const event of concerned) {
      const id = proposalIdOf(event);
      if (id !== undefined) ids.add(id.toLowerCase());
    }
    const contents = new PendingContents(await readProposalContents(client, [...ids]));
    const outcomes: OutcomeRecord[] = [];
    // Read once for the batch, then only on from there (an approval sees the ones before it).
    const tail = new UnreadTail(client, deps.store);
    for (const event of concerned) {
      switch (event.type) {
        case 'ProposalDrafted':
          contents.draft(event, now());
          break;
        case 'ProposalAmended':
          contents.amend(event, now());
          break;
        case 'ProposalApproved': {
          const { proposalId } = ProposalEventSchemas.ProposalApproved.data.parse(event.data);
          const proposal = contents.proposal(proposalId);
          if (!proposal) throw new Error(`approval of an unknown proposal (event ${event.eventId})`);
          const result = await applyApproval(deps.store, client, event, proposal, tail);
          if (result.outcome === 'not_applied') deps.onNotApplied?.({ proposalId, rule: result.rule });
          outcomes.push({ proposalId, approvalEventId: event.eventId, result, decidedAt: now() });
          break;
        }
      }
    }
    await writeProposalContents(client, contents.writes());
    await recordOutcomes(client, outcomes);
  };
}
