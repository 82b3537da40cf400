import { ComplaintBody, ComplaintReceivedData, ComplaintSchemas, RegionCode, type Actor } from '@siks/contracts';
import { assertInScope, toEventActor, ValidationProblem } from '@siks/service-kit';
import { maskNik } from '@siks/pii';
import { z } from 'zod';
import type { IntakeContext } from '../context.ts';
import { actorMetadata } from '../http/context.ts';
import { decodeCursor, encodeCursor, regionFilter } from '../http/cursor.ts';
import type { IntakeApp } from '../http/types.ts';
import { createWindowLimiter } from './limiter.ts';
import { checkedPhoto } from './photo.ts';
import { newTrackingCode, trackingIndex } from './tracking.ts';
import { usulIssues } from './usul.ts';

/** The window of the public complaint form's limit per client address. */
export const COMPLAINT_WINDOW_MS = 3_600_000;

export const COMPLAINT_STREAM_PREFIX = 'complaint-';
export const complaintSubject = (complaintId: string): string => `complaint:${complaintId}`;
/** A complaint with a photo is a larger body than the service's default limit allows. */
const COMPLAINT_BODY_LIMIT_BYTES = 1_500_000;

/** Who a complaint without a token is recorded as: the public, through the complaint form. */
const PUBLIC_ACTOR: Actor = { userId: 'public', role: 'system', regionCode: '' };

const ListQuery = z
  .object({
    region: RegionCode.optional(),
    cursor: z.string().max(300).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

interface ComplaintRow {
  complaint_id: string;
  region_code: string;
  category: string;
  status: string;
  stage: string;
  stage_at: Date;
  received_at: Date;
  household_id: string | null;
  proposal_id: string | null;
  founded: boolean | null;
  upheld: boolean | null;
}

const Opened = z
  .object({
    description: z.string(),
    address: z.string().optional(),
    contact: z.unknown().optional(),
    subject: z.object({ nik: z.string().optional(), name: z.string().optional() }).optional(),
    household: z.unknown().optional(),
  })
  .loose();

/**
 * `POST /v1/intake/complaints` (public, rate-limited per client address more strictly than the
 * rest; answers with an id and the tracking code only, echoing nothing sent) and `GET /v1/intake/complaints?region=`
 * (the leads queue of the operators in scope).
 */
export function registerComplaintRoutes(app: IntakeApp, context: IntakeContext): void {
  const { pool, store, keyring, regions, clock, newId, config } = context;
  const limiter = createWindowLimiter({
    db: pool,
    limit: config.INTAKE_COMPLAINTS_PER_HOUR,
    windowMs: COMPLAINT_WINDOW_MS,
    now: () => clock().getTime(),
    clientKey: (address) => keyring.blindIndex('complaint_client', address),
  });

  app.post(
    '/v1/intake/complaints',
    {
      config: { public: true },
      bodyLimit: COMPLAINT_BODY_LIMIT_BYTES,
      schema: {
        summary: 'File a complaint (public; no personal data is echoed; answers a tracking code)',
        tags: ['complaints'],
        body: ComplaintBody,
      },
    },
    async (request, reply) => {
      await limiter.take(request.ip);
      const body = request.body;
      if (regions.village(body.regionCode) === undefined)
        throw new ValidationProblem([{ path: 'regionCode', code: 'region.village_unknown' }]);
      const now = clock();
      if (body.household !== undefined) {
        if (body.category !== 'missing_household')
          throw new ValidationProblem([{ path: 'household', code: 'complaint.household_usul_only' }]);
        const issues = usulIssues(body.regionCode, body.household, regions, now);
        if (issues.length > 0) throw new ValidationProblem(issues);
      }
      const photo = body.photo !== undefined ? checkedPhoto(body.photo) : undefined;
      const complaintId = newId();
      const trackingCode = newTrackingCode();
      const subject = complaintSubject(complaintId);
      // An usul's household head is whom it concerns, unless the citizen named someone.
      const head = body.household?.head;
      const concerns = body.subject ?? (head !== undefined ? { nik: head.nik, name: head.name } : undefined);
      const personal = {
        description: body.description,
        ...(body.address !== undefined ? { address: body.address } : {}),
        ...(body.contact !== undefined ? { contact: body.contact } : {}),
        ...(concerns !== undefined ? { subject: concerns } : {}),
        ...(body.household !== undefined ? { household: body.household } : {}),
      };
      if (photo !== undefined && body.photo !== undefined)
        // Beside the log (too large for an event), sealed under the complaint's own key.
        await pool.query(
          `INSERT INTO intake.complaint_photos (complaint_id, sha256, media_type, sealed) VALUES ($1, $2, $3, $4)`,
          [
            complaintId,
            photo.sha256,
            body.photo.mediaType,
            await keyring.seal(subject, body.photo.data, 'complaint_photo'),
          ],
        );
      const data: z.infer<typeof ComplaintReceivedData> = {
        complaintId,
        regionCode: body.regionCode,
        category: body.category,
        personal: await keyring.seal(subject, personal, 'complaint'),
        trackingIndex: trackingIndex(trackingCode),
        ...(concerns?.nik !== undefined
          ? { subjectNikIndex: await keyring.identityIndex('nik', concerns.nik, { record: true }) }
          : {}),
        ...(photo !== undefined && body.photo !== undefined
          ? { photo: { sha256: photo.sha256, mediaType: body.photo.mediaType } }
          : {}),
      };
      const actor = request.maybeActor;
      const metadata = actorMetadata(actor ? toEventActor(actor) : PUBLIC_ACTOR, request.id, now, 'complaint');
      await store.append(
        `${COMPLAINT_STREAM_PREFIX}${complaintId}`,
        [
          {
            eventId: newId(),
            type: 'ComplaintReceived',
            schemaVersion: ComplaintSchemas.ComplaintReceived.schemaVersion,
            data,
            metadata,
          },
        ],
        'no_stream',
      );
      return reply
        .code(202)
        .header('cache-control', 'no-store')
        .send({ complaintId, trackingCode, status: 'received', receivedAt: now.toISOString() });
    },
  );

  app.get(
    '/v1/intake/complaints',
    {
      schema: {
        summary: 'Complaints (leads) in the caller’s scope, newest first',
        tags: ['complaints'],
        querystring: ListQuery,
      },
    },
    async (request) => {
      const { query, actor } = request;
      const region = query.region ?? actor.regionCode;
      assertInScope(actor, region);
      const values: unknown[] = [];
      const conditions: string[] = [];
      if (region !== '') {
        const filter = regionFilter('region_code', region);
        values.push(filter.value);
        conditions.push(filter.sql(values.length));
      }
      if (query.cursor !== undefined) {
        const cursor = decodeCursor(query.cursor);
        values.push(cursor.at, cursor.id);
        conditions.push(`(received_at, complaint_id) < ($${values.length - 1}::timestamptz, $${values.length}::uuid)`);
      }
      const limit = await context.reads.openList(actor, query.limit);
      values.push(limit + 1);
      const { rows } = await pool.query<ComplaintRow>(
        `SELECT complaint_id, region_code, category, status, stage, stage_at, received_at, household_id, proposal_id,
                founded, upheld FROM intake.complaints
         ${conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : ''}
         ORDER BY received_at DESC, complaint_id DESC LIMIT $${values.length}`,
        values,
      );
      const page = rows.slice(0, limit);
      const items = await Promise.all(page.map((row) => openComplaint(row)));
      if (items.length > 0)
        await context.reads.record(request, {
          purpose: 'intake.complaints.list',
          subjects: items.map((item) => ({ kind: 'complaint', id: item.complaintId })),
          fields: ['free_text'],
          regions: items.map((item) => item.regionCode),
          rows: items.filter((item) => 'description' in item).length,
        });
      const last = page.at(-1);
      return {
        items,
        ...(rows.length > limit && last
          ? { nextCursor: encodeCursor({ at: last.received_at.toISOString(), id: last.complaint_id }) }
          : {}),
      };
    },
  );

  /** A lead with its description (for the operator who must confirm it); sealed parts opened. */
  async function openComplaint(row: ComplaintRow) {
    const events = await store.readStream(`${COMPLAINT_STREAM_PREFIX}${row.complaint_id}`, { maxCount: 1 });
    const sealed = events[0]?.data['personal'];
    const opened = sealed
      ? Opened.safeParse(await keyring.open(sealed as Parameters<typeof keyring.open>[0]))
      : undefined;
    return {
      complaintId: row.complaint_id,
      regionCode: row.region_code,
      category: row.category,
      status: row.status,
      stage: row.stage,
      stageAt: row.stage_at.toISOString(),
      receivedAt: row.received_at.toISOString(),
      ...(row.household_id !== null ? { householdId: row.household_id } : {}),
      ...(row.proposal_id !== null ? { proposalId: row.proposal_id } : {}),
      ...(row.founded !== null ? { founded: row.founded } : {}),
      ...(row.upheld !== null ? { upheld: row.upheld } : {}),
      ...(opened?.success
        ? {
            description: opened.data.description,
            ...(opened.data.subject?.name !== undefined ? { subjectName: opened.data.subject.name } : {}),
            ...(opened.data.subject?.nik !== undefined ? { subjectNik: maskNik(opened.data.subject.nik) } : {}),
            // An usul with its household: triaged as founded without a link, it drafts a proposal.
            ...(opened.data.household !== undefined ? { proposedHousehold: true } : {}),
          }
        : { erased: true }),
    };
  }
}
