import { projectComplaints } from '../complaints/projection.ts';
import {
  ContentRecord,
  ProposalEventSchemas,
  isProposalEventType,
  type RecordedEvent,
  type Sealed,
} from '@siks/contracts';
import type { PoolClient } from '@siks/pg';
import { maskNik } from '@siks/pii';
import { applyChange, STATUS_AFTER, type ProposalRow, type RowChange } from './projection-rows.ts';
import type { PersonalDataOpener } from './seal.ts';

/**
 * The read model `intake.proposals` (and `intake.complaints`): one row per proposal with what
 * lists filter and show. Applied by a checkpointed subscription in the same transaction as its
 * checkpoint, so it is exact and can be dropped and rebuilt from the log. The head's NIK is kept
 * masked only.
 *
 * A batch is applied set-based: each event becomes a change of its proposal's row (personal data
 * opened together, before anything is written); the rows the batch touches are read once, the
 * changes folded over them in log order (projection-rows.ts: exactly what projecting the events
 * one at a time does), and then each changed row is written once, new rows in one INSERT and
 * existing ones in one UPDATE. Only those two statements (and the complaints' INSERT) write, so
 * the transaction holds a transaction id briefly however the log interleaves its proposals.
 * Rows of different proposals never affect each other, so only each proposal's own order matters.
 */
export async function projectEvents(
  events: readonly RecordedEvent[],
  client: PoolClient,
  opener: PersonalDataOpener,
): Promise<void> {
  const changes = (await Promise.all(events.map((event) => rowChangeOf(event, opener)))).filter(
    (change) => change !== undefined,
  );
  const before = await readRows(client, [...new Set(changes.map((change) => change.proposalId))]);
  const after = new Map(before);
  for (const { proposalId, change } of changes) {
    const row = applyChange(after.get(proposalId), change);
    if (row) after.set(proposalId, row);
  }
  const inserted: ProposalRow[] = [];
  const updated: { row: ProposalRow; from: number }[] = [];
  for (const [proposalId, row] of after) {
    const old = before.get(proposalId);
    if (!old) inserted.push(row);
    else if (old !== row) updated.push({ row, from: old.revision });
  }
  await insertRows(client, inserted);
  await updateRows(client, updated);
  await projectComplaints(client, events);
}

/**
 * The change an event asks of its proposal's row, its personal data opened (undefined: none, as
 * for an unparsable event or one of another stream).
 */
export async function rowChangeOf(
  event: RecordedEvent,
  opener: PersonalDataOpener,
): Promise<{ proposalId: string; change: RowChange } | undefined> {
  if (!event.streamId.startsWith('proposal-') || !isProposalEventType(event.type)) return undefined;
  const proposalId = (event.data as { proposalId?: unknown }).proposalId;
  if (typeof proposalId !== 'string') return undefined;
  const at = event.metadata.occurredAt;
  switch (event.type) {
    case 'ProposalDrafted': {
      const { data } = ProposalEventSchemas.ProposalDrafted.data.safeParse(event.data);
      if (!data) return undefined;
      const summary = await summarise(data.content, opener);
      const row: ProposalRow = {
        proposalId: data.proposalId,
        regionCode: data.regionCode,
        proposalType: data.proposalType,
        channel: data.channel,
        status: 'draft',
        revision: event.revision,
        createdBy: data.createdBy.userId,
        createdRole: data.createdBy.role,
        createdAt: at,
        updatedAt: at,
        clientId: data.clientId ?? null,
        importId: data.source?.importId ?? null,
        deferredUntil: null,
        amendments: 0,
        memberCount: summary.memberCount,
        headNikMasked: summary.headNik,
        headPersonal: summary.headPersonal,
      };
      return { proposalId: data.proposalId, change: { type: 'drafted', row } };
    }
    case 'ProposalAmended': {
      const { data } = ProposalEventSchemas.ProposalAmended.data.safeParse(event.data);
      if (!data) return undefined;
      const summary = await summarise(data.content, opener);
      return {
        proposalId,
        change: {
          type: 'amended',
          revision: event.revision,
          at,
          memberCount: summary.memberCount,
          headNikMasked: summary.headNik,
          headPersonal: summary.headPersonal,
        },
      };
    }
    case 'ProposalSubmissionDeferred': {
      const { data } = ProposalEventSchemas.ProposalSubmissionDeferred.data.safeParse(event.data);
      if (!data) return undefined;
      return { proposalId, change: { type: 'deferred', revision: event.revision, at, until: data.opensOn } };
    }
    default: {
      const status = STATUS_AFTER[event.type];
      if (status === undefined) return undefined;
      return { proposalId, change: { type: 'status', revision: event.revision, at, status } };
    }
  }
}

const COLUMNS = `proposal_id, region_code, proposal_type, channel, status, revision, created_by, created_role,
  created_at, updated_at, client_id, import_id, deferred_until, amendments, member_count, head_nik_masked,
  head_personal`;

/** The current rows of these proposals (a read: the transaction takes no id yet). */
async function readRows(client: PoolClient, proposalIds: readonly string[]): Promise<Map<string, ProposalRow>> {
  if (proposalIds.length === 0) return new Map();
  const { rows } = await client.query<Record<string, unknown>>(
    `SELECT proposal_id, region_code, proposal_type, channel, status, revision, created_by, created_role,
       created_at::text AS created_at, updated_at::text AS updated_at, client_id, import_id,
       deferred_until::text AS deferred_until, amendments, member_count, head_nik_masked, head_personal
     FROM intake.proposals WHERE proposal_id = ANY($1::uuid[])`,
    [proposalIds],
  );
  return new Map(
    rows.map((row) => {
      const read: ProposalRow = {
        proposalId: row['proposal_id'] as string,
        regionCode: row['region_code'] as string,
        proposalType: row['proposal_type'] as string,
        channel: row['channel'] as string,
        status: row['status'] as string,
        revision: row['revision'] as number,
        createdBy: row['created_by'] as string,
        createdRole: row['created_role'] as string,
        createdAt: row['created_at'] as string,
        updatedAt: row['updated_at'] as string,
        clientId: row['client_id'] as string | null,
        importId: row['import_id'] as string | null,
        deferredUntil: row['deferred_until'] as string | null,
        amendments: row['amendments'] as number,
        memberCount: row['member_count'] as number | null,
        headNikMasked: row['head_nik_masked'] as string | null,
        headPersonal: row['head_personal'] as Sealed | null,
      };
      return [read.proposalId, read] as const;
    }),
  );
}

/** New rows, one statement. A row made meanwhile by someone else fails the batch (it is retried). */
async function insertRows(client: PoolClient, rows: readonly ProposalRow[]): Promise<void> {
  if (rows.length === 0) return;
  const column = <K extends keyof ProposalRow>(key: K): ProposalRow[K][] => rows.map((row) => row[key]);
  await client.query(
    `INSERT INTO intake.proposals (${COLUMNS})
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::integer[], $7::text[],
       $8::text[], $9::timestamptz[], $10::timestamptz[], $11::text[], $12::uuid[], $13::date[], $14::integer[],
       $15::integer[], $16::text[], $17::jsonb[])`,
    [
      column('proposalId'),
      column('regionCode'),
      column('proposalType'),
      column('channel'),
      column('status'),
      column('revision'),
      column('createdBy'),
      column('createdRole'),
      column('createdAt'),
      column('updatedAt'),
      column('clientId'),
      column('importId'),
      column('deferredUntil'),
      column('amendments'),
      column('memberCount'),
      column('headNikMasked'),
      jsonColumn(rows.map((row) => row.headPersonal)),
    ],
  );
}

/** A jsonb[] parameter: each value as JSON text (null stays SQL NULL). */
const jsonColumn = (values: readonly unknown[]): (string | null)[] =>
  values.map((value) => (value === null || value === undefined ? null : JSON.stringify(value)));

/**
 * Changed rows, one statement, each only if it is still at the revision it was read at: a row
 * another writer changed meanwhile fails the batch (rolled back and retried) instead of being
 * overwritten.
 */
async function updateRows(client: PoolClient, changed: readonly { row: ProposalRow; from: number }[]): Promise<void> {
  if (changed.length === 0) return;
  const column = <K extends keyof ProposalRow>(key: K): ProposalRow[K][] => changed.map(({ row }) => row[key]);
  const result = await client.query(
    `UPDATE intake.proposals p SET revision = u.revision, updated_at = u.updated_at, status = u.status,
       deferred_until = u.deferred_until, amendments = u.amendments, member_count = u.member_count,
       head_nik_masked = u.head_nik_masked, head_personal = u.head_personal
     FROM unnest($1::uuid[], $2::integer[], $3::integer[], $4::timestamptz[], $5::text[], $6::date[],
       $7::integer[], $8::integer[], $9::text[], $10::jsonb[])
       AS u(proposal_id, from_revision, revision, updated_at, status, deferred_until, amendments, member_count,
         head_nik_masked, head_personal)
     WHERE p.proposal_id = u.proposal_id AND p.revision = u.from_revision`,
    [
      column('proposalId'),
      changed.map(({ from }) => from),
      column('revision'),
      column('updatedAt'),
      column('status'),
      column('deferredUntil'),
      column('amendments'),
      column('memberCount'),
      column('headNikMasked'),
      jsonColumn(changed.map(({ row }) => row.headPersonal)),
    ],
  );
  if (result.rowCount !== changed.length)
    throw new Error('intake.proposals rows changed while a batch was being projected; the batch is retried');
}

/**
 * Members counted, the head's NIK masked (null when erased or not a household), and the head's
 * (or the named person's) sealed personal data as the event holds it, for lists to name them.
 */
async function summarise(
  content: ContentRecord,
  opener: PersonalDataOpener,
): Promise<{ memberCount: number | null; headNik: string | null; headPersonal: Sealed | null }> {
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
  if (!sealed) return { memberCount, headNik: null, headPersonal: null };
  // An unreadable seal (erased, or not ours) only costs the masked NIK, never the row.
  const opened = (await opener.open(sealed).catch(() => undefined)) as { nik?: unknown } | undefined;
  return {
    memberCount,
    headNik: typeof opened?.nik === 'string' ? maskNik(opened.nik) : null,
    headPersonal: sealed,
  };
}
