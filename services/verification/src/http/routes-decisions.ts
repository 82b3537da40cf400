import { CaseDecisionBody, OrderFieldValidationBody, RecordFieldValidationBody } from '@siks/contracts';
import { notFound, requireRole, type ServiceApp } from '@siks/service-kit';
import type { CaseCommand } from '../case/decide.ts';
import { handleCaseCommand } from '../case/stream.ts';
import type { CaseState, OpenCase } from '../case/state.ts';
import { upsertCaseRow } from '../queue/projection.ts';
import { caseInScope, commandMetadata, proposalSubject, type CommandRequest, type RouteContext } from './context.ts';
import { etagOf, requireIfMatch } from './etag.ts';
import { toCaseProblem } from './problems.ts';
import { CaseChangedResponse, FieldValidationParams, ProposalIdParams } from './schemas.ts';

const verifikator = requireRole('verifikator_kabkota');

/**
 * Runs a person's command on a case in scope: If-Match must name the current revision; the
 * queue row is written right away (the queue consumer would catch up anyway).
 */
async function runCommand(
  context: RouteContext,
  request: CommandRequest,
  reply: { header(name: string, value: string): unknown },
  proposalId: string,
  makeCommand: (state: OpenCase) => CaseCommand | Promise<CaseCommand>,
  reason?: string,
): Promise<{ state: CaseState }> {
  const expected = requireIfMatch(request.headers['if-match']);
  const state = await caseInScope(context, request.actor, proposalId);
  const command = await makeCommand(state);
  try {
    const result = await handleCaseCommand({
      store: context.store,
      proposalId: state.proposalId,
      state,
      command,
      expectedRevision: expected,
      metadata: commandMetadata(request, context.now(), reason),
      eventId: () => context.newId(),
    });
    await upsertCaseRow(context.pool, result.state);
    if (result.state.status !== 'none') reply.header('etag', etagOf(result.state.revision));
    return { state: result.state };
  } catch (error) {
    throw toCaseProblem(error);
  }
}

const changed = (state: CaseState, extra: { fieldValidationId?: string } = {}) => {
  if (state.status === 'none') throw notFound();
  return { proposalId: state.proposalId, status: state.status, revision: state.revision, ...extra };
};

/** Decisions and field validations by a `verifikator_kabkota` of the case's regency. */
export function caseDecisionRoutes(app: ServiceApp, context: RouteContext): void {
  app.post(
    '/v1/verification/cases/:proposalId/decisions',
    {
      preHandler: verifikator,
      schema: {
        summary:
          'Verify (over failing checks: name each in overrides, with a reason), return or reject (with a reason) a case; needs If-Match',
        tags: ['verification'],
        params: ProposalIdParams,
        body: CaseDecisionBody,
        response: { 200: CaseChangedResponse },
      },
    },
    async (request, reply) => {
      const { decision, reason, fields, overrides } = request.body;
      const { state } = await runCommand(
        context,
        request,
        reply,
        request.params.proposalId,
        () => ({ type: 'Decide', decision, reason, fields, overrides }),
        reason,
      );
      return changed(state);
    },
  );

  app.post(
    '/v1/verification/cases/:proposalId/field-validations',
    {
      preHandler: verifikator,
      schema: {
        summary: 'Order a field validation of a case; needs If-Match',
        tags: ['verification'],
        params: ProposalIdParams,
        body: OrderFieldValidationBody,
        response: { 201: CaseChangedResponse },
      },
    },
    async (request, reply) => {
      const fieldValidationId = context.newId();
      const { state } = await runCommand(context, request, reply, request.params.proposalId, async (found) => ({
        type: 'OrderFieldValidation',
        fieldValidationId,
        instructions: await context.keyring.seal(
          proposalSubject(found.proposalId),
          { instructions: request.body.instructions },
          'field_instructions',
        ),
      }));
      reply.code(201).header('location', `/v1/verification/field-validations/${fieldValidationId}`);
      return changed(state, { fieldValidationId });
    },
  );

  app.post(
    '/v1/verification/field-validations/:id/result',
    {
      preHandler: verifikator,
      schema: {
        summary: "Record a field validation's outcome; needs If-Match (the case's ETag)",
        tags: ['verification'],
        params: FieldValidationParams,
        body: RecordFieldValidationBody,
        response: { 200: CaseChangedResponse },
      },
    },
    async (request, reply) => {
      const fieldValidationId = request.params.id.toLowerCase();
      const row = (
        await context.pool.query<{ proposal_id: string }>(
          'SELECT proposal_id FROM verification.field_validations WHERE field_validation_id = $1',
          [fieldValidationId],
        )
      ).rows[0];
      if (!row) throw notFound();
      const { outcome, notes } = request.body;
      const { state } = await runCommand(context, request, reply, row.proposal_id, async (found) => ({
        type: 'RecordFieldValidation',
        fieldValidationId,
        outcome,
        notes:
          notes === undefined
            ? undefined
            : await context.keyring.seal(proposalSubject(found.proposalId), { notes }, 'field_notes'),
      }));
      return changed(state, { fieldValidationId });
    },
  );
}
