import {
  deterministicId,
  MeetingEventSchemas,
  Uuid,
  VillageCode,
  type EventMetadata,
  type RecordedEvent,
} from '@siks/contracts';
import type { EventStore } from '@siks/eventstore';
import type { Queryable } from '@siks/pg';
import { documentEvent } from '../documents/events.ts';
import { reactionMetadata } from '../documents/metadata.ts';
import { handleCommand } from '../documents/repository.ts';
import { decideLink } from '../documents/decide.ts';
import { z } from 'zod';

/** What this reads of a drafted proposal: its id, village and meeting (the sealed content stays unread). */
const DraftedFromMeeting = z.object({
  proposalId: Uuid,
  regionCode: VillageCode,
  source: z.object({ meetingId: Uuid }),
});

export interface MeetingLinkDeps {
  store: EventStore;
  now: () => Date;
}

/**
 * A village meeting's minutes and attendance list back every proposal of the list it agreed
 * (DOMAIN.md "Village meetings"), so operators no longer upload the same minutes per household.
 * From intake's events this keeps which documents (`MeetingDocumentAttached`) and which proposals
 * (`ProposalDrafted` with `source.meetingId`) each meeting has and links every pair, in whichever
 * order they arrive. A link is `DocumentLinked` on the document's stream, appended as the service
 * with a deterministic id, so a redelivery links nothing twice; `linkedBy` is the person whose
 * event caused it. Both kinds of event take the meeting's advisory lock, so two arriving at once
 * on different partitions still see each other.
 */
export async function applyMeetingEvent(deps: MeetingLinkDeps, db: Queryable, event: RecordedEvent): Promise<void> {
  if (event.type === 'ProposalDrafted') {
    const parsed = DraftedFromMeeting.safeParse(event.data);
    if (!parsed.success) return;
    const { meetingId } = parsed.data.source;
    await lockMeeting(db, meetingId);
    await db.query(
      `INSERT INTO document.meeting_proposals (meeting_id, proposal_id, region_code) VALUES ($1, $2, $3)
       ON CONFLICT DO NOTHING`,
      [meetingId, parsed.data.proposalId, parsed.data.regionCode],
    );
    const { rows } = await db.query<{ document_id: string; kind: string }>(
      'SELECT document_id, kind FROM document.meeting_documents WHERE meeting_id = $1 AND region_code = $2',
      [meetingId, parsed.data.regionCode],
    );
    for (const row of rows) await link(deps, event, row.document_id, row.kind, parsed.data.proposalId);
    return;
  }
  if (event.type === 'MeetingDocumentAttached') {
    const parsed = MeetingEventSchemas.MeetingDocumentAttached.data.safeParse(event.data);
    if (!parsed.success) return;
    const { meetingId, documentId, kind, regionCode } = parsed.data;
    await lockMeeting(db, meetingId);
    await db.query(
      `INSERT INTO document.meeting_documents (meeting_id, document_id, region_code, kind) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING`,
      [meetingId, documentId, regionCode, kind],
    );
    const { rows } = await db.query<{ proposal_id: string }>(
      'SELECT proposal_id FROM document.meeting_proposals WHERE meeting_id = $1 AND region_code = $2',
      [meetingId, regionCode],
    );
    for (const row of rows) await link(deps, event, documentId, kind, row.proposal_id);
  }
}

async function lockMeeting(db: Queryable, meetingId: string): Promise<void> {
  await db.query("SELECT pg_advisory_xact_lock(hashtext('document.meeting:' || $1))", [meetingId]);
}

/** Links one document to one proposal, if the document is accepted, of the meeting's kind and village. */
async function link(
  deps: MeetingLinkDeps,
  cause: RecordedEvent,
  documentId: string,
  kind: string,
  proposalId: string,
): Promise<void> {
  const metadata: EventMetadata = reactionMetadata(cause, deps.now());
  await handleCommand(deps.store, documentId, (state) => {
    // A document id that names nothing accepted, another kind or another village is not linked.
    if (state.status !== 'uploaded' || state.kind !== kind) return { events: [], result: undefined };
    const decision = decideLink({ proposalId, linkedBy: cause.metadata.actor.userId }, state);
    if (!decision.ok) return { events: [], result: undefined };
    return {
      events: decision.events
        .filter((linked) => linked.regionCode === cause.data['regionCode'])
        .map((linked) =>
          documentEvent(
            'DocumentLinked',
            linked,
            metadata,
            deterministicId(cause.eventId, `meeting-link:${documentId}:${proposalId}`),
          ),
        ),
      result: undefined,
    };
  });
}
