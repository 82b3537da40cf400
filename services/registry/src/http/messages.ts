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
};
