import { FieldBatchBody, type FieldError, type FieldIssue } from '@siks/contracts';
import { WrongExpectedRevisionError } from '@siks/eventstore';
import type { FastifyRequest } from 'fastify';
import { mapLimited } from '../concurrency.ts';
import type { IntakeContext } from '../context.ts';
import { requestMetadata, writers } from '../http/context.ts';
import { renderIssues } from '../http/render.ts';
import { scopeIssue } from '../http/scope.ts';
import type { IntakeApp } from '../http/types.ts';
import { clientProposalId, createProposal, creationEventId } from './create.ts';
import { checkFieldBatch } from './field-batch.ts';
import { validationDeps } from './rules.ts';

type RecordResult =
  | {
      index: number;
      clientId: string;
      status: 'accepted';
      proposalId: string;
      proposalStatus: string;
      revision: number;
      deferredUntil?: string;
      warnings?: FieldError[];
    }
  | { index: number; clientId?: string; status: 'rejected'; errors: FieldError[] };

/**
 * `POST /v1/intake/field-batches`: a device's offline batch. Every record is checked and
 * created on its own (one bad record does not sink the others) and answered by index. A
 * record's proposal id and event ids derive from its client id, so a batch sent again after a
 * lost answer creates nothing twice and answers the same.
 */
export function registerFieldBatchRoute(app: IntakeApp, context: IntakeContext): void {
  const { store, keyring, regions, windows, clock, config } = context;

  app.post(
    '/v1/intake/field-batches',
    {
      preHandler: writers,
      bodyLimit: config.INTAKE_FIELD_BATCH_BODY_LIMIT_BYTES,
      schema: {
        summary: 'A field device’s offline batch (up to 500 records, a result per record)',
        tags: ['proposals'],
        body: FieldBatchBody,
      },
    },
    async (request) => {
      const { actor } = request;
      const now = clock();
      const metadata = requestMetadata(request, now, 'field');
      const items = checkFieldBatch(request.body.records, validationDeps(regions, now));
      const results = await mapLimited(items, config.INTAKE_WRITE_CONCURRENCY, async (item): Promise<RecordResult> => {
        if (!item.ok) return rejected(request, item.index, item.clientId, item.errors);
        const { record } = item;
        const outside = scopeIssue(actor, record.proposal);
        if (outside)
          return rejected(request, item.index, record.clientId, [
            { ...outside, path: `records.${item.index}.proposal.${outside.path}` },
          ]);
        const proposalId = clientProposalId(actor.regionCode, record.clientId);
        try {
          const created = await createProposal(
            { store, sealer: keyring, windows },
            {
              proposalId,
              channel: 'field',
              content: record.proposal,
              submit: record.submit,
              clientId: record.clientId,
              metadata,
              now,
              eventId: creationEventId(proposalId),
            },
          );
          return {
            index: item.index,
            clientId: record.clientId,
            status: 'accepted',
            proposalId,
            proposalStatus: created.status,
            revision: created.revision,
            ...(created.deferredUntil !== undefined ? { deferredUntil: created.deferredUntil } : {}),
            ...(item.warnings.length > 0 ? { warnings: renderIssues(request, item.warnings) } : {}),
          };
        } catch (error) {
          const code = error instanceof WrongExpectedRevisionError ? 'proposal.already_exists' : 'record.failed';
          if (code === 'record.failed') request.log.error({ err: error, index: item.index }, 'field record failed');
          return rejected(request, item.index, record.clientId, [{ path: `records.${item.index}`, code }]);
        }
      });
      const accepted = results.filter((result) => result.status === 'accepted').length;
      return { deviceId: request.body.deviceId, accepted, rejected: results.length - accepted, results };
    },
  );
}

function rejected(
  request: FastifyRequest,
  index: number,
  clientId: string | undefined,
  issues: readonly FieldIssue[],
): RecordResult {
  return {
    index,
    ...(clientId !== undefined ? { clientId } : {}),
    status: 'rejected',
    errors: renderIssues(request, issues),
  };
}
