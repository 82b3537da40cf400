import { UsulHousehold, type ComplaintCategory, type ProposalContentOf } from '@siks/contracts';
import type { FieldIssue } from '@siks/service-kit';
import type { Regions } from '@siks/wilayah';
import { z } from 'zod';
import { validationDeps } from '../proposals/rules.ts';
import { validateContent } from '../proposals/validate.ts';

/**
 * An *usul* carries the proposed household (its head as on the KTP and the address); triaged as
 * founded without a link, it opens a draft new-household proposal in the complaint's village,
 * which the operator completes (other members, housing, programmes) and submits as any draft.
 */

/** The draft an usul opens: the head (`kepala_keluarga`) at the address, no programmes chosen yet. */
export function usulContent(regionCode: string, household: UsulHousehold): ProposalContentOf<'new_household'> {
  return {
    type: 'new_household',
    household: {
      regionCode,
      address: household.address,
      members: [{ ...household.head, relationship: 'kepala_keluarga' }],
      programmes: [],
    },
  };
}

/** Whether triage drafts a proposal: a founded usul with its household, linked to nothing that exists. */
export const opensUsulDraft = (
  category: ComplaintCategory,
  link: { householdId?: string | undefined; proposalId?: string | undefined },
  hasHousehold: boolean,
): boolean =>
  category === 'missing_household' && hasHousehold && link.householdId === undefined && link.proposalId === undefined;

/**
 * The proposal rules (NIK and its birth date and sex, dates not in the future, the village) on the
 * draft an usul would open, checked when the citizen files it so that triage never meets a draft
 * it cannot write; findings under the complaint body's paths (`household.head.nik`, …).
 */
export function usulIssues(regionCode: string, household: UsulHousehold, regions: Regions, now: Date): FieldIssue[] {
  const report = validateContent(usulContent(regionCode, household), validationDeps(regions, now));
  return report.errors.map((issue) => ({
    path: issue.path.replace(/^household\.members\.0\./, 'household.head.'),
    code: issue.code,
    ...(issue.params ? { params: issue.params } : {}),
  }));
}

/** The household inside a complaint's opened personal data, if it carries one. */
export function usulHouseholdOf(opened: unknown): UsulHousehold | undefined {
  const parsed = z.object({ household: UsulHousehold }).loose().safeParse(opened);
  return parsed.success ? parsed.data.household : undefined;
}
