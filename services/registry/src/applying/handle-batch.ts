import { ProposalEventSchemas, type RecordedEvent } from '@siks/contracts';
import type { EventStore } from '@siks/eventstore';
import type { PoolClient } from '@siks/pg';
import { applyApproval } from './apply.ts';
import { groupedAppends, StagedWrites } from './staged-writes.ts';
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
 * written last, one statement each. The approvals' household events are appended together
 * before those (staged-writes.ts), through the event store's own transactions (never through
 * `client`); idempotent, so a batch handled again after a failure appends nothing new. The end state equals handling the events one by one.
 */
export function createProposalBatchHandler(deps: ProposalHandlerDeps) {
  const now = deps.now ?? (() => new Date());
  const grouped = groupedAppends(deps.store);
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
    // Shared by the batch's approvals: the unread log (read on from where the last one stopped)
    // and the household events decided so far, appended together below.
    const batch = { tail: new UnreadTail(client, deps.store), writes: new StagedWrites(deps.store, grouped) };
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
          const result = await applyApproval(client, event, proposal, batch);
          if (result.outcome === 'not_applied') deps.onNotApplied?.({ proposalId, rule: result.rule });
          outcomes.push({ proposalId, approvalEventId: event.eventId, result, decidedAt: now() });
          break;
        }
      }
    }
    // The households first (their own transaction, as each approval's append was before), then
    // this transaction's contents, outcomes and inbox marks: a failure in between delivers the
    // batch again, whose approvals then find their events in the store and append nothing twice.
    await batch.writes.flush();
    await writeProposalContents(client, contents.writes());
    await recordOutcomes(client, outcomes);
  };
}
