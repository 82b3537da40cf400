import type { Lang } from './i18n.ts';

/**
 * Words for the reason codes services write themselves (contracts `REASON_CODES`: refused
 * evidence, registry deactivation and removal reasons, the services' own). A reason that is no
 * code is a person's own text and is shown as written.
 */
const WORDS: Readonly<Record<string, Readonly<Record<Lang, string>>>> = {
  file_too_large: { id: 'Berkas terlalu besar', en: 'File too large' },
  file_empty: { id: 'Berkas kosong', en: 'Empty file' },
  unsupported_file_type: {
    id: 'Jenis berkas tidak didukung (hanya JPEG, PNG, PDF)',
    en: 'File type not supported (JPEG, PNG or PDF only)',
  },
  file_type_mismatch: {
    id: 'Isi berkas tidak sesuai dengan jenisnya',
    en: 'The file’s content does not match its type',
  },
  unreadable: { id: 'Berkas tidak dapat dibaca', en: 'The file cannot be read' },
  meninggal: { id: 'Meninggal dunia', en: 'Deceased' },
  pindah: { id: 'Pindah domisili', en: 'Moved away' },
  mampu: { id: 'Sudah mampu', en: 'No longer in need' },
  menolak: { id: 'Menolak bantuan', en: 'Declined assistance' },
  bantuan_ganda: { id: 'Menerima bantuan ganda', en: 'Receives assistance twice' },
  duplikat: { id: 'Data ganda', en: 'Duplicate record' },
  menikah: { id: 'Menikah (pindah KK)', en: 'Married (moved to another KK)' },
  lainnya: { id: 'Alasan lain', en: 'Other reason' },
  withdrawn: { id: 'Usulan ditarik oleh desa', en: 'Proposal withdrawn by the village' },
};

/** Whether a reason code has words in both languages (the catalogue test checks every emitted code). */
export const hasReasonWords = (code: string): boolean =>
  Object.hasOwn(WORDS, code) && WORDS[code]?.id !== undefined && WORDS[code]?.en !== undefined;

/** The words of a reason: a known code's text, else the reason as a person wrote it. */
export function reasonText(reason: string, lang: Lang): string {
  return Object.hasOwn(WORDS, reason) ? (WORDS[reason]?.[lang] ?? reason) : reason;
}
