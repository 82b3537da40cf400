import {
  ProposalEventSchemas,
  type ContentRecord,
  isProposalEventType,
  type ProposalContent,
  type StoredProposalEvent,
} from '@siks/contracts';
import type { ProposalEvent } from './events.ts';
import {
  openChanges,
  openContent,
  sealChanges,
  sealContent,
  type PersonalDataOpener,
  type PersonalDataSealer,
} from './seal.ts';

/**
 * Domain event ⇄ stored event (`type`, `schemaVersion`, sealed `data` valid against
 * `ProposalEventSchemas`). `before` is the content before the event (the state's), needed to
 * pick the subject of a removed member's changes.
 */
export async function toStoredEvent(
  event: ProposalEvent,
  before: ProposalContent | null,
  sealer: PersonalDataSealer,
  beforeRecord?: ContentRecord,
): Promise<StoredProposalEvent> {
  switch (event.type) {
    case 'ProposalDrafted': {
      const { content, ...rest } = event.data;
      if (content === null) throw new Error('toStoredEvent: a new proposal needs its content');
      const data = { ...rest, content: await sealContent(content, rest.proposalId, sealer) };
      return { type: event.type, schemaVersion: 1, data: ProposalEventSchemas.ProposalDrafted.data.parse(data) };
    }
    case 'ProposalAmended': {
      const { content, changes, ...rest } = event.data;
      if (content === null || before === null) throw new Error('toStoredEvent: an amendment needs both contents');
      const data = {
        ...rest,
        changes: await sealChanges(changes, { proposalId: rest.proposalId, before, after: content }, sealer),
        content: await sealContent(
          content,
          rest.proposalId,
          sealer,
          beforeRecord ? { content: before, record: beforeRecord } : undefined,
        ),
      };
      return { type: event.type, schemaVersion: 1, data: ProposalEventSchemas.ProposalAmended.data.parse(data) };
    }
    case 'ProposalSubmitted':
    case 'ProposalSubmissionDeferred':
    case 'ProposalWithdrawn':
    case 'ProposalReturned':
    case 'ProposalResubmitted':
    case 'ProposalVerified':
    case 'ProposalRejected':
    case 'ProposalApproved':
      return { type: event.type, schemaVersion: 1, data: event.data } as StoredProposalEvent;
    default: {
      const unreachable: never = event;
      throw new Error(`toStoredEvent: unknown event ${JSON.stringify(unreachable)}`);
    }
  }
}

/** Parses a stored event (after upcasting to the current version) and opens its personal data. */
export async function fromStoredEvent(
  stored: { type: string; data: unknown },
  opener: PersonalDataOpener,
): Promise<ProposalEvent> {
  if (!isProposalEventType(stored.type)) throw new Error(`fromStoredEvent: not a proposal event: ${stored.type}`);
  switch (stored.type) {
    case 'ProposalDrafted': {
      const { content, ...rest } = ProposalEventSchemas.ProposalDrafted.data.parse(stored.data);
      return { type: stored.type, data: { ...rest, content: await openContent(content, opener) } };
    }
    case 'ProposalAmended': {
      const { content, changes, ...rest } = ProposalEventSchemas.ProposalAmended.data.parse(stored.data);
      const opened = await openChanges(changes, opener);
      return {
        type: stored.type,
        data: {
          ...rest,
          changes: opened.map(({ forgotten: _forgotten, ...change }) => change),
          content: await openContent(content, opener),
        },
      };
    }
    default: {
      const schema = ProposalEventSchemas[stored.type].data;
      return { type: stored.type, data: schema.parse(stored.data) } as ProposalEvent;
    }
  }
}
