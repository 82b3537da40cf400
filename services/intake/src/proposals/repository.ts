import {
  ProposalEventSchemas,
  isProposalEventType,
  type ContentRecord,
  type EventMetadata,
  type NewEvent,
  type ProposalContent,
  type RecordedEvent,
} from '@siks/contracts';
import type { AppendResult, EventStore, ExpectedRevision } from '@siks/eventstore';
import type { ProposalEvent } from './events.ts';
import { fold } from './evolve.ts';
import { batchingSealer, type PersonalDataOpener, type PersonalDataSealer } from './seal.ts';
import type { ExistingProposal, ProposalState } from './state.ts';
import { fromStoredEvent, toStoredEvent } from './stored.ts';

export const PROPOSAL_STREAM_PREFIX = 'proposal-';
export const proposalStream = (proposalId: string): string => `${PROPOSAL_STREAM_PREFIX}${proposalId}`;

export interface LoadedProposal {
  state: ProposalState;
  recorded: RecordedEvent[];
}

/**
 * Reads a proposal's stream and folds it without opening any personal data (`content` null):
 * enough for scope checks and lifecycle commands. `withContent` opens the latest content.
 */
export async function loadProposal(store: EventStore, proposalId: string): Promise<LoadedProposal> {
  const recorded = await store.readStream(proposalStream(proposalId));
  return { state: fold(recorded.map(withoutPersonal)), recorded };
}

/**
 * The state with the latest content (the last Drafted/Amended event) opened: what `decide`
 * needs for an amendment and the detail view shows. Earlier contents are never opened.
 */
export async function withContent(loaded: LoadedProposal, opener: PersonalDataOpener): Promise<ExistingProposal> {
  const { state, recorded } = loaded;
  if (state.status === 'none') throw new Error('withContent: no proposal');
  const last = recorded.findLast((event) => event.type === 'ProposalDrafted' || event.type === 'ProposalAmended');
  if (!last) return state;
  const event = await fromStoredEvent(last, opener);
  const content = event.type === 'ProposalDrafted' || event.type === 'ProposalAmended' ? event.data.content : null;
  return { ...state, content };
}

/** A stored event as a domain event without opening anything (content null, changes empty). */
export function withoutPersonal(event: { type: string; data: unknown }): ProposalEvent {
  if (!isProposalEventType(event.type)) throw new Error(`not a proposal event: ${event.type}`);
  switch (event.type) {
    case 'ProposalDrafted': {
      const data = ProposalEventSchemas.ProposalDrafted.data.parse(event.data);
      return { type: event.type, data: { ...data, content: null } };
    }
    case 'ProposalAmended': {
      const data = ProposalEventSchemas.ProposalAmended.data.parse(event.data);
      return { type: event.type, data: { ...data, changes: [], content: null } };
    }
    default:
      return { type: event.type, data: ProposalEventSchemas[event.type].data.parse(event.data) } as ProposalEvent;
  }
}

export interface AppendProposalInput {
  proposalId: string;
  events: readonly ProposalEvent[];
  /** The content before these events (for the subjects of an amendment's sealed changes). */
  before: ProposalContent | null;
  /** `before` as stored: an amendment keeps the sealed blocks of what it did not change. */
  beforeRecord?: ContentRecord;
  expected: ExpectedRevision;
  metadata: EventMetadata;
  /** The id of the n-th event (deterministic ids make retries idempotent). */
  eventId: (index: number) => string;
}

/** The stored content of the latest Drafted/Amended event (what `withContent` opens). */
export function latestContentRecord(recorded: readonly RecordedEvent[]): ContentRecord | undefined {
  const last = recorded.findLast((event) => event.type === 'ProposalDrafted' || event.type === 'ProposalAmended');
  if (!last) return undefined;
  const schema =
    last.type === 'ProposalDrafted' ? ProposalEventSchemas.ProposalDrafted : ProposalEventSchemas.ProposalAmended;
  return schema.data.parse(last.data).content;
}

/** Seals the events' personal data and appends them with the expected revision. */
export async function appendProposal(
  store: EventStore,
  sealer: PersonalDataSealer,
  input: AppendProposalInput,
): Promise<AppendResult> {
  // One batching sealer for all the events: their key look-ups share a query.
  const batched = batchingSealer(sealer);
  const stored = await Promise.all(
    input.events.map((event) => toStoredEvent(event, input.before, batched, input.beforeRecord)),
  );
  const events: NewEvent[] = stored.map((event, index) => ({
    eventId: input.eventId(index),
    type: event.type,
    schemaVersion: event.schemaVersion,
    data: event.data as Record<string, unknown>,
    metadata: input.metadata,
  }));
  return store.append(proposalStream(input.proposalId), events, input.expected);
}
