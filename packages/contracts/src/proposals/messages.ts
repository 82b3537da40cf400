import { complaintFieldMessages } from './complaint-messages.ts';

/**
 * Texts of field-error codes, Bahasa Indonesia first, English on request. Texts name the
 * rule, never the value. Generic codes use the same names as `@siks/service-kit`'s catalogue
 * (`required`, `too_big_string`, `unrecognized_keys`, …) so the two merge; `{name}`
 * placeholders are filled from an issue's params.
 */
export interface LocalizedText {
  id: string;
  en: string;
}

export type MessageLanguage = 'id' | 'en';

export const proposalFieldMessages = {
  ...complaintFieldMessages,
  // generic (zod) codes
  required: { id: 'wajib diisi', en: 'is required' },
  invalid_type: { id: 'harus bertipe {expected}', en: 'must be of type {expected}' },
  too_small: { id: 'minimal {minimum}', en: 'must be at least {minimum}' },
  too_small_string: { id: 'minimal {minimum} karakter', en: 'must have at least {minimum} characters' },
  too_small_array: { id: 'minimal {minimum} item', en: 'must have at least {minimum} items' },
  too_big: { id: 'maksimal {maximum}', en: 'must be at most {maximum}' },
  too_big_string: { id: 'maksimal {maximum} karakter', en: 'must have at most {maximum} characters' },
  too_big_array: { id: 'maksimal {maximum} item', en: 'must have at most {maximum} items' },
  invalid_format: { id: 'format tidak valid ({format})', en: 'has an invalid format ({format})' },
  invalid_value: { id: 'harus salah satu dari: {values}', en: 'must be one of: {values}' },
  unrecognized_keys: { id: 'isian tidak dikenal: {keys}', en: 'unknown fields: {keys}' },
  not_multiple_of: { id: 'harus kelipatan {divisor}', en: 'must be a multiple of {divisor}' },
  invalid_union: { id: 'tidak cocok dengan bentuk yang diizinkan', en: 'matches none of the allowed shapes' },
  invalid_discriminator: {
    id: 'nilai {discriminator} tidak dikenal',
    en: 'unknown {discriminator} value',
  },
  invalid: { id: 'tidak valid', en: 'is invalid' },
  // identity numbers (same texts as @siks/wilayah)
  'nik.length': { id: 'NIK harus terdiri dari 16 digit.', en: 'A NIK must have 16 digits.' },
  'nik.characters': { id: 'NIK hanya boleh berisi angka.', en: 'A NIK may contain digits only.' },
  'kk.length': { id: 'Nomor KK harus terdiri dari 16 digit.', en: 'A KK number must have 16 digits.' },
  'kk.characters': { id: 'Nomor KK hanya boleh berisi angka.', en: 'A KK number may contain digits only.' },
  // formats
  'region.village_format': {
    id: 'Kode desa/kelurahan harus berbentuk PP.KK.CC.DDDD.',
    en: 'A village code must look like PP.KK.CC.DDDD.',
  },
  'date.invalid': { id: 'Tanggal tidak valid (YYYY-MM-DD).', en: 'Not a valid date (YYYY-MM-DD).' },
  'datetime.invalid': {
    id: 'Waktu tidak valid (ISO 8601 dengan zona waktu).',
    en: 'Not a valid time (ISO 8601 with offset).',
  },
  'name.characters': {
    id: 'Nama hanya boleh berisi huruf, spasi, titik, koma, apostrof dan tanda hubung.',
    en: 'A name may contain letters, spaces, dots, commas, apostrophes and hyphens only.',
  },
  'reason.required': { id: 'Alasan wajib diisi.', en: 'A reason is required.' },
  'resolution.reason_too_short': {
    id: 'Alasan penyelesaian duplikat minimal 10 karakter.',
    en: 'The resolution reason needs at least 10 characters.',
  },
  'address.rt_rw_format': { id: 'RT/RW berupa angka 1–3 digit.', en: 'RT/RW is a 1–3 digit number.' },
  'phone.format': { id: 'Nomor telepon 8–15 digit.', en: 'A phone number has 8–15 digits.' },
  'client_id.format': {
    id: 'ID klien: huruf, angka dan _ . : - (maks. 100).',
    en: 'Client id: letters, digits and _ . : - (max. 100).',
  },
  'location.outside_indonesia': {
    id: 'Koordinat berada di luar wilayah Indonesia.',
    en: 'The coordinates lie outside Indonesia.',
  },
  'programmes.duplicate': { id: 'Program tidak boleh disebut dua kali.', en: 'A programme is listed twice.' },
  'update.household_or_corrections': {
    id: 'Isi salah satu: data keluarga atau koreksi NIK.',
    en: 'Give either the household data or NIK corrections.',
  },
  'deactivate.target_required': {
    id: 'Sebutkan keluarga (ID keluarga, NIK orang atau nomor KK).',
    en: 'Name the household (household id, a person’s NIK or the KK number).',
  },
  'patch.path_format': { id: 'Jalur isian tidak valid.', en: 'Invalid field path.' },
  'patch.empty': { id: 'Tidak ada isian yang diubah.', en: 'No field to change.' },
  'patch.too_many': { id: 'Terlalu banyak isian dalam satu perubahan.', en: 'Too many fields in one change.' },
  'patch.not_found': {
    id: 'Isian ini tidak ada pada usulan.',
    en: 'This field does not exist on the proposal.',
  },
  'patch.immutable': { id: 'Isian ini tidak dapat diubah.', en: 'This field cannot be changed.' },
  // domain rules (checked after parsing)
  'region.village_unknown': {
    id: 'Kode desa/kelurahan tidak terdaftar.',
    en: 'The village code does not exist.',
  },
  'region.mismatch': {
    id: 'Kode desa/kelurahan tidak sama dengan wilayah usulan.',
    en: 'The village code differs from the proposal’s region.',
  },
  'household.head_missing': {
    id: 'Keluarga harus mempunyai satu kepala keluarga.',
    en: 'A household must have one head (kepala_keluarga).',
  },
  'household.head_multiple': {
    id: 'Keluarga hanya boleh mempunyai satu kepala keluarga.',
    en: 'A household may have only one head (kepala_keluarga).',
  },
  'household.nik_duplicate': {
    id: 'NIK ini sudah dipakai anggota lain dalam keluarga yang sama.',
    en: 'This NIK is already used by another member of the household.',
  },
  'date.future': { id: 'Tanggal tidak boleh di masa depan.', en: 'The date cannot be in the future.' },
  'date.too_old': { id: 'Tanggal terlalu lampau (sebelum 1900).', en: 'The date is too early (before 1900).' },
  'update.nik_unchanged': { id: 'NIK baru sama dengan NIK lama.', en: 'The new NIK equals the old one.' },
  'batch.client_id_repeated': {
    id: 'ID klien ini sudah dipakai rekaman lain dalam kiriman yang sama.',
    en: 'This client id is used by another record of the same batch.',
  },
} as const satisfies Record<string, LocalizedText>;

export type ProposalFieldCode = keyof typeof proposalFieldMessages;

export function isProposalFieldCode(code: string): code is ProposalFieldCode {
  return Object.hasOwn(proposalFieldMessages, code);
}

/** Fills `{name}` placeholders; unknown ones stay. */
export function fillTemplate(text: string, params: Readonly<Record<string, string | number>> = {}): string {
  return text.replace(/\{(\w+)\}/g, (match, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : match,
  );
}
