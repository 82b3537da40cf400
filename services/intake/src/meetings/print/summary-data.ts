import { ProposalEventSchemas, type Sealed } from '@siks/contracts';
import { maskNik } from '@siks/pii';
import type { IntakeContext } from '../../context.ts';
import { loadProposal } from '../../proposals/repository.ts';

/** A proposal a meeting agreed, as its summary prints it. */
export interface SummaryProposal {
  proposalId: string;
  regionCode: string;
  proposalType: string;
  status: string;
  /** Rows of the meeting's list the proposal came from. */
  rows: number[];
  /** The head's name (absent: erased, or not in the proposal); the NIK always masked. */
  headName?: string;
  headNik?: string;
  /** Amendments after the meeting (any amendment of an agreed row comes after it). */
  amendments: { at: string; by: string; reason: string; fields: string[] }[];
}

interface Row {
  proposal_id: string;
  region_code: string;
  proposal_type: string;
  status: string;
  amendments: number;
  head_personal: Sealed | null;
  head_nik_masked: string | null;
  rows: number[];
}

/**
 * The proposals of the lists imported for a meeting, with their rows, heads (name opened, NIK
 * masked as in every list) and each amendment made after the meeting: when, by whom, why and
 * which fields (field paths only: the changed values stay in the proposal's history).
 */
export async function summaryProposals(context: IntakeContext, meetingId: string): Promise<SummaryProposal[]> {
  const { rows } = await context.pool.query<Row>(
    `SELECT p.proposal_id, p.region_code, p.proposal_type, p.status, p.amendments, p.head_personal, p.head_nik_masked,
            array_agg(r.row ORDER BY r.row) AS rows
       FROM intake.imports i
       JOIN intake.proposals p ON p.import_id = i.import_id
       JOIN intake.import_rows r ON r.import_id = i.import_id AND r.proposal_id = p.proposal_id
      WHERE i.meeting_id = $1
      GROUP BY p.proposal_id
      ORDER BY min(r.row)`,
    [meetingId],
  );
  return Promise.all(
    rows.map(async (row): Promise<SummaryProposal> => {
      const opened =
        row.head_personal === null
          ? undefined
          : ((await context.keyring.open(row.head_personal).catch(() => undefined)) as { name?: unknown } | undefined);
      const headName = typeof opened?.name === 'string' && opened.name !== '' ? opened.name : undefined;
      const headNik =
        row.head_nik_masked === null
          ? undefined
          : row.head_nik_masked.includes('•')
            ? row.head_nik_masked
            : maskNik(row.head_nik_masked);
      return {
        proposalId: row.proposal_id,
        regionCode: row.region_code,
        proposalType: row.proposal_type,
        status: row.status,
        rows: row.rows,
        ...(headName !== undefined ? { headName } : {}),
        ...(headNik !== undefined ? { headNik } : {}),
        amendments: row.amendments > 0 ? await amendmentsOf(context, row.proposal_id) : [],
      };
    }),
  );
}

async function amendmentsOf(context: IntakeContext, proposalId: string): Promise<SummaryProposal['amendments']> {
  const { recorded } = await loadProposal(context.store, proposalId);
  return recorded
    .filter((event) => event.type === 'ProposalAmended')
    .map((event) => {
      const data = ProposalEventSchemas.ProposalAmended.data.parse(event.data);
      return {
        at: event.metadata.occurredAt,
        by: event.metadata.actor.userId,
        reason: data.reason,
        fields: data.changes.map((change) => change.path),
      };
    });
}
