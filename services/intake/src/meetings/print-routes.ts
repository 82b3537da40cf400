import { assertInScope, notFound } from '@siks/service-kit';
import { sendPdf } from '@siks/print';
import { z } from 'zod';
import type { IntakeContext } from '../context.ts';
import type { IntakeApp } from '../http/types.ts';
import { loadMeeting, type Meeting } from './meeting.ts';
import { renderAttendance, renderMinutes, type FormInput } from './print/forms.ts';
import { villagePlace } from './print/place.ts';
import { summaryProposals } from './print/summary-data.ts';
import { renderSummary } from './print/summary.ts';

const Form = z.enum(['berita-acara', 'daftar-hadir']);
const MeetingParams = z.object({ id: z.uuid() }).strict();

/** A meeting the caller may see, or 404 (unknown and out of scope answer alike). */
async function visibleMeeting(context: IntakeContext, id: string, actor: { regionCode: string }): Promise<Meeting> {
  const meeting = await loadMeeting(context.store, id);
  if (!meeting) throw notFound();
  assertInScope(actor, meeting.regionCode);
  return meeting;
}

const render = (form: z.infer<typeof Form>, input: FormInput): Promise<Buffer> =>
  form === 'berita-acara' ? renderMinutes(input) : renderAttendance(input);

/**
 * The paper of village meetings (PDF, texts in Bahasa Indonesia as the forms are): the minutes and
 * attendance forms, blank or filled with a recorded meeting's facts (no personal data), and a
 * meeting's summary with the proposals it agreed (heads' names: a recorded read).
 */
export function registerMeetingPrintRoutes(app: IntakeApp, context: IntakeContext): void {
  const { regions, clock, pool } = context;

  app.get(
    '/v1/intake/meeting-forms/:form',
    {
      schema: {
        summary:
          'A blank minutes or attendance form of a village meeting (PDF; a village operator’s village filled in)',
        tags: ['meetings'],
        params: z.object({ form: Form }).strict(),
        querystring: z.strictObject({ kind: z.enum(['musdes', 'muskel']).optional() }),
      },
    },
    async (request, reply) => {
      const { form } = request.params;
      const own = request.actor.regionCode;
      const village = villagePlace(regions, regions.village(own) ? own : undefined, request.query.kind);
      const pdf = await render(form, { village, printedBy: request.actor.userId, printedAt: clock() });
      return sendPdf(reply, `${form}-kosong.pdf`, pdf);
    },
  );

  app.get(
    '/v1/intake/meetings/:id/forms/:form',
    {
      schema: {
        summary: 'The minutes or attendance form of a recorded meeting, filled with its facts (PDF)',
        tags: ['meetings'],
        params: z.object({ id: z.uuid(), form: Form }).strict(),
      },
    },
    async (request, reply) => {
      const meeting = await visibleMeeting(context, request.params.id, request.actor);
      const { rows } = await pool.query<{ proposals: number }>(
        `SELECT count(*)::int AS proposals FROM intake.proposals p JOIN intake.imports i ON i.import_id = p.import_id
          WHERE i.meeting_id = $1`,
        [meeting.meetingId],
      );
      const pdf = await render(request.params.form, {
        village: villagePlace(regions, meeting.regionCode, meeting.kind),
        meeting: { ...meeting, proposals: rows[0]?.proposals ?? 0 },
        meetingId: meeting.meetingId,
        printedBy: request.actor.userId,
        printedAt: clock(),
      });
      return sendPdf(reply, `${request.params.form}-${meeting.date}.pdf`, pdf);
    },
  );

  app.get(
    '/v1/intake/meetings/:id/summary',
    {
      schema: {
        summary:
          'A meeting’s summary: its facts, the proposals it agreed with their rows, amendments after it (PDF; heads’ names: read recorded, NIK masked)',
        tags: ['meetings'],
        params: MeetingParams,
      },
    },
    async (request, reply) => {
      const meeting = await visibleMeeting(context, request.params.id, request.actor);
      // A spent daily budget refuses the summary; a summary is never cut short.
      await context.reads.openList(request.actor, 1);
      const proposals = await summaryProposals(context, meeting.meetingId);
      const named = proposals.filter((proposal) => proposal.headName !== undefined);
      if (named.length > 0)
        await context.reads.record(request, {
          purpose: 'intake.meeting.summary',
          subjects: named.map((proposal) => ({ kind: 'proposal', id: proposal.proposalId })),
          fields: ['name', 'nik_masked'],
          regions: named.map((proposal) => proposal.regionCode),
          rows: named.length,
        });
      const pdf = await renderSummary({
        meeting,
        village: villagePlace(regions, meeting.regionCode, meeting.kind),
        proposals,
        printedBy: request.actor.userId,
        printedAt: clock(),
      });
      return sendPdf(reply, `ringkasan-musyawarah-${meeting.date}.pdf`, pdf);
    },
  );
}
