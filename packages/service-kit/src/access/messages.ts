import type { ProblemMessage } from '../errors/messages.ts';

/** The answer of a list once a reader's daily budget of personal rows is spent (429). */
export const accessProblems: Readonly<Record<string, ProblemMessage>> = {
  personal_read_budget_exhausted: {
    title: { id: 'Batas baca data pribadi harian tercapai', en: 'Daily personal-data read limit reached' },
    detail: {
      id: 'Anda sudah melihat {limit} baris nama atau NIK hari ini di layanan ini. Coba lagi besok (UTC) atau persempit pencarian; hubungi admin bila perlu lebih.',
      en: 'You have been shown {limit} rows of names or NIKs today at this service. Try again tomorrow (UTC) or narrow the search; ask an admin if you need more.',
    },
  },
};
