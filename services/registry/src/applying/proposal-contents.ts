import type { Queryable } from '@siks/pg';
import type { ContentWrite, ContentWrites, StoredContent } from './pending-contents.ts';

export type { ProposalRow } from './pending-contents.ts';

interface Row {
  proposal_id: string;
  proposal_type: string;
  region_code: string;
  channel: string;
  created_by: unknown;
  content: unknown;
}

/** The stored contents of these proposals (one read; unknown ids are left out). */
export async function readProposalContents(
  client: Queryable,
  proposalIds: readonly string[],
): Promise<StoredContent[]> {
  if (proposalIds.length === 0) return [];
  const { rows } = await client.query<Row>(
    `SELECT proposal_id, proposal_type, region_code, channel, created_by, content
     FROM registry.proposal_contents WHERE proposal_id = ANY($1::uuid[])`,
    [proposalIds],
  );
  return rows.map((row) => ({
    proposalId: row.proposal_id,
    proposalType: row.proposal_type,
    regionCode: row.region_code,
    channel: row.channel,
    createdBy: row.created_by,
    content: row.content,
  }));
}

const asRecords = (writes: readonly ContentWrite[]): string =>
  JSON.stringify(
    writes.map((write) => ({
      proposal_id: write.proposalId,
      proposal_type: write.proposalType,
      region_code: write.regionCode,
      channel: write.channel,
      created_by: write.createdBy,
      content: write.content,
      content_event_id: write.contentEventId,
      updated_at: write.updatedAt.toISOString(),
    })),
  );

/**
 * Writes a batch's proposal contents: one INSERT for the proposals drafted in it (a row that
 * exists meanwhile is left alone, as for a redelivered draft) and one UPDATE for the stored
 * proposals amended in it.
 */
export async function writeProposalContents(client: Queryable, { inserts, updates }: ContentWrites): Promise<void> {
  if (inserts.length > 0) {
    await client.query(
      `INSERT INTO registry.proposal_contents
         (proposal_id, proposal_type, region_code, channel, created_by, content, content_event_id, updated_at)
       SELECT proposal_id, proposal_type, region_code, channel, created_by, content, content_event_id, updated_at
       FROM jsonb_to_recordset($1::jsonb) AS r(proposal_id uuid, proposal_type text, region_code text,
         channel text, created_by jsonb, content jsonb, content_event_id uuid, updated_at timestamptz)
       ON CONFLICT (proposal_id) DO NOTHING`,
      [asRecords(inserts)],
    );
  }
  if (updates.length > 0) {
    const result = await client.query(
      `UPDATE registry.proposal_contents p
       SET content = r.content, content_event_id = r.content_event_id, updated_at = r.updated_at
       FROM jsonb_to_recordset($1::jsonb) AS r(proposal_id uuid, content jsonb, content_event_id uuid,
         updated_at timestamptz)
       WHERE p.proposal_id = r.proposal_id`,
      [asRecords(updates)],
    );
    if (result.rowCount !== updates.length) throw new Error('amended proposal contents vanished meanwhile');
  }
}
