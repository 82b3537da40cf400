/** Texts of the field-error codes of the citizens' forms (complaints, status check); see messages.ts. */
export const complaintFieldMessages = {
  'photo.too_large': { id: 'Foto terlalu besar (maksimal 1 MB).', en: 'The photo is too large (at most 1 MB).' },
  'photo.encoding': { id: 'Foto tidak terbaca.', en: 'The photo cannot be read.' },
  'photo.type_mismatch': {
    id: 'Berkas bukan foto JPEG atau PNG.',
    en: 'The file is not a JPEG or PNG photo.',
  },
  'answer.too_short': { id: 'Jawaban minimal 10 karakter.', en: 'An answer needs at least 10 characters.' },
  'complaint.household_usul_only': {
    id: 'Data rumah tangga hanya diisi untuk usul.',
    en: 'Household data is given with an usul only.',
  },
  'name.required': { id: 'Nama sesuai KTP wajib diisi.', en: 'The name as on the KTP is required.' },
} as const;
