import type { Lang } from './i18n.ts';

/**
 * Event types as a person reads them in a timeline. The API keeps the type names; a page shows
 * these words. An unknown type (a newer service) reads as "Perubahan lain"/"Other change", never
 * as a camelCase code.
 */
const TITLES: Readonly<Record<string, Readonly<Record<Lang, string>>>> = {
  ProposalDrafted: { id: 'Usulan dibuat', en: 'Proposal created' },
  ProposalAmended: { id: 'Usulan diubah', en: 'Proposal amended' },
  ProposalSubmitted: { id: 'Usulan diajukan', en: 'Proposal submitted' },
  ProposalSubmissionDeferred: { id: 'Menunggu jendela pengusulan', en: 'Waiting for the proposal window' },
  ProposalResubmitted: { id: 'Usulan diajukan ulang', en: 'Proposal resubmitted' },
  ProposalReturned: { id: 'Dikembalikan ke desa', en: 'Returned to the village' },
  ProposalVerified: { id: 'Usulan terverifikasi', en: 'Proposal verified' },
  ProposalRejected: { id: 'Usulan ditolak', en: 'Proposal rejected' },
  ProposalApproved: { id: 'Usulan disahkan', en: 'Proposal approved' },
  ProposalWithdrawn: { id: 'Usulan ditarik', en: 'Proposal withdrawn' },
  CaseOpened: { id: 'Kasus verifikasi dibuka', en: 'Verification case opened' },
  ChecksCompleted: { id: 'Pemeriksaan otomatis selesai', en: 'Automated checks done' },
  CaseVerified: { id: 'Diverifikasi', en: 'Verified' },
  CaseReturned: { id: 'Dikembalikan ke desa', en: 'Returned to the village' },
  CaseRejected: { id: 'Ditolak', en: 'Rejected' },
  CaseApproved: { id: 'Disahkan', en: 'Approved' },
  CaseWithdrawn: { id: 'Kasus ditutup (usulan ditarik)', en: 'Case closed (proposal withdrawn)' },
  FieldValidationOrdered: { id: 'Validasi lapangan diperintahkan', en: 'Field validation ordered' },
  FieldValidationRecorded: { id: 'Hasil validasi lapangan dicatat', en: 'Field validation recorded' },
  DocumentUploaded: { id: 'Bukti diunggah', en: 'Evidence uploaded' },
  MeetingRecorded: { id: 'Musyawarah dicatat', en: 'Village meeting recorded' },
  MeetingDocumentAttached: { id: 'Dokumen musyawarah dilampirkan', en: 'Meeting document attached' },
  DocumentLinked: { id: 'Bukti ditautkan', en: 'Evidence linked' },
  DocumentUnlinked: { id: 'Bukti dihapus dari usulan', en: 'Evidence removed from the proposal' },
  DocumentRejected: { id: 'Bukti ditolak', en: 'Evidence refused' },
  DocumentDuplicateFound: { id: 'Foto yang sama ditemukan', en: 'Same photo found' },
  HouseholdRegistered: { id: 'Keluarga didaftarkan', en: 'Household registered' },
  HouseholdUpdated: { id: 'Data keluarga diperbarui', en: 'Household updated' },
  MemberAdded: { id: 'Anggota ditambahkan', en: 'Member added' },
  MemberRemoved: { id: 'Anggota dikeluarkan', en: 'Member removed' },
  HouseholdDeactivated: { id: 'Keluarga dinonaktifkan', en: 'Household deactivated' },
  HouseholdReactivated: { id: 'Keluarga diaktifkan kembali', en: 'Household reactivated' },
  HouseholdSplit: { id: 'Keluarga dipecah (pecah KK)', en: 'Household split' },
  HouseholdViewed: { id: 'Data keluarga dibuka', en: 'Household data opened' },
  NikLookedUp: { id: 'Pencarian NIK', en: 'NIK looked up' },
  CutoffFixed: { id: 'Data bulanan dikunci (cut-off)', en: 'Monthly cut-off fixed' },
  CutoffSubmittedToProvince: { id: 'Penetapan dikirim ke provinsi', en: 'Cut-off sent to the province' },
  CutoffReviewedByProvince: { id: 'Penetapan ditinjau provinsi', en: 'Cut-off reviewed by the province' },
  CutoffExported: { id: 'Penetapan diekspor untuk kementerian', en: 'Cut-off exported for the ministry' },
  CutoffRowAnswered: { id: 'Jawaban kementerian dicatat', en: 'Ministry’s answer recorded' },
  CaseReopened: { id: 'Dibuka kembali (dikembalikan kementerian)', en: 'Reopened (returned by the ministry)' },
  ComplaintReceived: { id: 'Pengaduan diterima', en: 'Complaint received' },
  PublicStatusChecked: { id: 'Status dicek warga', en: 'Status checked by a citizen' },
  PopulationReferenceRecorded: { id: 'Data pembanding Dukcapil dicatat', en: 'Population reference recorded' },
};

const OTHER: Readonly<Record<Lang, string>> = { id: 'Perubahan lain', en: 'Other change' };

/** The words for an event type (`ProposalDrafted` → "Usulan dibuat"). */
export function eventTitle(type: string, lang: Lang): string {
  return TITLES[type]?.[lang] ?? OTHER[lang];
}

/** Whether a type has words of its own (a test keeps every type the services append covered). */
export const hasEventTitle = (type: string): boolean => type in TITLES;
