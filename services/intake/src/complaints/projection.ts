import { ComplaintReceivedData, type RecordedEvent } from '@siks/contracts';
import type { PoolClient } from '@siks/pg';
import { parseComplaintEvent } from './lifecycle.ts';

/**
 * `intake.complaints` from the complaint streams (same subscription as the proposals' rows):
 * new complaints in one INSERT (of two with the same id the first wins); each later event of a
 * complaint in one UPDATE, in log order. Complaints are few next to proposals, so a statement
 * per lifecycle event costs nothing that matters; an UPDATE never moves a row backwards (it
 * applies only to the stage it expects), so a redelivered batch changes nothing.
 */
export async function projectComplaints(client: PoolClient, events: readonly RecordedEvent[]): Promise<void> {
  const ours = events.filter((event) => event.streamId.startsWith('complaint-'));
  if (ours.length === 0) return;
  await insertReceived(client, ours);
  for (const recorded of ours) {
    const event = parseComplaintEvent(recorded);
    const at = recorded.metadata.occurredAt;
    if (event === undefined || event.type === 'ComplaintReceived') continue;
    const id = event.data.complaintId;
    switch (event.type) {
      case 'ComplaintTriaged':
        await client.query(
          `UPDATE intake.complaints SET stage = 'triaged', stage_at = $2, founded = $3, household_id = $4, proposal_id = $5
            WHERE complaint_id = $1 AND stage = 'received'`,
          [id, at, event.data.outcome === 'founded', event.data.householdId ?? null, event.data.proposalId ?? null],
        );
        break;
      case 'ComplaintRouted':
        await client.query(
          `UPDATE intake.complaints SET stage = 'routed', stage_at = $2, proposal_id = $3
            WHERE complaint_id = $1 AND stage = 'triaged'`,
          [id, at, event.data.proposalId],
        );
        break;
      case 'ComplaintAnswered':
        await client.query(
          `UPDATE intake.complaints SET stage = 'answered', stage_at = $2, upheld = $3, answered_at = $2
            WHERE complaint_id = $1 AND stage IN ('triaged', 'routed')`,
          [id, at, event.data.upheld],
        );
        break;
      case 'ComplaintClosed':
        await client.query(
          `UPDATE intake.complaints SET stage = 'closed', stage_at = $2, status = 'closed', closed_at = $2
            WHERE complaint_id = $1 AND stage = 'answered'`,
          [id, at],
        );
        break;
      default: {
        const unreachable: never = event;
        throw new Error(`projectComplaints: unknown event ${JSON.stringify(unreachable)}`);
      }
    }
  }
}

async function insertReceived(client: PoolClient, events: readonly RecordedEvent[]): Promise<void> {
  const rows = new Map<string, unknown[]>();
  for (const event of events) {
    if (event.type !== 'ComplaintReceived') continue;
    // A malformed one fails the batch (the subscription retries and reports it).
    const data = ComplaintReceivedData.parse(event.data);
    if (!rows.has(data.complaintId))
      rows.set(data.complaintId, [
        data.complaintId,
        data.regionCode,
        data.category,
        event.metadata.occurredAt,
        data.trackingIndex ?? null,
        data.subjectNikIndex ?? null,
      ]);
  }
  if (rows.size === 0) return;
  const list = [...rows.values()];
  await client.query(
    `INSERT INTO intake.complaints
       (complaint_id, region_code, category, status, received_at, stage, stage_at, tracking_index, subject_nik_index)
     SELECT id, region, category, 'open', received_at, 'received', received_at, tracking, subject
     FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[], $5::text[], $6::text[])
       AS c(id, region, category, received_at, tracking, subject)
     ON CONFLICT (complaint_id) DO NOTHING`,
    [0, 1, 2, 3, 4, 5].map((index) => list.map((row) => row[index])),
  );
}
