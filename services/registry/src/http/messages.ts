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
    cutoff_not_ready: {
      title: { id: 'Penetapan sedang disiapkan', en: 'Cut-off not ready yet' },
      detail: { id: 'Coba lagi sebentar lagi.', en: 'Try again in a moment.' },
    },
  },
  fields: {
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
