import {
  DeactivateContent,
  ReactivateContent,
  type ProposalContentOf,
} from '../../../../packages/contracts/src/proposals/content.ts';
import { DeactivationReason } from '../../../../packages/contracts/src/proposals/enums.ts';
import { parseWithIssues, renderFieldIssues } from '../../../../packages/contracts/src/proposals/issues.ts';
import { proposalFieldMessages } from '../../../../packages/contracts/src/proposals/messages.ts';

export { DeactivationReason };

/** What an operator fills in to propose a registered household's deactivation or reactivation. */
export interface StatusChangeDraft {
  kind: 'deactivate' | 'reactivate';
  reason: string;
  effectiveDate: string;
  note: string;
}

export const emptyStatusChange = (kind: StatusChangeDraft['kind']): StatusChangeDraft => ({
  kind,
  reason: '',
  effectiveDate: '',
  note: '',
});

export type StatusChangeCheck =
  | { ok: true; proposal: ProposalContentOf<'deactivate'> | ProposalContentOf<'reactivate'> }
  | { ok: false; errors: Record<string, string> };

/**
 * The proposal content for a household of the registry, checked with the same schemas intake
 * uses (`DeactivateContent`, `ReactivateContent`); errors by field (`reason`, `effectiveDate`,
 * `note`) in the operator's language.
 */
export function statusChangeProposal(
  draft: StatusChangeDraft,
  household: { householdId: string; regionCode: string },
  lang: 'id' | 'en',
): StatusChangeCheck {
  const note = draft.note.trim();
  const parsed =
    draft.kind === 'deactivate'
      ? parseWithIssues(DeactivateContent, {
          type: 'deactivate',
          householdId: household.householdId,
          regionCode: household.regionCode,
          reason: draft.reason === '' ? undefined : draft.reason,
          ...(draft.effectiveDate !== '' ? { effectiveDate: draft.effectiveDate } : {}),
          ...(note !== '' ? { note } : {}),
        })
      : parseWithIssues(ReactivateContent, {
          type: 'reactivate',
          householdId: household.householdId,
          regionCode: household.regionCode,
          note,
        });
  if (parsed.ok) return { ok: true, proposal: parsed.data };
  const errors: Record<string, string> = {};
  for (const error of renderFieldIssues(parsed.issues, lang, proposalFieldMessages))
    errors[error.path] ??= error.message;
  // Nothing chosen yet is "required", not "must be one of …".
  if (draft.kind === 'deactivate' && draft.reason === '' && errors['reason'])
    errors['reason'] = proposalFieldMessages['required']?.[lang] ?? errors['reason'];
  return { ok: false, errors };
}
