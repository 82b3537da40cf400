import { ComplaintSchemas, TrackComplaintBody, type Sealed } from '@siks/contracts';
import { notFound } from '@siks/service-kit';
import { z } from 'zod';
import type { IntakeContext } from '../context.ts';
import type { IntakeApp } from '../http/types.ts';
import { COMPLAINT_STREAM_PREFIX } from './routes.ts';
import { trackingIndex } from './tracking.ts';

/** A proposal's status as the citizen reads it (the stages of the public status check). */
const PUBLIC_PROPOSAL_STAGE: Record<string, string> = {
  draft: 'waiting',
  submitted: 'submitted',
  verified: 'in_verification',
  returned: 'returned',
  corrected: 'returned',
  approved: 'approved',
  rejected: 'rejected',
  withdrawn: 'withdrawn',
};

interface Row {
  complaint_id: string;
  region_code: string;
  category: string;
  stage: string;
  received_at: Date;
  stage_at: Date;
  founded: boolean | null;
  upheld: boolean | null;
  proposal_status: string | null;
}

/**
 * `POST /v1/intake/complaints/track` (public): what the holder of a tracking code may read —
 * the stage and its date, the village, whether triage found it founded, the stage of the
 * proposal it led to, and the answer. The code travels in the body (never in a URL or log);
 * an unknown code, however formed, is the same 404, and lookups are limited per address.
 */
export function registerTrackRoute(app: IntakeApp, context: IntakeContext): void {
  const { pool, store, keyring, config } = context;
  const perMinute = config.INTAKE_COMPLAINT_TRACKS_PER_MINUTE;
  app.post(
    '/v1/intake/complaints/track',
    {
      config: { public: true, ...(perMinute > 0 ? { rateLimit: { max: perMinute, timeWindow: 60_000 } } : {}) },
      schema: {
        summary: 'Follow a complaint with its tracking code (public)',
        tags: ['complaints'],
        body: TrackComplaintBody,
      },
    },
    async (request, reply) => {
      const { rows } = await pool.query<Row>(
        `SELECT c.complaint_id, c.region_code, c.category, c.stage, c.received_at, c.stage_at, c.founded, c.upheld,
                p.status AS proposal_status
           FROM intake.complaints c LEFT JOIN intake.proposals p ON p.proposal_id = c.proposal_id
          WHERE c.tracking_index = $1`,
        [trackingIndex(request.body.code)],
      );
      const row = rows[0];
      if (row === undefined) throw notFound();
      const answer =
        row.stage === 'answered' || row.stage === 'closed' ? await openAnswer(row.complaint_id) : undefined;
      return reply.header('cache-control', 'no-store').send({
        stage: row.stage,
        category: row.category,
        villageCode: row.region_code,
        receivedAt: row.received_at.toISOString(),
        stageAt: row.stage_at.toISOString(),
        ...(row.founded !== null ? { founded: row.founded } : {}),
        ...(row.proposal_status !== null
          ? { proposalStage: PUBLIC_PROPOSAL_STAGE[row.proposal_status] ?? 'submitted' }
          : {}),
        ...(answer !== undefined ? { answer: { upheld: row.upheld ?? false, text: answer } } : {}),
      });
    },
  );

  async function openAnswer(complaintId: string): Promise<string | undefined> {
    const events = await store.readStream(`${COMPLAINT_STREAM_PREFIX}${complaintId}`);
    const answered = events.findLast((event) => event.type === 'ComplaintAnswered');
    if (!answered) return undefined;
    const data = ComplaintSchemas.ComplaintAnswered.data.parse(answered.data);
    const opened = z.object({ text: z.string() }).safeParse(await keyring.open(data.answer as Sealed));
    return opened.success ? opened.data.text : undefined;
  }
}
