import {
  ComplaintReceivedData,
  ContentRecord,
  ProposalEventSchemas,
  isProposalEventType,
  type RecordedEvent,
  type Sealed,
} from '@siks/contracts';
import type { PoolClient } from '@siks/pg';
import { maskNik } from '@siks/pii';
import type { PersonalDataOpener } from './seal.ts';

/**
 * The read model `intake.proposals` (and `intake.complaints`): one row per proposal with what
 * lists filter and show. Applied by a checkpointed subscription in the same transaction as its
 * checkpoint, so it is exact and can be dropped and rebuilt from the log. The head's NIK is kept
 * masked only.
 */
export async function projectEvents(
  events: readonly RecordedEvent[],
  client: PoolClient,
  opener: PersonalDataOpener,
): Promise<void> {
  // New proposals (most events under load) go in one INSERT per run of them; any other event
  // first writes the run before it, so the order of the log holds.
  // Rows of new proposals are made first, all at once (their personal data opened together,
  // one key query), before the transaction writes anything.
  const draftedRows = new Map(
    await Promise.all(
      events
        .filter((event) => event.streamId.startsWith('proposal-') && event.type === 'ProposalDrafted')
        .map(async (event) => [event.eventId, await draftedRow(event, opener)] as const),
    ),
  );
  let drafted: unknown[][] = [];
  const flush = async (): Promise<void> => {
    if (drafted.length === 0) return;
    await insertDrafted(client, drafted);
    drafted = [];
  };
  for (const event of events) {
    if (event.streamId.startsWith('complaint-')) {
      await flush();
      await projectComplaint(event, client);
    } else if (event.streamId.startsWith('proposal-')) {
      if (event.type === 'ProposalDrafted') {
        const row = draftedRows.get(event.eventId);
        if (row) drafted.push(row);
        continue;
      }
      await flush();
      await projectProposal(event, client, opener);
    }
  }
  await flush();
}

const DRAFTED_COLUMNS = 12;

/** The `intake.proposals` row of a ProposalDrafted event (undefined when it does not parse). */
async function draftedRow(event: RecordedEvent, opener: PersonalDataOpener): Promise<unknown[] | undefined> {
  const { data } = ProposalEventSchemas.ProposalDrafted.data.safeParse(event.data);
  if (!data) return undefined;
  const summary = await summarise(data.content, opener);
  return [
    data.proposalId,
    data.regionCode,
    data.proposalType,
    data.channel,
    event.revision,
    data.createdBy.userId,
    data.createdBy.role,
    event.metadata.occurredAt,
    data.clientId ?? null,
    data.source?.importId ?? null,
    summary.memberCount,
    summary.headNik,
  ];
}

async function insertDrafted(client: PoolClient, rows: readonly unknown[][]): Promise<void> {
  if (rows.length === 0) return;
  const values = rows.map((_, index) => {
    const p = (column: number) => `$${index * DRAFTED_COLUMNS + column}`;
    return `(${p(1)}::uuid, ${p(2)}, ${p(3)}, ${p(4)}, 'draft', ${p(5)}::integer, ${p(6)}, ${p(7)}, ${p(8)}::timestamptz,
      ${p(8)}::timestamptz, ${p(9)}, ${p(10)}::uuid, ${p(11)}::integer, ${p(12)})`;
  });
  await client.query(
    `INSERT INTO intake.proposals (proposal_id, region_code, proposal_type, channel, status, revision,
       created_by, created_role, created_at, updated_at, client_id, import_id, member_count, head_nik_masked)
     VALUES ${values.join(',\n')}
     ON CONFLICT (proposal_id) DO NOTHING`,
    rows.flat(),
  );
}

async function projectComplaint(event: RecordedEvent, client: PoolClient): Promise<void> {
  if (event.type !== 'ComplaintReceived') return;
  const data = ComplaintReceivedData.parse(event.data);
  await client.query(
    `INSERT INTO intake.complaints (complaint_id, region_code, category, status, received_at)
     VALUES ($1, $2, $3, 'open', $4) ON CONFLICT (complaint_id) DO NOTHING`,
    [data.complaintId, data.regionCode, data.category, event.metadata.occurredAt],
  );
}

const STATUS_AFTER: Readonly<Record<string, string>> = {
  ProposalSubmitted: 'submitted',
  ProposalWithdrawn: 'withdrawn',
  ProposalReturned: 'returned',
  ProposalResubmitted: 'submitted',
  ProposalVerified: 'verified',
  ProposalRejected: 'rejected',
  ProposalApproved: 'approved',
};

async function projectProposal(event: RecordedEvent, client: PoolClient, opener: PersonalDataOpener): Promise<void> {
  const at = event.metadata.occurredAt;
  if (!isProposalEventType(event.type)) return;
  const proposalId = (event.data as { proposalId?: unknown }).proposalId;
  if (typeof proposalId !== 'string') return;
  switch (event.type) {
    case 'ProposalDrafted':
      await insertDrafted(
        client,
        [await draftedRow(event, opener)].filter((row) => row !== undefined),
      );
      return;
    case 'ProposalAmended': {
      const { data } = ProposalEventSchemas.ProposalAmended.data.safeParse(event.data);
      if (!data) return;
      const summary = await summarise(data.content, opener);
      await client.query(
        `UPDATE intake.proposals SET revision = $2, updated_at = $3, amendments = amendments + 1,
           status = CASE WHEN status = 'returned' THEN 'corrected' ELSE status END,
           member_count = $4, head_nik_masked = $5
         WHERE proposal_id = $1 AND revision < $2`,
        [proposalId, event.revision, at, summary.memberCount, summary.headNik],
      );
      return;
    }
    case 'ProposalSubmissionDeferred': {
      const { data } = ProposalEventSchemas.ProposalSubmissionDeferred.data.safeParse(event.data);
      if (!data) return;
      await client.query(
        `UPDATE intake.proposals SET revision = $2, updated_at = $3, deferred_until = $4
         WHERE proposal_id = $1 AND revision < $2`,
        [proposalId, event.revision, at, data.opensOn],
      );
      return;
    }
    default: {
      const status = STATUS_AFTER[event.type];
      if (status === undefined) return;
      await client.query(
        `UPDATE intake.proposals SET revision = $2, updated_at = $3, status = $4,
           deferred_until = CASE WHEN $4 IN ('submitted', 'withdrawn') THEN NULL ELSE deferred_until END
         WHERE proposal_id = $1 AND revision < $2`,
        [proposalId, event.revision, at, status],
      );
    }
  }
}

/** Members counted and the head's NIK masked (null when erased or not a household). */
async function summarise(
  content: ContentRecord,
  opener: PersonalDataOpener,
): Promise<{ memberCount: number | null; headNik: string | null }> {
  let members: readonly { relationship?: string; personal: Sealed }[] = [];
  let person: Sealed | undefined;
  switch (content.type) {
    case 'new_household':
    case 'split_household':
      members = content.household.members;
      break;
    case 'update':
      members = content.household?.members ?? [];
      break;
    case 'add_member':
    case 'remove_member':
      members = content.members;
      break;
    case 'deactivate':
      person = content.person?.personal;
      break;
    case 'reactivate':
      break;
    default: {
      const unreachable: never = content;
      return unreachable;
    }
  }
  const head = members.find((member) => member.relationship === 'kepala_keluarga') ?? members[0];
  const sealed = person ?? head?.personal;
  const memberCount = members.length > 0 ? members.length : null;
  if (!sealed) return { memberCount, headNik: null };
  // An unreadable seal (erased, or not ours) only costs the masked NIK, never the row.
  const opened = (await opener.open(sealed).catch(() => undefined)) as { nik?: unknown } | undefined;
  return { memberCount, headNik: typeof opened?.nik === 'string' ? maskNik(opened.nik) : null };
}
