import { MeetingBody, MeetingDocumentBody, RegionCode, type MeetingRecordedData } from '@siks/contracts';
import { assertInScope, notFound, ProblemError, ValidationProblem } from '@siks/service-kit';
import { z } from 'zod';
import type { IntakeContext } from '../context.ts';
import { requestMetadata, writers } from '../http/context.ts';
import { regionFilter } from '../http/cursor.ts';
import type { IntakeApp } from '../http/types.ts';
import { loadMeeting, meetingStream, type Meeting } from './meeting.ts';

const Params = z.object({ id: z.uuid() }).strict();
const ListQuery = z
  .object({ region: RegionCode.optional(), limit: z.coerce.number().int().min(1).max(200).default(50) })
  .strict();

interface ListRow {
  meeting_id: string;
  region_code: string;
  kind: string;
  date: string;
  number: string;
  place: string;
  attendee_count: number;
  recorded_by: string;
  recorded_at: Date;
  documents: number;
  proposals: number;
}

/** The proposals a meeting agreed: those of the imports tied to it, with their rows in the file. */
async function meetingProposals(context: IntakeContext, meetingId: string) {
  const { rows } = await context.pool.query<{
    proposal_id: string;
    status: string;
    proposal_type: string;
    amendments: number;
    rows: number[];
  }>(
    `SELECT p.proposal_id, p.status, p.proposal_type, p.amendments,
            array_agg(r.row ORDER BY r.row) AS rows
       FROM intake.imports i
       JOIN intake.proposals p ON p.import_id = i.import_id
       JOIN intake.import_rows r ON r.import_id = i.import_id AND r.proposal_id = p.proposal_id
      WHERE i.meeting_id = $1
      GROUP BY 1, 2, 3, 4
      ORDER BY min(r.row)`,
    [meetingId],
  );
  return rows.map((row) => ({
    proposalId: row.proposal_id,
    status: row.status,
    proposalType: row.proposal_type,
    rows: row.rows,
    // Any amendment of a proposal agreed at the meeting happened after the meeting.
    amendedAfterMeeting: row.amendments > 0,
  }));
}

/** A meeting the caller may see, or 404 (unknown and out of scope answer alike). */
async function visibleMeeting(context: IntakeContext, id: string, actor: { regionCode: string }): Promise<Meeting> {
  const meeting = await loadMeeting(context.store, id);
  if (!meeting) throw notFound();
  assertInScope(actor, meeting.regionCode);
  return meeting;
}

/**
 * Village meetings (musdes/muskel): record one, attach its minutes and attendance list (documents
 * uploaded to the document service), list a region's meetings, read one with the proposals of the
 * lists imported for it. Events go to `meeting-<id>` streams (relayed on `intake.proposals.v1`).
 */
export function registerMeetingRoutes(app: IntakeApp, context: IntakeContext): void {
  const { store, regions, clock, newId, pool } = context;

  app.post(
    '/v1/intake/meetings',
    {
      preHandler: writers,
      schema: { summary: 'Record a village meeting (musdes / muskel)', tags: ['meetings'], body: MeetingBody },
    },
    async (request, reply) => {
      const { actor, body } = request;
      if (regions.village(actor.regionCode) === undefined)
        throw new ValidationProblem([{ path: 'regionCode', code: 'region.village_unknown' }]);
      if (body.date > clock().toISOString().slice(0, 10))
        throw new ValidationProblem([{ path: 'date', code: 'date.future' }]);
      const meetingId = newId();
      const data: MeetingRecordedData = { meetingId, regionCode: actor.regionCode, ...body };
      await store.append(
        meetingStream(meetingId),
        [
          {
            eventId: newId(),
            type: 'MeetingRecorded',
            schemaVersion: 1,
            data,
            metadata: requestMetadata(request, clock(), 'musdes'),
          },
        ],
        'no_stream',
      );
      const meeting = await visibleMeeting(context, meetingId, actor);
      return reply
        .code(201)
        .header('location', `/v1/intake/meetings/${meetingId}`)
        .send({ ...meeting, proposals: [] });
    },
  );

  app.post(
    '/v1/intake/meetings/:id/documents',
    {
      preHandler: writers,
      schema: {
        summary: "Attach the meeting's minutes or attendance list (a document id; idempotent)",
        tags: ['meetings'],
        params: Params,
        body: MeetingDocumentBody,
      },
    },
    async (request, reply) => {
      const meeting = await visibleMeeting(context, request.params.id, request.actor);
      const { documentId, kind } = request.body;
      const already = meeting.documents.find((document) => document.documentId === documentId);
      if (already) {
        if (already.kind !== kind) throw new ProblemError({ status: 409, code: 'meeting_document_kind_conflict' });
        return reply.code(200).send({ ...meeting, proposals: await meetingProposals(context, meeting.meetingId) });
      }
      await store.append(
        meetingStream(meeting.meetingId),
        [
          {
            eventId: newId(),
            type: 'MeetingDocumentAttached',
            schemaVersion: 1,
            data: { meetingId: meeting.meetingId, regionCode: meeting.regionCode, documentId, kind },
            metadata: requestMetadata(request, clock(), 'musdes'),
          },
        ],
        meeting.revision,
      );
      const after = await visibleMeeting(context, meeting.meetingId, request.actor);
      return reply.code(201).send({ ...after, proposals: await meetingProposals(context, meeting.meetingId) });
    },
  );

  app.get(
    '/v1/intake/meetings/:id',
    {
      schema: {
        summary: 'A meeting with its documents and the proposals it agreed (row numbers of its list)',
        tags: ['meetings'],
        params: Params,
      },
    },
    async (request) => {
      const meeting = await visibleMeeting(context, request.params.id, request.actor);
      return { ...meeting, proposals: await meetingProposals(context, meeting.meetingId) };
    },
  );

  app.get(
    '/v1/intake/meetings',
    {
      schema: {
        summary: 'Village meetings in the caller’s scope, latest first',
        tags: ['meetings'],
        querystring: ListQuery,
      },
    },
    async (request) => {
      const region = request.query.region ?? request.actor.regionCode;
      assertInScope(request.actor, region);
      const values: unknown[] = [];
      let where = '';
      if (region !== '') {
        const filter = regionFilter('m.region_code', region);
        values.push(filter.value);
        where = `WHERE ${filter.sql(1)}`;
      }
      values.push(request.query.limit);
      const { rows } = await pool.query<ListRow>(
        `SELECT m.meeting_id, m.region_code, m.kind, m.date::text AS date, m.number, m.place, m.attendee_count,
                m.recorded_by, m.recorded_at, m.documents,
                (SELECT count(*)::int FROM intake.proposals p JOIN intake.imports i ON i.import_id = p.import_id
                  WHERE i.meeting_id = m.meeting_id) AS proposals
           FROM intake.meetings m ${where}
          ORDER BY m.date DESC, m.recorded_at DESC LIMIT $${values.length}`,
        values,
      );
      return {
        items: rows.map((row) => ({
          meetingId: row.meeting_id,
          regionCode: row.region_code,
          kind: row.kind,
          date: row.date,
          number: row.number,
          place: row.place,
          attendeeCount: row.attendee_count,
          recordedBy: row.recorded_by,
          recordedAt: row.recorded_at.toISOString(),
          documents: row.documents,
          proposals: row.proposals,
        })),
      };
    },
  );
}
