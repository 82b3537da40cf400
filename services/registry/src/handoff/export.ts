import type { EventStore } from '@siks/eventstore';
import type { Queryable } from '@siks/pg';
import { sha256Hex } from '@siks/service-kit';
import { cutoffHouseholds } from '../cutoffs/list.ts';
import type { Cutoff } from '../cutoffs/fix.ts';
import type { FoldedHousehold } from '../households/queries.ts';
import { openMember, type Opener } from '../views/open.ts';
import { z } from 'zod';
import { csvLine, EXPORT_COLUMNS, EXPORT_LAYOUT } from './layout.ts';

const KkSecret = z.object({ kkNumber: z.string().optional() });

export interface CutoffExport {
  layout: typeof EXPORT_LAYOUT;
  fileName: string;
  content: string;
  sha256: string;
  rows: number;
  /** Households in the file, with their villages (for the read record). */
  households: { householdId: string; regionCode: string }[];
}

/** Households read per step: bounds memory per step, not the file (a regency is some thousands). */
const PAGE = 200;

/**
 * The cut-off's file for the ministry (layout `siks-cutoff-export/1`): a header row, then one row
 * per member of each household as it stood at the cut-off, households in id order and members
 * in their recorded order, so the same cut-off always gives the same bytes (and checksum). A
 * forgotten person's fields are empty (the row stays: the household is still in the list).
 */
export async function buildCutoffExport(
  deps: { store: EventStore; db: Queryable; opener: Opener },
  cutoff: Cutoff,
): Promise<CutoffExport> {
  const lines = [csvLine(EXPORT_COLUMNS.map((column) => column.name))];
  const households: CutoffExport['households'] = [];
  let rows = 0;
  let after: string | undefined;
  do {
    const page = await cutoffHouseholds({ store: deps.store, db: deps.db }, cutoff, {
      region: cutoff.regencyCode,
      limit: PAGE,
      ...(after !== undefined ? { after } : {}),
    });
    for (const household of page.households) {
      for (const line of await householdLines(deps.opener, cutoff, household)) {
        lines.push(line);
        rows += 1;
      }
      households.push({ householdId: household.state.householdId, regionCode: household.state.doc.regionCode });
    }
    after = page.nextCursor;
  } while (after !== undefined);
  const content = lines.join('');
  return {
    layout: EXPORT_LAYOUT,
    fileName: `dtks-${cutoff.regencyCode.replace('.', '')}-${cutoff.period}.csv`,
    content,
    sha256: sha256Hex(content),
    rows,
    households,
  };
}

async function householdLines(opener: Opener, cutoff: Cutoff, folded: FoldedHousehold): Promise<string[]> {
  const { state } = folded;
  const sealedKk = await opener.open(state.doc.personal);
  const kk = KkSecret.safeParse(sealedKk ?? {});
  const common = {
    period: cutoff.period,
    regency_code: cutoff.regencyCode,
    village_code: state.doc.regionCode,
    household_id: state.householdId,
    proposal_id: state.proposalIds.at(-1) ?? '',
    kk_number: kk.success ? (kk.data.kkNumber ?? '') : '',
    household_status: state.status,
    inactive_reason: state.deactivation?.reason ?? '',
    programmes: [...state.doc.programmes].join(';'),
  };
  return Promise.all(
    state.doc.members.map(async (member, index) => {
      const secrets = await openMember(opener, member);
      const row: Record<string, string> = {
        ...common,
        member_no: String(index + 1),
        nik: secrets?.nik ?? '',
        name: secrets?.name ?? '',
        relationship: member.relationship,
        sex: member.sex,
        birth_date: secrets?.birthDate ?? '',
      };
      return csvLine(EXPORT_COLUMNS.map((column) => row[column.name] ?? ''));
    }),
  );
}
