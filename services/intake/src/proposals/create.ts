import {
  deterministicId,
  type Channel,
  type EventMetadata,
  type ProposalContent,
  type ProposalStatus,
} from '@siks/contracts';
import type { EventStore } from '@siks/eventstore';
import { decide } from './decide.ts';
import { fold } from './evolve.ts';
import { appendProposal } from './repository.ts';
import type { PersonalDataSealer } from './seal.ts';
import type { WindowConfig } from '@siks/contracts';

/** What creating a proposal needs. */
export interface WriteDeps {
  store: EventStore;
  sealer: PersonalDataSealer;
  windows: WindowConfig;
}

export interface CreateProposalInput {
  proposalId: string;
  channel: Channel;
  content: ProposalContent;
  submit: boolean;
  clientId?: string;
  source?: { importId: string; rows: number[]; meetingId?: string };
  metadata: EventMetadata;
  now: Date;
  /** Id of the n-th event of the creation (deterministic for retried creations). */
  eventId: (index: number) => string;
}

export interface CreatedProposal {
  proposalId: string;
  status: ProposalStatus;
  revision: number;
  /** When a submission asked for outside the window will be possible. */
  deferredUntil?: string;
}

/**
 * Drafts (and with `submit`, submits or defers) a new proposal: its stream must not exist.
 * Retried with the same event ids it writes nothing and answers the same; a stream that exists
 * with other events fails with `WrongExpectedRevisionError`.
 */
export async function createProposal(deps: WriteDeps, input: CreateProposalInput): Promise<CreatedProposal> {
  const events = decide(
    {
      type: 'DraftProposal',
      data: {
        proposalId: input.proposalId,
        channel: input.channel,
        content: input.content,
        submit: input.submit,
        ...(input.clientId !== undefined ? { clientId: input.clientId } : {}),
        ...(input.source !== undefined ? { source: input.source } : {}),
      },
      metadata: { now: input.now, actor: input.metadata.actor },
    },
    { status: 'none', revision: -1 },
    { windows: deps.windows },
  );
  const result = await appendProposal(deps.store, deps.sealer, {
    proposalId: input.proposalId,
    events,
    before: null,
    expected: 'no_stream',
    metadata: input.metadata,
    eventId: input.eventId,
  });
  const state = fold(events);
  if (state.status === 'none') throw new Error('createProposal: no proposal was drafted');
  return {
    proposalId: input.proposalId,
    status: state.status,
    revision: result.nextExpectedRevision,
    ...(state.deferredUntil !== undefined ? { deferredUntil: state.deferredUntil } : {}),
  };
}

/**
 * The id of a proposal handed in with a client id (field devices): derived from the village and
 * the client id, so the same record sent twice, in a batch or alone, is one proposal.
 */
export const clientProposalId = (villageCode: string, clientId: string): string =>
  deterministicId(`intake.client:${villageCode}`, clientId);

/** Event ids of a creation that a retry must reproduce exactly. */
export const creationEventId =
  (proposalId: string, salt = '') =>
  (index: number): string =>
    deterministicId(proposalId, `create:${index}${salt === '' ? '' : `:${salt}`}`);
