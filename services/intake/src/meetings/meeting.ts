import {
  MeetingEventSchemas,
  isMeetingEventType,
  type MeetingDocumentKind,
  type MeetingKind,
  type RecordedEvent,
} from '@siks/contracts';
import type { EventStore } from '@siks/eventstore';

export const MEETING_STREAM_PREFIX = 'meeting-';
export const meetingStream = (meetingId: string): string => `${MEETING_STREAM_PREFIX}${meetingId}`;

/** A village meeting as its stream folds: what was recorded, by whom, and its documents. */
export interface Meeting {
  meetingId: string;
  regionCode: string;
  kind: MeetingKind;
  date: string;
  number: string;
  place: string;
  attendeeCount: number;
  recordedBy: { userId: string; role: string };
  recordedAt: string;
  documents: { documentId: string; kind: MeetingDocumentKind; attachedAt: string; attachedBy: string }[];
  /** Stream revision of the last event (0-based). */
  revision: number;
}

/** Folds a meeting's events (undefined: no meeting). Unknown event types are skipped, not fatal. */
export function foldMeeting(events: readonly RecordedEvent[]): Meeting | undefined {
  let meeting: Meeting | undefined;
  for (const event of events) {
    if (!isMeetingEventType(event.type)) continue;
    if (event.type === 'MeetingRecorded') {
      const data = MeetingEventSchemas.MeetingRecorded.data.parse(event.data);
      meeting = {
        meetingId: data.meetingId,
        regionCode: data.regionCode,
        kind: data.kind,
        date: data.date,
        number: data.number,
        place: data.place,
        attendeeCount: data.attendeeCount,
        recordedBy: { userId: event.metadata.actor.userId, role: event.metadata.actor.role },
        recordedAt: event.metadata.occurredAt,
        documents: [],
        revision: event.revision,
      };
      continue;
    }
    if (!meeting) throw new Error(`meeting stream ${event.streamId}: ${event.type} before MeetingRecorded`);
    const data = MeetingEventSchemas.MeetingDocumentAttached.data.parse(event.data);
    meeting = {
      ...meeting,
      revision: event.revision,
      documents: [
        ...meeting.documents,
        {
          documentId: data.documentId,
          kind: data.kind,
          attachedAt: event.metadata.occurredAt,
          attachedBy: event.metadata.actor.userId,
        },
      ],
    };
  }
  return meeting;
}

export async function loadMeeting(store: EventStore, meetingId: string): Promise<Meeting | undefined> {
  return foldMeeting(await store.readStream(meetingStream(meetingId)));
}
