import { Actor, Channel, ContentRecord, ProposalEventSchemas, type RecordedEvent } from '@siks/contracts';
import type { Queryable } from '@siks/pg';

/** A proposal's latest content as the registry keeps it, waiting for its approval. */
export interface ProposalRow {
  proposalId: string;
  proposalType: string;
  regionCode: string;
  channel: Channel;
  createdBy: Actor;
  content: ContentRecord;
}

/** Keeps the content of a `ProposalDrafted` (a redelivered draft never overwrites a later amendment). */
export async function rememberDraft(client: Queryable, event: RecordedEvent, now: Date): Promise<void> {
  const data = ProposalEventSchemas.ProposalDrafted.data.parse(event.data);
  await client.query(
    `INSERT INTO registry.proposal_contents
       (proposal_id, proposal_type, region_code, channel, created_by, content, content_event_id, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (proposal_id) DO NOTHING`,
    [
      data.proposalId,
      data.proposalType,
      data.regionCode,
      data.channel,
      data.createdBy,
      data.content,
      event.eventId,
      now,
    ],
  );
}

/** Replaces the content with an amendment's (the whole amended content travels in the event). */
export async function rememberAmendment(client: Queryable, event: RecordedEvent, now: Date): Promise<void> {
  const data = ProposalEventSchemas.ProposalAmended.data.parse(event.data);
  const result = await client.query(
    `UPDATE registry.proposal_contents SET content = $2, content_event_id = $3, updated_at = $4
     WHERE proposal_id = $1`,
    [data.proposalId, data.content, event.eventId, now],
  );
  // The draft comes first on the same partition (key = proposal id); its absence is a broken stream.
  if (result.rowCount !== 1) throw new Error(`amendment of an unknown proposal (event ${event.eventId})`);
}

interface Row {
  proposal_id: string;
  proposal_type: string;
  region_code: string;
  channel: string;
  created_by: unknown;
  content: unknown;
}

export async function loadProposal(client: Queryable, proposalId: string): Promise<ProposalRow | undefined> {
  const row = (
    await client.query<Row>(
      `SELECT proposal_id, proposal_type, region_code, channel, created_by, content
       FROM registry.proposal_contents WHERE proposal_id = $1`,
      [proposalId],
    )
  ).rows[0];
  if (!row) return undefined;
  return {
    proposalId: row.proposal_id,
    proposalType: row.proposal_type,
    regionCode: row.region_code,
    channel: Channel.parse(row.channel),
    createdBy: Actor.parse(row.created_by),
    content: ContentRecord.parse(row.content),
  };
}
