import type { LocalizedText } from '@siks/contracts';
import type { ProblemMessage } from '@siks/service-kit';

/** Problems of the meeting routes. */
export const meetingProblems: Record<string, ProblemMessage> = {
  meeting_document_kind_conflict: {
    title: { id: 'Dokumen sudah dilampirkan', en: 'Document already attached' },
    detail: {
      id: 'Dokumen ini sudah dilampirkan pada musyawarah ini sebagai jenis lain.',
      en: 'This document is already attached to this meeting as another kind.',
    },
  },
};

/** Field codes of meetings (an import naming its meeting). */
export const meetingFields: Record<string, LocalizedText> = {
  'meeting.unknown': {
    id: 'Musyawarah ini tidak ditemukan di wilayah Anda.',
    en: 'This meeting was not found in your region.',
  },
  'meeting.musdes_only': {
    id: 'Hanya daftar hasil musyawarah (musdes) yang dapat dikaitkan dengan musyawarah.',
    en: 'Only a meeting list (musdes) can belong to a meeting.',
  },
};
