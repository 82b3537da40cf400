import { contentRegion, CreateProposalBody } from '@siks/contracts';
import { WrongExpectedRevisionError } from '@siks/eventstore';
import { ProblemError } from '@siks/service-kit';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { IntakeContext } from '../context.ts';
import { requestMetadata, writers } from '../http/context.ts';
import { validationProblem } from '../http/problems.ts';
import { renderIssues } from '../http/render.ts';
import { outOfScope, scopeIssue } from '../http/scope.ts';
import type { IntakeApp } from '../http/types.ts';
import { clientProposalId, createProposal, creationEventId } from './create.ts';
import { ProposalError } from './errors.ts';
import { findAnswer, IdempotencyKey, keyedProposalId, requestHash, type IdempotentAnswer } from './idempotency.ts';
import { validationDeps } from './rules.ts';
import { validateContent } from './validate.ts';
import { createdView, etagOf } from './views.ts';

const keyReused = (): ProblemError => new ProblemError({ status: 409, code: 'idempotency_key_reused' });

/** `POST /v1/intake/proposals`: one proposal (operator, program or field), a draft or submitted at once. */
export function registerCreateRoute(app: IntakeApp, context: IntakeContext): void {
  const { pool, store, keyring, regions, windows, clock, newId, answers } = context;

  app.post(
    '/v1/intake/proposals',
    {
      preHandler: writers,
      schema: {
        summary: 'Hand in one proposal (draft, or submitted with "submit": true)',
        tags: ['proposals'],
        body: CreateProposalBody,
        headers: z.object({ 'idempotency-key': IdempotencyKey.optional() }),
      },
    },
    async (request, reply) => {
      const { actor, body } = request;
      const key = request.headers['idempotency-key'];
      // With a key, the proposal id and event ids derive from the user, the key and the body: a
      // repeated request re-appends nothing and then finds the stored answer, a different body
      // under the same key collides with the stream and is refused.
      const hash = key === undefined ? '' : requestHash(body);
      const now = clock();
      const content = body.proposal;
      const report = validateContent(content, validationDeps(regions, now));
      if (report.errors.length > 0) throw validationProblem(report.errors, 'proposal');
      const outside = scopeIssue(actor, content);
      if (outside) throw outOfScope(outside, 'proposal');

      const proposalId =
        body.clientId !== undefined
          ? clientProposalId(actor.regionCode, body.clientId)
          : key !== undefined
            ? keyedProposalId(actor.userId, key)
            : newId();
      const eventId =
        key !== undefined
          ? creationEventId(proposalId, hash)
          : body.clientId !== undefined
            ? creationEventId(proposalId)
            : () => newId();
      let created;
      try {
        created = await createProposal(
          { store, sealer: keyring, windows },
          {
            proposalId,
            channel: body.channel,
            content,
            submit: body.submit,
            ...(body.clientId !== undefined ? { clientId: body.clientId } : {}),
            metadata: requestMetadata(request, now, body.channel),
            now,
            eventId,
          },
        );
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
        // The stream exists with other events: the key was used for another body, or the client
        // id names a proposal created with other content.
        if (key === undefined) throw new ProposalError('proposal.already_exists');
        const stored = await findAnswer(pool, actor.userId, key, now);
        if (stored) return replay(reply, stored, hash);
        throw keyReused();
      }
      const response = {
        ...createdView(created, content.type, contentRegion(content), body.channel),
        warnings: renderIssues(
          request,
          report.warnings.map((issue) => ({ ...issue, path: `proposal.${issue.path}` })),
        ),
      };
      if (key !== undefined) {
        const answer = { requestHash: hash, statusCode: 201, response };
        const stored = await answers.save(actor.userId, key, answer, now);
        if (stored !== answer) return replay(reply, stored, hash);
      }
      return reply
        .code(201)
        .header('location', `/v1/intake/proposals/${proposalId}`)
        .header('etag', etagOf(created.revision))
        .send(response);
    },
  );
}

function replay(reply: FastifyReply, stored: IdempotentAnswer, hash: string): FastifyReply {
  if (stored.requestHash !== hash) throw keyReused();
  const response = stored.response as { proposalId?: string; revision?: number };
  if (response.proposalId !== undefined) reply.header('location', `/v1/intake/proposals/${response.proposalId}`);
  if (response.revision !== undefined) reply.header('etag', etagOf(response.revision));
  return reply.code(stored.statusCode).header('idempotency-replayed', 'true').send(stored.response);
}
