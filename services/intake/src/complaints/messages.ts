import type { ProblemMessage } from '@siks/service-kit';

/** Refusals of the complaint lifecycle (lifecycle.ts), in the catalogue's form. */
export const complaintProblems: Record<string, ProblemMessage> = {
  'complaint.not_triageable': {
    title: { id: 'Pengaduan sudah ditelaah', en: 'Complaint already triaged' },
    detail: { id: 'Pengaduan ini sudah ditelaah sebelumnya.', en: 'This complaint was triaged before.' },
  },
  'complaint.not_answerable': {
    title: { id: 'Belum dapat dijawab', en: 'Not answerable yet' },
    detail: {
      id: 'Pengaduan dijawab setelah ditelaah, dan hanya sekali.',
      en: 'A complaint is answered after triage, and once.',
    },
  },
  'complaint.not_closable': {
    title: { id: 'Belum dapat ditutup', en: 'Not closable yet' },
    detail: { id: 'Pengaduan ditutup setelah dijawab.', en: 'A complaint is closed after its answer.' },
  },
  'complaint.link_required': {
    title: { id: 'Tautan wajib', en: 'Link required' },
    detail: {
      id: 'Pengaduan yang berdasar ditautkan ke rumah tangga atau usulan.',
      en: 'A founded complaint is linked to a household or a proposal.',
    },
  },
  'complaint.data_forgotten': {
    title: { id: 'Data pengaduan telah dihapus', en: 'Complaint data erased' },
    detail: {
      id: 'Orang yang diadukan telah dihapus dari sistem atas permintaannya; pengaduan ini tidak dapat dijawab lagi.',
      en: 'The person it concerns was erased at their request; this complaint can no longer be answered.',
    },
  },
};
