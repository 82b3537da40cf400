import type { FieldIssue as ContractIssue } from '@siks/contracts';
import { WrongExpectedRevisionError } from '@siks/eventstore';
import { notFound, ProblemError, ValidationProblem, type FieldIssue } from '@siks/service-kit';
import type { FastifyInstance } from 'fastify';
import { ProposalError } from '../proposals/errors.ts';

/** 409 for a write against an older revision than the stream's (If-Match or a concurrent writer). */
export const staleRevision = (currentRevision: number | undefined): ProblemError =>
  new ProblemError({
    status: 409,
    code: 'stale_revision',
    params: { currentRevision: currentRevision ?? -1 },
    extensions: { currentRevision: currentRevision ?? null },
  });

/** The aggregate's refusals: not found 404, a state that forbids it 409, an unacceptable change 422. */
export function fromProposalError(error: ProposalError): ProblemError {
  if (error.kind === 'not_found') return notFound();
  return new ProblemError({
    status: error.kind === 'conflict' ? 409 : 422,
    code: error.code,
    params: error.params,
    cause: error,
  });
}

/** A domain error as a problem; anything else unchanged. */
export function toHttpError(error: unknown): unknown {
  if (error instanceof ProposalError) return fromProposalError(error);
  if (error instanceof WrongExpectedRevisionError) return staleRevision(error.actual);
  return error;
}

/**
 * Domain errors thrown by the routes of `scope` become problems; the parent (service-kit's)
 * error handler then renders them as problem+json.
 */
export function translateDomainErrors(scope: FastifyInstance): void {
  scope.setErrorHandler(async (error) => {
    throw toHttpError(error);
  });
}

/** 400 with the contract's or the domain rules' field issues, each path under `prefix`. */
export function validationProblem(issues: readonly ContractIssue[], prefix = ''): ValidationProblem {
  return new ValidationProblem(issues.map((issue) => withPrefix(issue, prefix)));
}

export function withPrefix(issue: ContractIssue, prefix: string): FieldIssue {
  const path = prefix === '' ? issue.path : issue.path === '' ? prefix : `${prefix}.${issue.path}`;
  return { path, code: issue.code, ...(issue.params ? { params: issue.params } : {}) };
}
