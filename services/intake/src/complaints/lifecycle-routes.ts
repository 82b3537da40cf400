import {
  AnswerComplaintBody,
  ComplaintSchemas,
  deterministicId,
  TriageComplaintBody,
  Uuid,
  type NewEvent,
  type ProposalContent,
  type RecordedEvent,
  type UsulHousehold,
} from '@siks/contracts';
import { assertInScope, notFound, ProblemError, requireRole, type AuthenticatedActor } from '@siks/service-kit';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { IntakeContext } from '../context.ts';
import { requestMetadata } from '../http/context.ts';
import type { IntakeApp } from '../http/types.ts';
import { createProposal, creationEventId } from '../proposals/create.ts';
import {
  ComplaintError,
  decideComplaint,
  foldComplaint,
  opensDeactivation,
  type ComplaintCommand,
  type ComplaintEvent,
  type ComplaintState,
} from './lifecycle.ts';
import { COMPLAINT_STREAM_PREFIX, complaintSubject } from './routes.ts';
import { opensUsulDraft, usulContent, usulHouseholdOf } from './usul.ts';

const Params = z.object({ complaintId: Uuid });

/** The proposal a founded triage opens, with how it is handed in. */
interface Opening {
  route: 'deactivation' | 'new_household';
  content: ProposalContent;
  submit: boolean;
}
/** Triage is the village operator's (or the district admin's when a village has none). */
const triagers = requireRole('operator_desa', 'admin_kabkota');
/** The answer and the closing: the village operator or the district office. */
const answerers = requireRole('operator_desa', 'verifikator_kabkota', 'admin_kabkota');

/** The proposal intake opens for a sanggah or an usul: one per complaint, so a retried triage opens none twice. */
export const complaintProposalId = (complaintId: string): string =>
  deterministicId('intake.complaint-proposal', complaintId);

/**
 * `POST /v1/intake/complaints/:id/triage|answer|close`: the complaint's lifecycle as events in
 * its own stream (so in the audit trail), each decided against the stream's state and appended
 * with its revision (a concurrent change is a 409). A sanggah triaged against a household opens
 * a deactivation proposal, submitted at once (channel `complaint`), which verification takes up
 * as any proposal (outside the removals window it waits as a draft, by the same rule as all). An
 * usul that carries its household, triaged as founded without a link, opens a draft
 * new-household proposal from it (channel `complaint`) for the operator to complete.
 */
export function registerComplaintLifecycleRoutes(app: IntakeApp, context: IntakeContext): void {
  const { store, keyring, clock, newId, windows } = context;

  async function load(complaintId: string, actor: AuthenticatedActor) {
    const events = await store.readStream(`${COMPLAINT_STREAM_PREFIX}${complaintId}`);
    const state = foldComplaint(events);
    if (state === undefined) throw notFound();
    assertInScope(actor, state.regionCode);
    return { state, events, revision: events.length - 1 };
  }

  /** The household an usul carries (sealed in `ComplaintReceived`), if any and still readable. */
  async function usulOf(events: readonly RecordedEvent[]): Promise<UsulHousehold | undefined> {
    const received = events.find((event) => event.type === 'ComplaintReceived');
    if (received === undefined) return undefined;
    const { personal } = ComplaintSchemas.ComplaintReceived.data.parse(received.data);
    const opened = await keyring.open(personal).catch(() => undefined);
    return usulHouseholdOf(opened);
  }

  function decide(command: ComplaintCommand, state: ComplaintState): ComplaintEvent[] {
    try {
      return decideComplaint(command, state);
    } catch (error) {
      if (error instanceof ComplaintError)
        throw new ProblemError({ status: error.status, code: error.code, cause: error });
      throw error;
    }
  }

  async function append(
    request: FastifyRequest,
    state: ComplaintState,
    revision: number,
    events: ComplaintEvent[],
    reason?: string,
  ) {
    const metadata = requestMetadata(request, clock(), 'complaint', reason);
    const recorded: NewEvent[] = events.map((event) => ({
      eventId: newId(),
      type: event.type,
      schemaVersion: ComplaintSchemas[event.type].schemaVersion,
      data: event.data as Record<string, unknown>,
      metadata,
    }));
    await store.append(`${COMPLAINT_STREAM_PREFIX}${state.complaintId}`, recorded, revision);
    const last = events.at(-1);
    return { complaintId: state.complaintId, stage: last ? stageAfter(last.type) : state.stage };
  }

  app.post(
    '/v1/intake/complaints/:complaintId/triage',
    {
      preHandler: triagers,
      schema: {
        summary: 'Triage a complaint: founded (linked to a household or proposal) or unfounded (with a reason)',
        tags: ['complaints'],
        params: Params,
        body: TriageComplaintBody,
      },
    },
    async (request) => {
      const { state, events, revision } = await load(request.params.complaintId, request.actor);
      const body = request.body;
      if (body.outcome === 'unfounded')
        return append(request, state, revision, decide({ type: 'Triage', data: body }, state), body.reason);
      const proposalId = complaintProposalId(state.complaintId);
      const usul = opensUsulDraft(state.category, body, true) ? await usulOf(events) : undefined;
      // A sanggah's deactivation goes to verification at once; an usul's draft waits for the
      // operator to complete it (members, housing, programmes) and submit it.
      const opening: Opening | undefined =
        opensDeactivation(state.category, body) && body.householdId !== undefined
          ? {
              route: 'deactivation',
              submit: true,
              content: {
                type: 'deactivate',
                householdId: body.householdId,
                regionCode: state.regionCode,
                reason: body.deactivationReason ?? 'mampu',
              },
            }
          : usul !== undefined
            ? { route: 'new_household', submit: false, content: usulContent(state.regionCode, usul) }
            : undefined;
      const opened = opening ? { proposalId, route: opening.route } : undefined;
      // Decided before a proposal is opened: a complaint triaged already opens nothing.
      const decided = decide({ type: 'Triage', data: { ...body, ...(opened ? { opened } : {}) } }, state);
      if (opening !== undefined) {
        const now = clock();
        const kind = opening.route === 'deactivation' ? 'sanggah' : 'usul';
        await createProposal(
          { store, sealer: keyring, windows },
          {
            proposalId,
            channel: 'complaint',
            content: opening.content,
            submit: opening.submit,
            metadata: requestMetadata(request, now, 'complaint', `${kind} ${state.complaintId}`),
            now,
            eventId: creationEventId(proposalId),
          },
        );
      }
      return append(request, state, revision, decided);
    },
  );

  app.post(
    '/v1/intake/complaints/:complaintId/answer',
    {
      preHandler: answerers,
      schema: {
        summary: 'Answer a triaged complaint (the citizen reads the answer with the tracking code)',
        tags: ['complaints'],
        params: Params,
        body: AnswerComplaintBody,
      },
    },
    async (request) => {
      const { state, revision } = await load(request.params.complaintId, request.actor);
      // The person it is about was forgotten, and with them its key: no answer can be sealed.
      if (await keyring.isForgotten(complaintSubject(state.complaintId)))
        throw new ProblemError({ status: 409, code: 'complaint.data_forgotten' });
      const answer = await keyring.seal(complaintSubject(state.complaintId), { text: request.body.answer });
      const events = decide({ type: 'Answer', data: { upheld: request.body.upheld, answer } }, state);
      return append(request, state, revision, events);
    },
  );

  app.post(
    '/v1/intake/complaints/:complaintId/close',
    {
      preHandler: answerers,
      schema: { summary: 'Close an answered complaint', tags: ['complaints'], params: Params },
    },
    async (request) => {
      const { state, revision } = await load(request.params.complaintId, request.actor);
      return append(request, state, revision, decide({ type: 'Close' }, state));
    },
  );
}

function stageAfter(type: ComplaintEvent['type']) {
  switch (type) {
    case 'ComplaintReceived':
      return 'received' as const;
    case 'ComplaintTriaged':
      return 'triaged' as const;
    case 'ComplaintRouted':
      return 'routed' as const;
    case 'ComplaintAnswered':
      return 'answered' as const;
    case 'ComplaintClosed':
      return 'closed' as const;
    default: {
      const unreachable: never = type;
      throw new Error(`unknown complaint event ${String(unreachable)}`);
    }
  }
}
