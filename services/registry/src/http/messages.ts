import type { MessageCatalogue } from '@siks/service-kit';

/** The registry's own problem messages. */
export const registryMessages: Partial<MessageCatalogue> = {
  problems: {
    cutoff_exists: {
      title: { id: 'Penetapan sudah ada', en: 'Cut-off already fixed' },
      detail: {
        id: 'Penetapan kabupaten/kota ini untuk periode tersebut sudah dibuat.',
        en: 'The cut-off of this regency for that period has already been fixed.',
      },
    },
    cutoff_wrong_stage: {
      title: { id: 'Langkah tidak sesuai tahap penetapan', en: 'Step does not fit the cut-off’s stage' },
      detail: {
        id: 'Penetapan ini berada pada tahap lain ({stage}); muat ulang dan lihat tahapnya.',
        en: 'This cut-off is at another stage ({stage}); reload to see where it stands.',
      },
    },
    cutoff_changed: {
      title: { id: 'Penetapan baru saja diubah', en: 'Cut-off changed meanwhile' },
      detail: {
        id: 'Orang lain mengubahnya; muat ulang lalu coba lagi.',
        en: 'Someone else changed it; reload and try again.',
      },
    },
    export_signing_unconfigured: {
      title: { id: 'Kunci tanda tangan ekspor belum diatur', en: 'Export signing key not configured' },
      detail: {
        id: 'Ekspor tidak dapat ditandatangani: atur EXPORT_SIGNING_KEY pada layanan registry.',
        en: 'The export cannot be signed: set EXPORT_SIGNING_KEY on the registry service.',
      },
    },
    cutoff_not_ready: {
      title: { id: 'Penetapan sedang disiapkan', en: 'Cut-off not ready yet' },
      detail: { id: 'Coba lagi sebentar lagi.', en: 'Try again in a moment.' },
    },
  },
  fields: {
    'answers.not_csv': {
      id: 'Berkas jawaban bukan CSV yang dapat dibaca.',
      en: 'The answer file is not readable CSV.',
    },
    'answers.header': {
      id: 'Baris judul harus persis: {expected}.',
      en: 'The header row must be exactly: {expected}.',
    },
    'answers.too_many': { id: 'Paling banyak {max} baris per berkas.', en: 'At most {max} rows per file.' },
    'answers.row': {
      id: 'Nilai kolom ini tidak sesuai tata letak (lihat dokumentasi ekspor).',
      en: 'This column’s value does not fit the layout (see the export documentation).',
    },
    'answers.not_in_cutoff': {
      id: 'Keluarga ini tidak termasuk dalam penetapan.',
      en: 'This household is not in the cut-off.',
    },
    'period.unfinished': {
      id: 'Bulan {current} belum selesai; pilih bulan yang sudah lewat atau konfirmasi penetapan lebih awal.',
      en: 'The month {current} is not over; choose a past month or confirm an early cut-off.',
    },
    'period.future': {
      id: 'Periode ini belum dimulai (bulan berjalan: {current}).',
      en: 'This period has not started (current month: {current}).',
    },
    'period.format': {
      id: 'Tulis periode sebagai TTTT-BB, mis. 2026-11.',
      en: 'Write the period as YYYY-MM, e.g. 2026-11.',
    },
  },
};
