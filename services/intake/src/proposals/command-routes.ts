import { AmendProposalBody, SubmitProposalBody, WithdrawProposalBody } from '@siks/contracts';
import { assertInScope, notFound, preconditionRequired, ProblemError, toEventActor } from '@siks/service-kit';
import type { FastifyRequest } from 'fastify';
import type { IntakeContext } from '../context.ts';
import { requestMetadata, writers } from '../http/context.ts';
import { staleRevision, validationProblem } from '../http/problems.ts';
import type { IntakeApp } from '../http/types.ts';
import type { ProposalCommand } from './commands.ts';
import { decide } from './decide.ts';
import { ProposalError } from './errors.ts';
import { fold } from './evolve.ts';
import { applySet } from './patch.ts';
import { ProposalParams } from './read-routes.ts';
import { appendProposal, latestContentRecord, loadProposal, withContent, type LoadedProposal } from './repository.ts';
import { validationDeps } from './rules.ts';
import { AMENDABLE_STATUSES, type ExistingProposal } from './state.ts';
import { validateProposalInput } from './validate.ts';
import { etagOf, revisionOfEtag, statusView } from './views.ts';

/** The revision an `If-Match` names; undefined when none was sent. */
function ifMatchOf(request: FastifyRequest): number | undefined {
  const header = request.headers['if-match'];
  if (header === undefined) return undefined;
  const revision = revisionOfEtag(header);
  if (revision === undefined) throw new ProblemError({ status: 400, code: 'if_match_invalid' });
  return revision;
}

/** Amend (`If-Match` required), submit and withdraw (`If-Match` honoured when sent). */
export function registerCommandRoutes(app: IntakeApp, context: IntakeContext): void {
  const { store, keyring, regions, windows, clock, newId } = context;

  /** Loads the proposal for a write: 404 when missing or out of scope, 409 when `If-Match` is stale. */
  async function loadForWrite(request: FastifyRequest, proposalId: string, required: boolean): Promise<LoadedProposal> {
    if (required && request.headers['if-match'] === undefined) throw preconditionRequired();
    const expected = ifMatchOf(request);
    const loaded = await loadProposal(store, proposalId);
    if (loaded.state.status === 'none') throw notFound();
    assertInScope(request.actor, loaded.state.regionCode);
    if (expected !== undefined && expected !== loaded.state.revision) throw staleRevision(loaded.state.revision);
    return loaded;
  }

  /** Decides, appends at the loaded revision (a concurrent write is a 409) and answers the new state. */
  async function run(
    request: FastifyRequest,
    state: ExistingProposal,
    command: ProposalCommand,
    reason?: string,
    loaded?: LoadedProposal,
  ): Promise<ReturnType<typeof statusView> & { changedFields?: string[] }> {
    const events = decide(command, state, { windows });
    if (events.length > 0)
      await appendProposal(store, keyring, {
        proposalId: state.proposalId,
        events,
        before: state.content,
        ...(loaded ? { beforeRecord: latestContentRecord(loaded.recorded) } : {}),
        expected: state.revision,
        metadata: requestMetadata(request, command.metadata.now, 'operator', reason),
        eventId: () => newId(),
      });
    const after = fold(events, state);
    if (after.status === 'none') throw new Error('unreachable: a proposal vanished');
    const amended = events.find((event) => event.type === 'ProposalAmended');
    return {
      ...statusView(after),
      ...(amended?.type === 'ProposalAmended' ? { changedFields: amended.data.changes.map((c) => c.path) } : {}),
    };
  }

  app.patch(
    '/v1/intake/proposals/:id',
    {
      preHandler: writers,
      schema: {
        summary: 'Amend a draft or returned proposal (If-Match required; reason required)',
        tags: ['proposals'],
        params: ProposalParams,
        body: AmendProposalBody,
      },
    },
    async (request, reply) => {
      const loaded = await loadForWrite(request, request.params.id, true);
      const now = clock();
      if (loaded.state.status !== 'none' && !AMENDABLE_STATUSES.includes(loaded.state.status))
        throw new ProposalError('proposal.not_amendable', { status: loaded.state.status });
      const state = await withContent(loaded, keyring);
      if (state.content === null) throw new ProposalError('proposal.data_forgotten');
      const patched = applySet(state.content, request.body.set);
      if (!patched.ok) throw validationProblem(patched.issues, 'set');
      const checked = validateProposalInput(patched.content, validationDeps(regions, now));
      if (!checked.ok) throw validationProblem(checked.errors);
      const { reason } = request.body;
      const answer = await run(
        request,
        state,
        {
          type: 'AmendProposal',
          data: { proposalId: state.proposalId, reason, content: checked.content },
          metadata: { now, actor: toEventActor(request.actor) },
        },
        reason,
        loaded,
      );
      return reply.header('etag', etagOf(answer.revision)).send(answer);
    },
  );

  app.post(
    '/v1/intake/proposals/:id/submit',
    {
      preHandler: writers,
      schema: {
        summary: 'Submit a draft (deferred outside the window) or resubmit a returned proposal',
        tags: ['proposals'],
        params: ProposalParams,
        body: SubmitProposalBody.nullish(),
      },
    },
    async (request, reply) => {
      const loaded = await loadForWrite(request, request.params.id, false);
      const state = await withContent(loaded, keyring);
      const now = clock();
      const answer = await run(request, state, {
        type: 'SubmitProposal',
        data: { proposalId: state.proposalId },
        metadata: { now, actor: toEventActor(request.actor) },
      });
      return reply.header('etag', etagOf(answer.revision)).send(answer);
    },
  );

  app.post(
    '/v1/intake/proposals/:id/withdraw',
    {
      preHandler: writers,
      schema: {
        summary: 'Withdraw a proposal (reason required)',
        tags: ['proposals'],
        params: ProposalParams,
        body: WithdrawProposalBody,
      },
    },
    async (request, reply) => {
      const loaded = await loadForWrite(request, request.params.id, false);
      if (loaded.state.status === 'none') throw notFound();
      const { reason } = request.body;
      const answer = await run(
        request,
        loaded.state,
        {
          type: 'WithdrawProposal',
          data: { proposalId: loaded.state.proposalId, reason },
          metadata: { now: clock(), actor: toEventActor(request.actor) },
        },
        reason,
      );
      return reply.header('etag', etagOf(answer.revision)).send(answer);
    },
  );
}
