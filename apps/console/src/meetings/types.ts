/** A village meeting as `GET /v1/intake/meetings/:id` answers. */
export interface MeetingView {
  meetingId: string;
  regionCode: string;
  kind: 'musdes' | 'muskel';
  date: string;
  number: string;
  place: string;
  attendeeCount: number;
  recordedBy: { userId: string; role: string };
  recordedAt: string;
  documents: { documentId: string; kind: 'berita_acara' | 'daftar_hadir'; attachedAt: string }[];
  proposals: {
    proposalId: string;
    status: string;
    proposalType: string;
    rows: number[];
    amendedAfterMeeting: boolean;
  }[];
}

/** A row of `GET /v1/intake/meetings`. */
export interface MeetingListItem {
  meetingId: string;
  regionCode: string;
  kind: string;
  date: string;
  number: string;
  place: string;
  attendeeCount: number;
  documents: number;
  proposals: number;
}

/** Rows of a file as a person reads them: "2", "2–4" for a household over several rows. */
export function rowsText(rows: readonly number[]): string {
  if (rows.length === 0) return '—';
  const first = rows[0];
  const last = rows.at(-1);
  return first === last ? String(first) : `${first}–${last}`;
}
