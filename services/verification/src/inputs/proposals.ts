import {
  ProposalEventSchemas,
  PopulationReferenceSchemas,
  isProposalEventType,
  type ContentRecord,
  type RecordedEvent,
} from '@siks/contracts';
import type { Queryable } from '@siks/pg';
import { householdIdOf, householdOf, peopleOf } from './people.ts';

/** What an intake event means for verification, after the read model took it in. */
export type ProposalChange =
  | { kind: 'submitted'; proposalId: string; resubmitted: boolean }
  | { kind: 'left_pending'; proposalId: string; withdrawn: boolean; reason?: string }
  | { kind: 'reference'; nikIndexes: string[] }
  | { kind: 'none' }
  | { kind: 'ignored'; why: 'malformed' | 'unknown_proposal' };

const NONE: ProposalChange = { kind: 'none' };

/** Keeps `verification.proposals` / `proposal_people` / `population_reference` from intake events. */
export async function applyIntakeEvent(db: Queryable, event: RecordedEvent): Promise<ProposalChange> {
  if (event.type === 'PopulationReferenceRecorded') return applyReference(db, event);
  if (!isProposalEventType(event.type)) return NONE;
  const parsed = ProposalEventSchemas[event.type].data.safeParse(event.data);
  if (!parsed.success) return { kind: 'ignored', why: 'malformed' };
  const at = event.metadata.occurredAt;
  const data = parsed.data;
  const setStatus = async (status: string, resubmitted = false): Promise<boolean> =>
    (
      await db.query(
        `UPDATE verification.proposals
            SET status = $2, updated_at = $3,
                last_submitted_at = CASE WHEN $4::boolean THEN $3 ELSE last_submitted_at END
          WHERE proposal_id = $1`,
        [data.proposalId, status, at, resubmitted],
      )
    ).rowCount === 1;

  switch (event.type) {
    case 'ProposalDrafted': {
      const drafted = ProposalEventSchemas.ProposalDrafted.data.parse(event.data);
      await db.query(
        `INSERT INTO verification.proposals (proposal_id, region_code, proposal_type, channel, status, content, updated_at)
         VALUES ($1, $2, $3, $4, 'draft', $5, $6) ON CONFLICT (proposal_id) DO NOTHING`,
        [drafted.proposalId, drafted.regionCode, drafted.proposalType, drafted.channel, drafted.content, at],
      );
      await replaceContent(db, drafted.proposalId, drafted.content);
      return NONE;
    }
    case 'ProposalAmended': {
      const amended = ProposalEventSchemas.ProposalAmended.data.parse(event.data);
      const found = await db.query(
        `UPDATE verification.proposals
            SET status = CASE WHEN status = 'returned' THEN 'corrected' ELSE status END, updated_at = $2
          WHERE proposal_id = $1`,
        [amended.proposalId, at],
      );
      if (found.rowCount !== 1) return { kind: 'ignored', why: 'unknown_proposal' };
      await replaceContent(db, amended.proposalId, amended.content);
      return NONE;
    }
    case 'ProposalSubmitted': {
      const submitted = ProposalEventSchemas.ProposalSubmitted.data.parse(event.data);
      const updated = await db.query(
        `UPDATE verification.proposals
            SET status = 'submitted', window_kind = $2, updated_at = $3,
                first_submitted_at = COALESCE(first_submitted_at, $3), last_submitted_at = $3
          WHERE proposal_id = $1`,
        [submitted.proposalId, submitted.window, at],
      );
      return updated.rowCount === 1
        ? { kind: 'submitted', proposalId: submitted.proposalId, resubmitted: false }
        : unknownProposal();
    }
    case 'ProposalResubmitted':
      return (await setStatus('submitted', true))
        ? { kind: 'submitted', proposalId: data.proposalId, resubmitted: true }
        : unknownProposal();
    case 'ProposalWithdrawn': {
      const withdrawn = ProposalEventSchemas.ProposalWithdrawn.data.parse(event.data);
      await setStatus('withdrawn');
      return { kind: 'left_pending', proposalId: data.proposalId, withdrawn: true, reason: withdrawn.reason };
    }
    case 'ProposalRejected':
      await setStatus('rejected');
      return { kind: 'left_pending', proposalId: data.proposalId, withdrawn: false };
    case 'ProposalReturned':
      await setStatus('returned');
      return NONE;
    case 'ProposalVerified':
      await setStatus('verified');
      return NONE;
    case 'ProposalApproved':
      await setStatus('approved');
      return NONE;
    case 'ProposalSubmissionDeferred':
      return NONE;
    default: {
      const unreachable: never = event.type;
      return unreachable;
    }
  }
}

const unknownProposal = (): ProposalChange => ({ kind: 'ignored', why: 'unknown_proposal' });

export async function replaceContent(db: Queryable, proposalId: string, content: ContentRecord): Promise<void> {
  const household = householdOf(content);
  await db.query(
    `UPDATE verification.proposals SET content = $2, region_code = $3, household_id = $4, kk_index = $5
      WHERE proposal_id = $1`,
    [proposalId, content, contentRegionOf(content), householdIdOf(content) ?? null, household?.kkIndex ?? null],
  );
  await db.query('DELETE FROM verification.proposal_people WHERE proposal_id = $1', [proposalId]);
  const people = peopleOf(content);
  if (people.length === 0) return;
  await db.query(
    `INSERT INTO verification.proposal_people (proposal_id, nik_index, role)
     SELECT $1, nik_index, role FROM unnest($2::text[], $3::text[]) AS p(nik_index, role)
     ON CONFLICT DO NOTHING`,
    [proposalId, people.map((person) => person.nikIndex), people.map((person) => person.role)],
  );
}

export function contentRegionOf(content: ContentRecord): string {
  // Same rule as the clear content's `contentRegion`: the household's village or the named one.
  return content.type === 'new_household' || content.type === 'split_household'
    ? content.household.regionCode
    : content.regionCode;
}

async function applyReference(db: Queryable, event: RecordedEvent): Promise<ProposalChange> {
  const parsed = PopulationReferenceSchemas.PopulationReferenceRecorded.data.safeParse(event.data);
  if (!parsed.success) return { kind: 'ignored', why: 'malformed' };
  const ref = parsed.data;
  await db.query(
    `INSERT INTO verification.population_reference
       (import_id, row_number, event, event_date, region_code, destination_region_code, nik_index, new_nik_index, personal)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING`,
    [
      ref.importId,
      ref.row,
      ref.event,
      ref.eventDate,
      ref.regionCode,
      ref.destinationRegionCode ?? null,
      ref.nikIndex,
      ref.newNikIndex ?? null,
      ref.personal,
    ],
  );
  return { kind: 'reference', nikIndexes: [ref.nikIndex, ...(ref.newNikIndex ? [ref.newNikIndex] : [])] };
}
