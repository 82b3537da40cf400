import { contentRegion, type FieldIssue, type ProposalContent } from '@siks/contracts';
import { inScope, ProblemError, type AuthenticatedActor } from '@siks/service-kit';

/** Where a content names its village. */
export function regionPathOf(content: ProposalContent): string {
  return content.type === 'new_household' || content.type === 'split_household' ? 'household.regionCode' : 'regionCode';
}

/** The field issue of a village outside the caller's scope, or undefined when it is inside. */
export function scopeIssue(actor: AuthenticatedActor, content: ProposalContent): FieldIssue | undefined {
  return inScope(actor, contentRegion(content))
    ? undefined
    : { path: regionPathOf(content), code: 'region.out_of_scope' };
}

/** 403 naming the field: a proposal for a village outside the caller's scope (the caller's own input). */
export function outOfScope(issue: FieldIssue, prefix: string): ProblemError {
  return new ProblemError({
    status: 403,
    code: 'region_out_of_scope',
    errors: [{ path: prefix ? `${prefix}.${issue.path}` : issue.path, code: issue.code }],
  });
}
