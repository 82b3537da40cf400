/**
 * Texts of withdrawing evidence, of the lists that name families and villages, and of the
 * people and services that act (kept apart from id.ts/en.ts so each concern stays findable).
 * Spread into both catalogues; the catalogue test checks that both languages have every key.
 */
export const evidenceAndListsId = {
  'evidence.remove': 'Hapus bukti',
  'evidence.removeConfirm': 'Hapus {kind} dari usulan ini? Berkas tetap tercatat di jejak audit.',
  'evidence.removeReason': 'Alasan penghapusan',
  'evidence.removeYes': 'Ya, hapus',
  'evidence.removeReasonRequired': 'Tuliskan alasan penghapusan.',
  'evidence.removed': 'Bukti dihapus dari usulan.',
  'evidence.status.active': 'Berlaku',
  'evidence.status.rejected': 'Ditolak',
  'list.headName': 'Kepala keluarga',
  'list.village': 'Desa/kelurahan',
  'list.noName': '(nama tidak tersedia)',
  'service.public': 'formulir pengaduan publik',
  'service.unknown': 'layanan lain',
  'approvals.verifiedBy': 'Diverifikasi oleh {name}',
} as const;

export const evidenceAndListsEn: Readonly<Record<keyof typeof evidenceAndListsId, string>> = {
  'evidence.remove': 'Remove evidence',
  'evidence.removeConfirm': 'Remove {kind} from this proposal? The file stays in the audit trail.',
  'evidence.removeReason': 'Reason for removal',
  'evidence.removeYes': 'Yes, remove',
  'evidence.removeReasonRequired': 'Give the reason for removing it.',
  'evidence.removed': 'Evidence removed from the proposal.',
  'evidence.status.active': 'In force',
  'evidence.status.rejected': 'Refused',
  'list.headName': 'Head of household',
  'list.village': 'Village',
  'list.noName': '(name not available)',
  'service.public': 'public complaint form',
  'service.unknown': 'another service',
  'approvals.verifiedBy': 'Verified by {name}',
};
