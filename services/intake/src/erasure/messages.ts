import type { LocalizedText } from '@siks/contracts';

/** Field texts of the erasure request (`POST /v1/intake/persons/forget`). */
export const erasureFieldMessages: Record<string, LocalizedText> = {
  'erasure.reason_short': {
    id: 'Alasan wajib diisi (paling sedikit 10 karakter), misalnya dasar permintaan penghapusan.',
    en: 'A reason is required (at least 10 characters), e.g. the basis of the erasure request.',
  },
  'erasure.reason_long': { id: 'Alasan paling banyak 500 karakter.', en: 'The reason has at most 500 characters.' },
  'erasure.reason_personal': {
    id: 'Alasan tidak boleh memuat NIK atau nomor KK.',
    en: 'The reason must not contain a NIK or KK number.',
  },
};
