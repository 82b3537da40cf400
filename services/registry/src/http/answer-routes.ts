import { Reason } from '@siks/contracts';
import { requireRole, type ServiceApp } from '@siks/service-kit';
import { z } from 'zod';
import { parseAnswerFile, recordAnswers, type HouseholdAnswer } from '../handoff/answers.ts';
import { loadHandoff } from '../handoff/state.ts';
import { eventContext, type RouteDeps } from './deps.ts';
import { handoffView, HandoffView, ownedHandoff, PROVINCE_ROLES, wrongStage } from './handoff-view.ts';

const Outcome = z.object({
  recorded: z.number(),
  unchanged: z.number(),
  returned: z.number(),
  handoff: HandoffView,
});

/** An answer file may be this large (a regency's cut-off with its answers is a few MB). */
const FILE_LIMIT = 32 * 1024 * 1024;

/**
 * The ministry's answers on a forwarded cut-off, per household: as JSON rows, or as the answer
 * file (the export's layout plus `status`, `reason`; `Content-Type: text/csv`). Each new answer
 * is a `CutoffRowAnswered` event; a returned one reopens the proposal's case at the regency.
 */
export function answerRoutes(app: ServiceApp, deps: RouteDeps): void {
  const params = z.object({ id: z.uuid() });
  const record = async (
    request: Parameters<typeof eventContext>[0] & { params: { id: string } },
    answers: HouseholdAnswer[],
  ) => {
    const handoff = await ownedHandoff(deps, request.params.id, request.actor);
    if (handoff.stage !== 'forwarded') throw wrongStage(handoff);
    const outcome = await recordAnswers(deps, handoff, answers, eventContext(request));
    const after = (await loadHandoff(deps.store, handoff.cutoffId))!;
    return { ...outcome, handoff: handoffView(after, request.actor.regionCode) };
  };

  app.post(
    '/v1/registry/cutoffs/:id/answers',
    {
      preHandler: requireRole(...PROVINCE_ROLES),
      schema: {
        summary: 'Record the ministry’s answer per household (accepted, or returned with a reason)',
        tags: ['cutoffs'],
        params,
        body: z.strictObject({
          answers: z
            .array(
              z
                .strictObject({
                  householdId: z.uuid(),
                  status: z.enum(['accepted', 'returned']),
                  reason: Reason.optional(),
                })
                .refine((answer) => answer.status !== 'returned' || answer.reason !== undefined, {
                  path: ['reason'],
                  error: 'reason.required',
                }),
            )
            .min(1)
            .max(5000),
        }),
        response: { 200: Outcome },
      },
    },
    async (request) =>
      record(
        request,
        request.body.answers.map(({ householdId, status, reason }) => ({
          householdId,
          status,
          ...(reason !== undefined ? { reason } : {}),
        })),
      ),
  );

  // The file route in its own scope: the text/csv parser applies to it alone.
  void app.register(async (scope) => {
    scope.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: FILE_LIMIT }, (_request, body, done) =>
      done(null, body),
    );
    (scope as ServiceApp).post(
      '/v1/registry/cutoffs/:id/answers/file',
      {
        preHandler: requireRole(...PROVINCE_ROLES),
        bodyLimit: FILE_LIMIT,
        schema: {
          summary: 'Record the ministry’s answers from its answer file (text/csv: the export layout + status, reason)',
          tags: ['cutoffs'],
          params,
          response: { 200: Outcome },
        },
      },
      async (request) => record(request, parseAnswerFile(String(request.body ?? ''))),
    );
  });
}
