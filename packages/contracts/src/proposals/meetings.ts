import { z } from 'zod';
import { CalendarDate, Uuid, VillageCode } from './fields.ts';

/**
 * The Meeting aggregate of intake (stream `meeting-<meetingId>`, topic `intake.proposals.v1`):
 * a village meeting (*musyawarah desa*, in a kelurahan *musyawarah kelurahan*) that agreed a
 * list of proposals (DOMAIN.md "Village meetings"). Its minutes (`berita_acara`) and attendance
 * list (`daftar_hadir`) are documents of the document service, attached here by id; the document
 * service then links them to every proposal of the meeting's imported list.
 * Nothing here is personal data: the place is a public building, the number a letter number.
 */
export const MeetingKind = z.enum(['musdes', 'muskel']);
export type MeetingKind = z.infer<typeof MeetingKind>;

/** Which documents a meeting holds. */
export const MeetingDocumentKind = z.enum(['berita_acara', 'daftar_hadir']);
export type MeetingDocumentKind = z.infer<typeof MeetingDocumentKind>;

/** `POST /v1/intake/meetings`. */
export const MeetingBody = z
  .object({
    kind: MeetingKind,
    /** The day it was held (`YYYY-MM-DD`). */
    date: CalendarDate,
    /** The number of its minutes, as written on them. */
    number: z.string().trim().min(1).max(100),
    place: z.string().trim().min(1).max(200),
    attendeeCount: z.number().int().min(1).max(100_000),
  })
  .strict();
export type MeetingBody = z.infer<typeof MeetingBody>;

/** `POST /v1/intake/meetings/:id/documents`: a document already uploaded to the document service. */
export const MeetingDocumentBody = z.object({ documentId: Uuid, kind: MeetingDocumentKind }).strict();

export const MeetingRecordedData = MeetingBody.extend({ meetingId: Uuid, regionCode: VillageCode }).strict();
export type MeetingRecordedData = z.infer<typeof MeetingRecordedData>;

export const MeetingDocumentAttachedData = z
  .object({ meetingId: Uuid, regionCode: VillageCode, documentId: Uuid, kind: MeetingDocumentKind })
  .strict();
export type MeetingDocumentAttachedData = z.infer<typeof MeetingDocumentAttachedData>;

export const MeetingEventSchemas = {
  MeetingRecorded: { schemaVersion: 1, data: MeetingRecordedData },
  MeetingDocumentAttached: { schemaVersion: 1, data: MeetingDocumentAttachedData },
} as const;
export type MeetingEventType = keyof typeof MeetingEventSchemas;

export function isMeetingEventType(type: string): type is MeetingEventType {
  return Object.hasOwn(MeetingEventSchemas, type);
}
