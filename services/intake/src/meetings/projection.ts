import { MeetingEventSchemas, type RecordedEvent } from '@siks/contracts';
import type { PoolClient } from '@siks/pg';

/** Checkpoint of the read model `intake.meetings`. */
export const MEETINGS_SUBSCRIPTION = 'intake.meetings';

/**
 * Keeps `intake.meetings` (the list of a village's meetings) from the `meeting-` streams, in the
 * subscription's transaction with its checkpoint; rebuildable from the log. A single meeting is
 * read from its stream (meeting.ts), so only the list waits for this.
 */
export async function projectMeetingEvents(events: readonly RecordedEvent[], client: PoolClient): Promise<void> {
  for (const event of events) {
    if (event.type === 'MeetingRecorded') {
      const data = MeetingEventSchemas.MeetingRecorded.data.parse(event.data);
      await client.query(
        `INSERT INTO intake.meetings (meeting_id, region_code, kind, date, number, place, attendee_count,
           recorded_by, recorded_at, documents)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0) ON CONFLICT (meeting_id) DO NOTHING`,
        [
          data.meetingId,
          data.regionCode,
          data.kind,
          data.date,
          data.number,
          data.place,
          data.attendeeCount,
          event.metadata.actor.userId,
          event.metadata.occurredAt,
        ],
      );
    } else if (event.type === 'MeetingDocumentAttached') {
      const data = MeetingEventSchemas.MeetingDocumentAttached.data.parse(event.data);
      await client.query('UPDATE intake.meetings SET documents = documents + 1 WHERE meeting_id = $1', [
        data.meetingId,
      ]);
    }
  }
}
