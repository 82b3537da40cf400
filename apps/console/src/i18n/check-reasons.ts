import type { Lang } from './i18n.ts';

/** Texts of the automated checks' reason codes (contracts verification/checks.ts). */
const REASONS: Readonly<Record<string, Readonly<Record<Lang, string>>>> = {
  not_applicable: { id: 'Tidak berlaku untuk jenis usulan ini', en: 'Not applicable to this proposal type' },
  valid: { id: 'NIK/KK valid dan konsisten', en: 'NIK/KK valid and consistent' },
  invalid: { id: 'NIK/KK tidak valid atau tidak konsisten', en: 'NIK/KK invalid or inconsistent' },
  unknown_district: { id: 'Kode kecamatan NIK tidak dikenal', en: 'Unknown district code in a NIK' },
  personal_data_unavailable: { id: 'Data pribadi telah dihapus', en: 'Personal data was erased' },
  target_not_found: {
    id: 'Orang/KK yang dimaksud tidak ditemukan di keluarga aktif desa ini',
    en: 'The person or KK named is in no active household of this village',
  },
  'nik.duplicate_in_proposal': { id: 'NIK muncul dua kali dalam usulan', en: 'The same NIK twice in the proposal' },
  head_count: { id: 'Harus ada tepat satu kepala keluarga', en: 'There must be exactly one head of household' },
  match: { id: 'Cocok dengan data Dukcapil', en: 'Matches the population registry' },
  name_mismatch: { id: 'Nama tidak cocok dengan Dukcapil', en: 'Name differs from the population registry' },
  birth_date_mismatch: { id: 'Tanggal lahir tidak cocok dengan Dukcapil', en: 'Birth date differs from the registry' },
  recorded_deceased: { id: 'Tercatat meninggal di Dukcapil', en: 'Recorded as deceased' },
  nik_replaced: { id: 'NIK sudah diganti di Dukcapil', en: 'NIK replaced in the registry' },
  recorded_moved: { id: 'Tercatat pindah di Dukcapil', en: 'Recorded as moved' },
  no_reference: { id: 'Belum ada data pembanding Dukcapil', en: 'No population-registry reference yet' },
  unique: { id: 'Tidak ada duplikat', en: 'No duplicate' },
  active_in_other_household: { id: 'Aktif di keluarga lain', en: 'Active in another household' },
  in_other_pending_proposal: { id: 'Ada di usulan lain yang sedang diproses', en: 'In another pending proposal' },
  complete: { id: 'Bukti dukung lengkap', en: 'Evidence complete' },
  incomplete: { id: 'Bukti dukung belum lengkap', en: 'Evidence incomplete' },
  ok: { id: 'Geotag sesuai', en: 'Geotag fine' },
  no_photo: { id: 'Tidak ada foto rumah', en: 'No house photo' },
  no_gps: { id: 'Foto tanpa GPS', en: 'Photo without GPS' },
  too_far: { id: 'Foto terlalu jauh dari lokasi rumah', en: 'Photo too far from the house' },
  too_old: { id: 'Foto terlalu lama', en: 'Photo too old' },
  no_household_location: { id: 'Lokasi rumah belum dicatat', en: 'No house location recorded' },
  no_capture_time: { id: 'Waktu pengambilan foto tidak diketahui', en: 'Capture time unknown' },
  captured_in_future: { id: 'Waktu foto di masa depan', en: 'Photo time lies in the future' },
  same_file_elsewhere: { id: 'Berkas foto yang sama dipakai keluarga lain', en: 'Same photo file used elsewhere' },
  same_image_elsewhere: { id: 'Foto serupa dipakai keluarga lain', en: 'Same picture used elsewhere' },
  none: { id: 'Tidak ada usulan lain yang bertabrakan', en: 'No conflicting proposal' },
  pending_on_same_household: {
    id: 'Usulan lain untuk keluarga yang sama',
    en: 'Another proposal on the same household',
  },
  pending_on_same_person: { id: 'Usulan lain untuk orang yang sama', en: 'Another proposal on the same person' },
  inside_window: { id: 'Di dalam jendela pengusulan', en: 'Inside the proposal window' },
  no_window: { id: 'Tidak ada jendela untuk jenis ini', en: 'No window for this type' },
  outside_window: { id: 'Di luar jendela pengusulan', en: 'Outside the proposal window' },
};

/** The text of a check reason code, or the code itself when it is new. */
export function checkReasonText(code: string, lang: Lang): string {
  return REASONS[code]?.[lang] ?? code;
}
