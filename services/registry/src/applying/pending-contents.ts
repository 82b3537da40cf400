import { Actor, Channel, ContentRecord, ProposalEventSchemas, type RecordedEvent } from '@siks/contracts';

/** A proposal's latest content as the registry keeps it, waiting for its approval. */
export interface ProposalRow {
  proposalId: string;
  proposalType: string;
  regionCode: string;
  channel: Channel;
  createdBy: Actor;
  content: ContentRecord;
}

/** A `registry.proposal_contents` row as stored (content unparsed). */
export interface StoredContent {
  proposalId: string;
  proposalType: string;
  regionCode: string;
  channel: string;
  createdBy: unknown;
  content: unknown;
}

/** A row to write: the stored fields plus the event that brought the content, and when. */
export interface ContentWrite extends StoredContent {
  contentEventId: string;
  updatedAt: Date;
}

export interface ContentWrites {
  /** Proposals first drafted in this batch (insert). */
  inserts: ContentWrite[];
  /** Proposals stored before this batch and amended in it (update content, event, time). */
  updates: ContentWrite[];
}

interface Entry {
  row: StoredContent | ContentWrite;
  stored: boolean;
  write?: ContentWrite;
}

const key = (proposalId: string): string => proposalId.toLowerCase();

/**
 * The proposal contents of one batch, folded in memory in log order from the rows stored
 * before it: a draft keeps its content unless the proposal is known (a redelivered draft never
 * overwrites a later amendment), an amendment replaces the whole content of a known proposal.
 * `writes()` then yields the end state to write, the same as applying the events one by one.
 */
export class PendingContents {
  readonly #entries = new Map<string, Entry>();

  constructor(stored: Iterable<StoredContent>) {
    for (const row of stored) this.#entries.set(key(row.proposalId), { row, stored: true });
  }

  draft(event: RecordedEvent, now: Date): void {
    const data = ProposalEventSchemas.ProposalDrafted.data.parse(event.data);
    if (this.#entries.has(key(data.proposalId))) return;
    const write: ContentWrite = {
      proposalId: data.proposalId,
      proposalType: data.proposalType,
      regionCode: data.regionCode,
      channel: data.channel,
      createdBy: data.createdBy,
      content: data.content,
      contentEventId: event.eventId,
      updatedAt: now,
    };
    this.#entries.set(key(data.proposalId), { row: write, stored: false, write });
  }

  amend(event: RecordedEvent, now: Date): void {
    const data = ProposalEventSchemas.ProposalAmended.data.parse(event.data);
    const entry = this.#entries.get(key(data.proposalId));
    // The draft comes first on the same partition (key = proposal id); its absence is a broken stream.
    if (!entry) throw new Error(`amendment of an unknown proposal (event ${event.eventId})`);
    entry.write = { ...entry.row, content: data.content, contentEventId: event.eventId, updatedAt: now };
    entry.row = entry.write;
  }

  /** The proposal's content as of the events folded so far; undefined when unknown. */
  proposal(proposalId: string): ProposalRow | undefined {
    const row = this.#entries.get(key(proposalId))?.row;
    if (!row) return undefined;
    return {
      proposalId: row.proposalId,
      proposalType: row.proposalType,
      regionCode: row.regionCode,
      channel: Channel.parse(row.channel),
      createdBy: Actor.parse(row.createdBy),
      content: ContentRecord.parse(row.content),
    };
  }

  /** What to write, each in proposal-id order (so concurrent writers lock rows in one order). */
  writes(): ContentWrites {
    const inserts: ContentWrite[] = [];
    const updates: ContentWrite[] = [];
    const ordered = [...this.#entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    for (const [, { stored, write }] of ordered) if (write) (stored ? updates : inserts).push(write);
    return { inserts, updates };
  }
}
